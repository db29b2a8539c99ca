"""What a report reads from the database, as of its end date, in a fixed number of queries.

The figures are those of the method's pure rules as of the end date (``scores_compute``), never
today's stored scores; facts dated after the end date are left out."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from commitments import rules as method
from commitments.models import ActionPlan, AuditRecord, Commitment, VagueVerb
from milestones.models import Milestone, MilestoneRevision
from scoring.recompute import ComputedFigures, scores_compute

from . import rules


def plain(value: Any) -> Any:
    """JSON-friendly: decimals as strings (exact), dates in ISO 8601."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _as_audited(value: Any) -> Any:
    """A value written the way the audit trail writes it (decimals without trailing zeros)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


@dataclass
class ReportContext:
    """A plan, a period and the date the figures are computed on (the period's end), with the
    reads several sections share, made once."""

    plan: ActionPlan
    start: datetime.date
    end: datetime.date
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def as_of(self) -> datetime.date:
        return self.end

    @cached_property
    def commitments(self) -> list[Commitment]:
        return list(
            Commitment.objects.filter(plan=self.plan)
            .select_related("lead_administration")
            .order_by("number")
        )

    @cached_property
    def figures(self) -> dict[int, ComputedFigures]:
        ids = [c.pk for c in self.commitments]
        return {f.commitment_id: f for f in scores_compute(as_of=self.as_of, commitment_ids=ids)}

    @cached_property
    def milestones(self) -> dict[int, list[Milestone]]:
        grouped: dict[int, list[Milestone]] = defaultdict(list)
        for m in Milestone.objects.filter(commitment__plan=self.plan).order_by(
            "commitment_id", "original_due_date", "position", "id"
        ):
            grouped[m.commitment_id].append(m)
        return grouped

    @cached_property
    def revisions(self) -> list[MilestoneRevision]:
        """Every revision requested on or before the end date (with its milestone)."""
        return list(
            MilestoneRevision.objects.filter(
                milestone__commitment__plan=self.plan, requested_on__lte=self.as_of
            )
            .select_related("milestone")
            .order_by("requested_on", "id")
        )

    @cached_property
    def explanations(self) -> dict[int, list[tuple[datetime.date, str]]]:
        """Every delay explanation each milestone was given, (day given, text), from the audit
        trail (an explanation replaced later is kept there), oldest first; one query."""
        grouped: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
        rows = (
            AuditRecord.objects.filter(
                object_type="milestone",
                commitment__plan=self.plan,
                changes__has_key="delay_explanation",
            )
            .order_by("created_at", "id")
            .values_list("object_id", "created_at", "changes")
        )
        for milestone_id, created_at, changes in rows:
            text = (changes["delay_explanation"] or [None, None])[1]
            day = (changes.get("delay_explained_on") or [None, None])[1]
            if milestone_id is None or not isinstance(text, str) or not text.strip():
                continue
            given = datetime.date.fromisoformat(day) if day else created_at.date()
            grouped[milestone_id].append((given, text.strip()))
        return grouped

    @cached_property
    def cost_history(self) -> dict[int, list[tuple[datetime.date, dict]]]:
        grouped: dict[int, list[tuple[datetime.date, dict]]] = defaultdict(list)
        rows = (
            AuditRecord.objects.filter(object_type="commitment", commitment__plan=self.plan)
            .order_by("created_at", "id")
            .values_list("commitment_id", "created_at", "changes")
        )
        for commitment_id, created_at, changes in rows:
            if commitment_id is not None and any(n in (changes or {}) for n in rules.COST_FIELDS):
                grouped[commitment_id].append((created_at.date(), changes))
        return grouped


def _reference_on(milestone: Milestone, revisions: list[MilestoneRevision], as_of) -> Any:
    inputs = [
        method.RevisionInput(
            kind=r.kind,
            decided_on=r.decided_on,
            moves_reference=True,
            new_due_date=r.new_due_date,
            order=r.pk,
        )
        for r in revisions
        if r.status == MilestoneRevision.Status.APPROVED
        and r.timely
        and r.decided_on is not None
        and r.decided_on <= as_of
    ]
    return method.milestone_reference(
        original_due_date=milestone.original_due_date, revisions=inputs, as_of=as_of
    )


def late_milestones(ctx: ReportContext, commitment: Commitment) -> list[dict[str, Any]]:
    """The milestones late on the end date (the same rule as the score), with the public
    explanation of the delay in force on that date (the latest given by then, even if it was
    replaced since) and how many were given before it."""
    by_milestone: dict[int, list[MilestoneRevision]] = defaultdict(list)
    for r in ctx.revisions:
        by_milestone[r.milestone_id].append(r)
    result = []
    for m in ctx.milestones.get(commitment.pk, []):
        reference = _reference_on(m, by_milestone.get(m.pk, []), ctx.as_of)
        if not method.milestone_is_late(
            status=m.status, completed_on=m.completed_on, reference=reference, as_of=ctx.as_of
        ):
            continue
        given = rules.explanations_as_of(
            history=ctx.explanations.get(m.pk, []),
            current=(m.delay_explained_on, m.delay_explanation),
            as_of=ctx.as_of,
        )
        latest = given[-1] if given else None
        result.append(
            {
                "title": m.title,
                "reference_due_date": plain(reference.due_date),
                "days_late": (ctx.as_of - reference.due_date).days,
                "explanation": latest[1] if latest else "",
                "explained_on": plain(latest[0]) if latest else None,
                "earlier_explanations": max(len(given) - 1, 0),
            }
        )
    return result


def revisions_of(ctx: ReportContext, commitment: Commitment) -> list[dict[str, Any]]:
    """The revisions decided during the period: approved in time (they move the reference
    date), and retroactive ones (asked after the reference date: shown, never counted)."""
    rows = []
    for r in ctx.revisions:
        if r.milestone.commitment_id != commitment.pk:
            continue
        decided = r.decided_on is not None and ctx.start <= r.decided_on <= ctx.as_of
        if not decided:
            continue
        if r.status != MilestoneRevision.Status.APPROVED:
            continue
        rows.append(
            {
                "milestone": r.milestone.title,
                "kind": r.kind,
                "new_due_date": plain(r.new_due_date),
                "requested_on": plain(r.requested_on),
                "reference_at_request": plain(r.reference_at_request),
                "decided_on": plain(r.decided_on),
                "status": r.status,
                "timely": r.timely,
                "reason": r.reason,
                "decision_reason": r.decision_reason,
            }
        )
    return rows


def commitment_costs(ctx: ReportContext, commitment: Commitment) -> dict[str, Any]:
    current = {name: _as_audited(getattr(commitment, name)) for name in rules.COST_FIELDS}
    costs: dict[str, Any] = rules.costs_as_of(
        current=current, history=ctx.cost_history.get(commitment.pk, []), as_of=ctx.as_of
    )
    costs["illustrative"] = commitment.cost_is_illustrative
    return costs


def vague_verbs() -> list[dict[str, str]]:
    return [
        {"infinitive": v.infinitive, "suggestion": v.suggestion}
        for v in VagueVerb.objects.filter(active=True).order_by("infinitive")
    ]


def plan_get(slug: str) -> ActionPlan:
    return ActionPlan.objects.get(slug=slug)
