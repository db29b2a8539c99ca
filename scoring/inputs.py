"""What the method needs to know about a batch of commitments, read in five queries: the
commitments, their milestones, the revisions that move references, their indicators with the
latest value on ``as_of``, and the glossary and vague verbs (once per run).

Everything is read through the ORM as exact values (decimals stay ``Decimal`` on SQLite too)
and turned into the plain inputs of ``commitments.rules``; nothing is summed here.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Subquery

from commitments import rules
from commitments.models import Commitment, GlossaryTerm, VagueVerb
from commitments.vague_verbs import VagueVerb as VerbEntry
from commitments.vague_verbs import VagueVerbDetector
from indicators.models import Indicator, Measurement
from milestones.models import Milestone, MilestoneRevision

# The stored figures of a commitment, compared with the computed ones to write only changes.
STORED_FIELDS = (
    "progress",
    "points",
    "max_points",
    "penalty",
    "score",
    "status",
    "late_milestones",
    "milestones_counted",
    "milestones_completed",
    "milestones_completed_on_time",
    "measurability",
    "measurability_failures",
    "method_version",
)
_COMMITMENT_COLUMNS = (
    "id",
    "plan_id",
    "axis_id",
    "lead_administration_id",
    "title",
    "objective",
    "summary",
    "contact_name",
    "cost_amount",
    "cost_staff_fte",
    "cost_funding_source",
    "no_additional_cost",
    "action_law",
    "action_standard",
    "action_tool",
    "action_data",
    "action_consultation",
    "plan__period_start",
    "plan__period_end",
    *STORED_FIELDS,
)


@dataclass
class CommitmentInputs:
    row: dict[str, Any]  # the commitment's own columns, stored figures included
    milestones: list[rules.MilestoneInput] = field(default_factory=list)
    indicators: list[rules.IndicatorInput] = field(default_factory=list)
    # measurability
    milestones_outside_period: int = 0
    milestones_undated: int = 0
    indicators_incomplete: int = 0
    quantitative_with_baseline_and_target: int = 0


@dataclass(frozen=True)
class TextCheckers:
    detector: VagueVerbDetector
    glossary: list[rules.GlossaryEntry]


def text_checkers() -> TextCheckers:
    """The active vague-verb list and the glossary, in two queries."""
    detector = VagueVerbDetector(
        [
            VerbEntry(
                infinitive=v.infinitive,
                suggestion=v.suggestion,
                extra_forms=tuple(f.strip() for f in v.extra_forms.split(",") if f.strip()),
            )
            for v in VagueVerb.objects.filter(active=True)
        ]
    )
    glossary = [
        rules.GlossaryEntry(
            term=g.term, explained=bool(g.definition.strip()), aliases=tuple(g.alias_list)
        )
        for g in GlossaryTerm.objects.all()
    ]
    return TextCheckers(detector, glossary)


def _revisions_by_milestone(
    commitment_ids: Sequence[int], as_of: datetime.date
) -> dict[int, tuple[rules.RevisionInput, ...]]:
    """The approved revisions requested in time and decided on or before ``as_of``: the only
    ones that move a reference date."""
    rows = (
        MilestoneRevision.objects.filter(
            milestone__commitment_id__in=commitment_ids,
            status=MilestoneRevision.Status.APPROVED,
            timely=True,
            decided_on__lte=as_of,
        )
        .order_by("id")
        .values_list("milestone_id", "kind", "decided_on", "new_due_date", "id")
    )
    grouped: dict[int, list[rules.RevisionInput]] = defaultdict(list)
    for milestone_id, kind, decided_on, new_due_date, pk in rows:
        grouped[milestone_id].append(
            rules.RevisionInput(
                kind=kind,
                decided_on=decided_on,
                moves_reference=True,
                new_due_date=new_due_date,
                order=pk,
            )
        )
    return {k: tuple(v) for k, v in grouped.items()}


def read_inputs(
    commitment_ids: Sequence[int], *, as_of: datetime.date
) -> dict[int, CommitmentInputs]:
    """The inputs of these commitments on ``as_of``, in four queries whatever their number."""
    batch: dict[int, CommitmentInputs] = {
        row["id"]: CommitmentInputs(row=row)
        for row in Commitment.objects.filter(pk__in=commitment_ids)
        .order_by("pk")
        .values(*_COMMITMENT_COLUMNS)
    }
    if not batch:
        return batch
    ids = list(batch)
    revisions = _revisions_by_milestone(ids, as_of)
    milestones = (
        Milestone.objects.filter(commitment_id__in=ids)
        .order_by("commitment_id", "id")
        .values_list(
            "id",
            "commitment_id",
            "status",
            "original_due_date",
            "due_date",
            "completed_on",
            "weight",
        )
    )
    for pk, commitment_id, status, original, due, completed_on, weight in milestones:
        inputs = batch[commitment_id]
        milestone = rules.MilestoneInput(
            status=status,
            original_due_date=original,
            completed_on=completed_on,
            weight=weight,
            revisions=revisions.get(pk, ()),
        )
        inputs.milestones.append(milestone)
        reference = rules.milestone_reference(
            original_due_date=original, revisions=milestone.revisions, as_of=as_of
        )
        start, end = inputs.row["plan__period_start"], inputs.row["plan__period_end"]
        if reference.excluded:
            continue
        if reference.undated:
            inputs.milestones_undated += 1
        elif due is None or not (start <= due <= end):
            inputs.milestones_outside_period += 1
    latest = Measurement.objects.filter(indicator=OuterRef("pk"), date__lte=as_of).order_by("-date")
    indicators = (
        Indicator.objects.filter(commitment_id__in=ids)
        .annotate(current=Subquery(latest.values("value")[:1]))
        .order_by("commitment_id", "id")
        .values_list(
            "commitment_id",
            "kind",
            "levels",
            "baseline_value",
            "target_value",
            "target_date",
            "data_source",
            "weight",
            "current",
        )
    )
    for (
        commitment_id,
        kind,
        levels,
        baseline,
        target,
        target_date,
        source,
        weight,
        current,
    ) in indicators:
        inputs = batch[commitment_id]
        qualitative = kind == Indicator.Kind.QUALITATIVE
        inputs.indicators.append(
            rules.IndicatorInput(
                baseline=baseline,
                target=target,
                current=current,
                kind=kind,
                level_count=len(levels or []) if qualitative else None,
                weight=weight,
            )
        )
        if baseline is None or target is None or target_date is None or not source:
            inputs.indicators_incomplete += 1
        if not qualitative and baseline is not None and target is not None:
            inputs.quantitative_with_baseline_and_target += 1
    return batch


def measurability_of(
    inputs: CommitmentInputs, *, checkers: TextCheckers, milestones_counted: int
) -> list[rules.CriterionResult]:
    row = inputs.row
    vague = tuple(
        dict.fromkeys(
            match.form.lower()
            for text in (row["title"], row["objective"])
            for match in checkers.detector.find(text or "")
        )
    )
    cost_stated = bool(
        row["no_additional_cost"]
        or row["cost_amount"] is not None
        or row["cost_staff_fte"] is not None
        or (row["cost_funding_source"] or "").strip()
    )
    summary = (row["summary"] or "").strip()
    facts = rules.MeasurabilityFacts(
        quantitative_indicators_with_baseline_and_target=inputs.quantitative_with_baseline_and_target,
        indicators=len(inputs.indicators),
        indicators_incomplete=inputs.indicators_incomplete,
        milestones_with_due_date=milestones_counted,
        milestones_outside_period=inputs.milestones_outside_period,
        milestones_undated=inputs.milestones_undated,
        cost_stated=cost_stated,
        lead_named=row["lead_administration_id"] is not None,
        contact_named=bool((row["contact_name"] or "").strip()),
        vague_verbs=vague,
        summary_present=bool(summary),
        unexplained_terms=rules.unexplained_terms(summary, checkers.glossary) if summary else (),
        action_type_explicit=any(
            bool(row[f])
            for f in (
                "action_law",
                "action_standard",
                "action_tool",
                "action_data",
                "action_consultation",
            )
        ),
    )
    return rules.measurability(facts)
