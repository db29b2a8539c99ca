"""Deciding what becomes of one proposal, from the workspace: its outcome, its public reason,
the commitments it led to. The coordination team's, validated by the rules, audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from commitments.models import Commitment
from commitments.permissions import ensure_coordinator
from commitments.upsert import UNCHANGED, RowUpsert
from toolkit.cache import data_version_bump_on_commit

from . import rules
from .importer import PROBLEMS
from .models import Proposal

FORM_FIELDS = {"motif": "reason", "engagements": "commitments"}


def proposal_decide(
    *,
    proposal: Proposal,
    outcome: str,
    reason: str,
    commitment_ids: list[int],
    actor,
    source: str = "form",
) -> bool:
    """Set the outcome of ``proposal``; True if anything changed. Raises ``ValidationError``
    (by form field) and changes nothing when the outcome is inconsistent or a commitment is
    not of the consultation's plan."""
    ensure_coordinator(actor)
    reason = (reason or "").strip()
    if outcome not in Proposal.Outcome.values:
        raise ValidationError({"outcome": _("Suite inconnue.")})
    commitments = list(
        Commitment.objects.filter(
            pk__in=commitment_ids, plan_id=proposal.consultation.plan_id
        ).order_by("number")
    )
    errors: dict[str, list[str]] = {}
    if len(commitments) != len(set(commitment_ids)):
        errors["commitments"] = [_("Choisissez des engagements du plan de la consultation.")]
    for column, code in rules.outcome_problems(
        outcome=outcome, reason=reason, commitment_count=len(commitments)
    ):
        errors.setdefault(FORM_FIELDS[column], []).append(PROBLEMS[code]())
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = RowUpsert.prepare(
            Proposal,
            {"pk": proposal.pk},
            {"outcome": outcome, "reason": reason},
            many={"commitments": commitments},
        )
        changed = row.save(source=source, actor=actor) != UNCHANGED
        if changed:
            data_version_bump_on_commit()
    return changed
