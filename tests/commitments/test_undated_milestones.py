"""A milestone without a due date (« échéance à préciser », issue 15 item 7): not scored, never
late, a failure of the calendar criterion; every dated milestone is scored exactly as before."""

from __future__ import annotations

import datetime
from decimal import Decimal

from commitments import rules

D = datetime.date
AS_OF = D(2030, 1, 1)


def test_an_undated_milestone_has_no_points_no_maximum_and_is_never_late():
    reference = rules.milestone_reference(original_due_date=None, as_of=AS_OF)
    result = rules.milestone_points(
        status="planned", completed_on=None, reference=reference, weight=2, as_of=AS_OF
    )

    assert reference.undated
    assert (result.points, result.maximum, result.penalty) == (0, 0, 0)
    assert result.undated and not result.counted and not result.late
    assert not rules.milestone_is_late(
        status="planned", completed_on=None, reference=reference, as_of=AS_OF
    )


def test_an_undated_milestone_leaves_the_dated_ones_scored_as_before():
    dated = rules.MilestoneInput(
        status="completed", original_due_date=D(2019, 1, 1), completed_on=D(2018, 12, 1)
    )
    late = rules.MilestoneInput(status="planned", original_due_date=D(2019, 6, 1))
    undated = rules.MilestoneInput(status="planned", original_due_date=None, weight=5)

    before = rules.commitment_score(milestones=[dated, late], indicators=[], as_of=AS_OF)
    after = rules.commitment_score(milestones=[dated, late, undated], indicators=[], as_of=AS_OF)

    assert (after.points, after.maximum, after.penalty, after.progress, after.status) == (
        before.points,
        before.maximum,
        before.penalty,
        before.progress,
        before.status,
    )
    assert after.milestones_counted == 2 and after.late_milestones == 1
    assert before.points == Decimal(5)


def test_a_commitment_with_only_undated_milestones_is_not_measurable():
    undated = rules.MilestoneInput(
        status="completed", original_due_date=None, completed_on=D(2019, 1, 1)
    )

    score = rules.commitment_score(milestones=[undated], indicators=[], as_of=AS_OF)

    assert score.status == rules.STATUS_NOT_MEASURABLE and score.progress is None


def test_an_approved_timely_date_makes_an_undated_milestone_scored():
    revision = rules.RevisionInput(
        kind=rules.RESCHEDULE,
        decided_on=D(2019, 1, 1),
        moves_reference=True,
        new_due_date=D(2019, 3, 1),
    )

    reference = rules.milestone_reference(original_due_date=None, revisions=[revision], as_of=AS_OF)

    assert reference.due_date == D(2019, 3, 1)
    assert rules.revision_is_timely(requested_on=D(2025, 1, 1), reference_due_date=None)


def test_undated_milestones_fail_the_calendar_criterion_with_their_number():
    facts = rules.MeasurabilityFacts(milestones_with_due_date=3, milestones_undated=2)

    calendar = next(r for r in rules.measurability(facts) if r.code == "calendar")

    assert not calendar.met
    assert calendar.reason == "2 jalon(s) sans échéance (à préciser)."
    dated_only = rules.MeasurabilityFacts(milestones_with_due_date=3)
    assert next(r for r in rules.measurability(dated_only) if r.code == "calendar").met
