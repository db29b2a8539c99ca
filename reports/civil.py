"""The civil-society section of a report: per commitment, the organisations whose level
differed from the administration's self-assessment, and the public questions left unanswered
``OVERDUE_DAYS`` days or more — all as they stood on the report's end date.

As of the end date: an organisation's assessment is its latest one dated on or before it; the
self-assessment is today's level with the level changes audited after that date undone; a
question counts when it was confirmed ``OVERDUE_DAYS`` days or more before the end date and not
answered by then. Content the coordination team has hidden (an assessment, a question) is never
printed, whenever it was hidden. Four queries, whatever the size of the plan."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from civilsociety import rules as civil_rules
from civilsociety.models import Assessment, Question, SelfAssessment
from commitments.models import AuditRecord

from . import rules
from .collect import plain

if TYPE_CHECKING:
    from .collect import ReportContext


def _start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), timezone.get_current_timezone())


def self_levels(ctx: ReportContext) -> dict[int, str | None]:
    """Each commitment's self-assessed level on the end date (None: none yet)."""
    history: dict[int, list[tuple[datetime.date, Any]]] = defaultdict(list)
    rows = (
        AuditRecord.objects.filter(object_type="selfassessment", commitment__plan=ctx.plan)
        .order_by("created_at", "id")
        .values_list("commitment_id", "created_at", "changes")
    )
    for commitment_id, created_at, changes in rows:
        if commitment_id is not None and "level" in (changes or {}):
            history[commitment_id].append((timezone.localdate(created_at), changes["level"][0]))
    return {
        own.commitment_id: rules.value_as_of(
            current=own.level,
            current_since=own.set_on,
            history=history.get(own.commitment_id, []),
            as_of=ctx.as_of,
        )
        for own in SelfAssessment.objects.filter(commitment__plan=ctx.plan)
    }


def assessments_as_of(ctx: ReportContext) -> dict[int, list[Assessment]]:
    """Each organisation's latest assessment of each commitment dated on or before the end
    date, visible ones only, by organisation name."""
    latest: dict[tuple[int, int], Assessment] = {}
    for a in (
        Assessment.objects.filter(commitment__plan=ctx.plan, assessed_on__lte=ctx.as_of)
        .select_related("organisation")
        .order_by("assessed_on", "id")
    ):
        latest[(a.commitment_id, a.organisation_id)] = a
    grouped: dict[int, list[Assessment]] = defaultdict(list)
    for a in sorted(latest.values(), key=lambda a: a.organisation.name):
        if a.hidden_at is None:
            grouped[a.commitment_id].append(a)
    return grouped


def unanswered_questions(ctx: ReportContext) -> dict[int, list[dict[str, Any]]]:
    """The visible questions confirmed ``OVERDUE_DAYS`` days or more before the end date and
    not answered by then, oldest first."""
    day_after = ctx.as_of + datetime.timedelta(days=1)
    latest_confirmation = ctx.as_of - datetime.timedelta(days=civil_rules.OVERDUE_DAYS)
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for q in Question.objects.filter(
        commitment__plan=ctx.plan,
        confirmed_at__lt=_start_of(latest_confirmation + datetime.timedelta(days=1)),
        hidden_at__isnull=True,
    ).order_by("confirmed_at", "id"):
        answered_by_then = q.answered_at is not None and q.answered_at < _start_of(day_after)
        asked_on = timezone.localdate(q.confirmed_at)
        if answered_by_then or not civil_rules.is_overdue(
            confirmed_on=asked_on, answered=False, hidden=False, as_of=ctx.as_of
        ):
            continue
        grouped[q.commitment_id].append(
            {
                "asked_on": plain(asked_on),
                "days_open": civil_rules.days_open(asked_on, ctx.as_of),
                "display_name": q.display_name,
                "text": q.text,
            }
        )
    return grouped


def civil_society(ctx: ReportContext) -> list[dict[str, Any]] | None:
    """Only the commitments with something to say; None (the section is left out) when none."""
    levels = self_levels(ctx)
    assessments = assessments_as_of(ctx)
    questions = unanswered_questions(ctx)
    rows = []
    for c in ctx.commitments:
        self_level = levels.get(c.pk)
        disagreements = [
            {
                "organisation": a.organisation.name,
                "level": a.level,
                "assessed_on": plain(a.assessed_on),
                "gap": civil_rules.level_gap(a.level, self_level) if self_level else None,
            }
            for a in assessments.get(c.pk, [])
            if civil_rules.disagrees(a.level, self_level)
        ]
        unanswered = questions.get(c.pk, [])
        if not disagreements and not unanswered:
            continue
        rows.append(
            {
                "number": c.number,
                "title": c.title,
                "self_level": self_level,
                "disagreements": disagreements,
                "unanswered": unanswered,
            }
        )
    return rows or None
