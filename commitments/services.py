"""Writes on commitments made by administrations: implementation details (cost, contact)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .audit import audit_record, diff_values, model_values
from .events import data_changed
from .models import Commitment
from .permissions import check_actor

IMPLEMENTATION_FIELDS = (
    "cost_amount",
    "cost_staff_fte",
    "cost_funding_source",
    "no_additional_cost",
    "contact_name",
    "contact_role",
    "contact_email",
)


def commitment_update_implementation(
    *,
    commitment: Commitment,
    actor,
    source: str,
    justification: str = "",
    actor_label: str = "",
    **values,
) -> bool:
    """Change a commitment's cost, resources and responsible contact. Returns True if changed."""
    check_actor(actor=actor, source=source, commitment=commitment)
    unknown = set(values) - set(IMPLEMENTATION_FIELDS)
    if unknown:
        raise ValidationError(
            {name: [_("Ce champ ne peut pas être modifié ici.")] for name in sorted(unknown)}
        )
    with transaction.atomic():
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
        before = model_values(locked)
        for name, value in values.items():
            if isinstance(value, str):
                value = value.strip()
            setattr(locked, name, value)
        if locked.no_additional_cost and locked.cost_amount not in (None, Decimal(0)):
            raise ValidationError(
                {
                    "cost_amount": [
                        _(
                            "Un engagement « sans coût supplémentaire » ne peut pas avoir de montant."
                        )
                    ]
                }
            )
        if values.get("cost_amount") is not None or values.get("no_additional_cost"):
            locked.cost_is_illustrative = False
        locked.full_clean()
        changes = diff_values(before, model_values(locked))
        if not changes:
            return False
        locked.save()
        audit_record(
            instance=locked,
            action="update",
            source=source,
            changes=changes,
            actor=actor,
            actor_label=actor_label,
            justification=justification,
        )
        data_changed(commitment_ids=[locked.pk])
    commitment.refresh_from_db()
    return True
