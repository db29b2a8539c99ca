"""Write audit records. Every service that changes data calls ``audit_record`` once per change."""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Iterable
from typing import Any

from django.db import models

from .models import AuditRecord

# What the public sees of the audit trail (site history, feeds, ``changes`` API): personal data
# is kept out, and an author who is an e-mail address is shown by its domain only.
EMAIL_RE = re.compile(r"^[^@\s]+@([^@\s]+)$")
PRIVATE_CHANGE_FIELDS = frozenset(
    {"contact_email", "recorded_by", "actor", "email", "token_hash"}  # email: a question's asker
)
REDACTED = "[masqué]"


def public_actor(label: str) -> str:
    """Who made the change; an e-mail address is reduced to its domain (the administration)."""
    match = EMAIL_RE.match(label or "")
    return f"…@{match.group(1)}" if match else label


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def model_values(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``instance`` as JSON-friendly values (FKs by id)."""
    result: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key or field.name in {"created_at", "updated_at"}:
            continue
        if fields is not None and field.name not in fields:
            continue
        result[field.name] = _plain(getattr(instance, field.attname))
    return result


def diff_values(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def _commitment_of(instance: models.Model):
    from .models import Commitment

    if isinstance(instance, Commitment):
        return instance
    # a milestone or an indicator; a measurement (of an indicator), a revision (of a milestone)
    for part in (
        instance,
        getattr(instance, "indicator", None),
        getattr(instance, "milestone", None),
    ):
        commitment = getattr(part, "commitment", None) if part is not None else None
        if commitment is not None:
            return commitment
    return None


def audit_record(
    *,
    instance: models.Model,
    action: str,
    source: str,
    changes: dict[str, list[Any]] | None = None,
    actor=None,
    actor_label: str = "",
    justification: str = "",
) -> AuditRecord:
    commitment = _commitment_of(instance)
    plan = getattr(instance, "plan", None) if commitment is None else commitment.plan
    from .models import ActionPlan

    if isinstance(instance, ActionPlan):
        plan = instance
    return AuditRecord.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label or (actor.get_username() if actor is not None else ""),
        source=source,
        action=action,
        object_type=instance._meta.model_name or "",
        object_id=instance.pk,
        object_repr=str(instance)[:300],
        plan=plan,
        commitment=commitment,
        changes=changes or {},
        justification=justification,
    )
