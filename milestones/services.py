"""Writes on milestones. Each service owns its transaction, checks who acts, validates with
errors in the user's language, writes one audit record, and enqueues the score recompute."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.audit import audit_record, diff_values, model_values
from commitments.events import data_changed
from commitments.permissions import check_actor, valid_http_url

from .models import Milestone


def milestone_set_status(
    *,
    milestone: Milestone,
    status: str,
    actor,
    source: str,
    completed_on: datetime.date | None = None,
    evidence_url: str = "",
    justification: str = "",
    due_date: datetime.date | None = None,
    actor_label: str = "",
    as_of: datetime.date | None = None,
) -> bool:
    """Change a milestone's status (and optionally move its due date). Returns True if anything
    changed. Completing needs a completion date (not in the future) and an evidence link;
    cancelling or moving the due date needs a justification; the original due date is kept."""
    today = as_of or timezone.localdate()
    check_actor(actor=actor, source=source, commitment=milestone.commitment)
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    evidence_url = (evidence_url or "").strip()
    justification = (justification or "").strip()
    if status not in Milestone.Status.values:
        error("status", _("État inconnu : « %(status)s ».") % {"status": status})
    if status == Milestone.Status.COMPLETED:
        if completed_on is None:
            error("completed_on", _("Indiquez la date de réalisation."))
        elif completed_on > today:
            error("completed_on", _("La date de réalisation ne peut pas être dans le futur."))
        if not evidence_url and not milestone.evidence_url:
            error("evidence_url", _("Un jalon réalisé doit avoir un lien vers sa preuve."))
    if evidence_url and not valid_http_url(evidence_url):
        error("evidence_url", _("Saisissez une adresse web valide (https://…)."))
    if status == Milestone.Status.CANCELLED and not justification:
        error("justification", _("Expliquez pourquoi le jalon est abandonné."))
    new_due = due_date or milestone.due_date
    if new_due != milestone.due_date:
        if not justification:
            error("justification", _("Expliquez pourquoi l'échéance change."))
        if milestone.start_date and new_due < milestone.start_date:
            error("due_date", _("L'échéance doit suivre la date de début."))
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        locked = (
            Milestone.objects.select_for_update()
            .select_related("commitment__plan")
            .get(pk=milestone.pk)
        )
        before = model_values(locked)
        locked.status = status
        locked.completed_on = completed_on if status == Milestone.Status.COMPLETED else None
        if evidence_url:
            locked.evidence_url = evidence_url
        locked.due_date = new_due
        if justification:
            locked.justification = justification
        elif locked.due_date != locked.original_due_date and not locked.justification:
            raise ValidationError({"justification": [_("Expliquez pourquoi l'échéance change.")]})
        changes = diff_values(before, model_values(locked))
        if not changes:
            return False
        locked.full_clean()
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
        data_changed(commitment_ids=[locked.commitment_id])
    milestone.refresh_from_db()
    return True
