"""Method v2: a new due date or a cancellation is a request the coordination team decides; only
one made before the reference date has passed, and approved, changes the figures. Delays are
explained publicly. Property: no sequence of calendar actions made after a reference date has
passed raises a commitment's points."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitments.models import AuditRecord, Commitment
from milestones.models import Milestone, MilestoneRevision
from milestones.services import (
    milestone_explain_delay,
    milestone_revision_decide,
    milestone_revision_request,
    milestone_set_status,
)
from scoring.recompute import scores_recompute
from tests.factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory, cast_of_users

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


@pytest.fixture
def milestone():
    plan = ActionPlanFactory(period_start=D(2015, 7, 1), period_end=D(2017, 7, 1))
    return MilestoneFactory(due_date=D(2016, 6, 1), commitment=CommitmentFactory(plan=plan))


@pytest.fixture
def cast(milestone):
    return cast_of_users(milestone.commitment)


def points(milestone: Milestone, as_of: datetime.date) -> Decimal:
    scores_recompute(as_of=as_of, commitment_ids=[milestone.commitment_id])
    return Commitment.objects.get(pk=milestone.commitment_id).points


NEW_DUE = D(2016, 12, 1)


def request(milestone, actor, day, kind="reschedule", new_due=NEW_DUE, reason="Motif."):
    return milestone_revision_request(
        milestone=milestone,
        kind=kind,
        new_due_date=new_due if kind == "reschedule" else None,
        reason=reason,
        actor=actor,
        source="form",
        now=at(day),
    )


def decide(revision, actor, day, approve=True, reason=""):
    return milestone_revision_decide(
        revision=revision, approve=approve, reason=reason, actor=actor, source="form", now=at(day)
    )


def test_a_timely_request_approved_moves_the_reference_date(milestone, cast):
    revision = request(milestone, cast["owner"], D(2016, 5, 20))
    assert (revision.status, revision.timely) == ("pending", True)
    milestone.refresh_from_db()
    assert milestone.due_date == milestone.reference_due_date == D(2016, 6, 1)  # pending
    assert points(milestone, D(2016, 7, 1)) == Decimal(-5)  # still late until decided

    decide(revision, cast["coordinator"], D(2016, 5, 25), reason="D'accord.")
    milestone.refresh_from_db()
    assert (milestone.due_date, milestone.reference_due_date) == (D(2016, 12, 1), D(2016, 12, 1))
    assert milestone.original_due_date == D(2016, 6, 1)
    assert milestone.justification == "Motif."
    assert points(milestone, D(2016, 7, 1)) == 0  # not yet due
    # as of a day before the decision, the figures are what they were then
    assert points(milestone, D(2016, 5, 24)) == 0


def test_a_late_request_is_recorded_and_shown_but_changes_no_point(milestone, cast):
    """The story of the issue: a deadline moved after it had passed, even approved, keeps its
    penalty; the move is in the history."""
    before = points(milestone, D(2016, 7, 1))
    revision = request(milestone, cast["owner"], D(2016, 6, 20), new_due=D(2026, 12, 31))
    assert revision.timely is False
    decide(revision, cast["coordinator"], D(2016, 6, 21), reason="Calendrier mis à jour.")
    milestone.refresh_from_db()
    assert (milestone.due_date, milestone.reference_due_date) == (D(2026, 12, 31), D(2016, 6, 1))
    assert milestone.is_moved_after_deadline
    assert points(milestone, D(2016, 7, 1)) == before == Decimal(-5)
    assert Commitment.objects.get(pk=milestone.commitment_id).late_milestones == 1
    history = AuditRecord.objects.filter(commitment=milestone.commitment)
    assert {r.object_type for r in history} == {"milestonerevision", "milestone"}


def test_a_completion_between_the_original_and_a_late_new_date_is_late(milestone, cast):
    decide(request(milestone, cast["owner"], D(2016, 6, 10)), cast["coordinator"], D(2016, 6, 11))
    milestone_set_status(
        milestone=milestone,
        status="completed",
        completed_on=D(2016, 7, 1),
        evidence_url="https://www.example.gouv.fr/",
        actor=cast["owner"],
        source="form",
        as_of=D(2016, 7, 2),
    )
    scores_recompute(as_of=D(2016, 7, 2), commitment_ids=[milestone.commitment_id])
    c = Commitment.objects.get(pk=milestone.commitment_id)
    assert (c.points, c.milestones_completed_on_time) == (Decimal(5), 0)  # half: late


@pytest.mark.parametrize(
    ("asked", "counted", "expected"), [(D(2016, 5, 1), 0, 0), (D(2016, 6, 5), 1, -5)]
)
def test_a_cancellation_counts_only_when_asked_in_time(milestone, cast, asked, counted, expected):
    revision = request(milestone, cast["owner"], asked, kind="cancellation")
    decide(revision, cast["coordinator"], asked + datetime.timedelta(days=3))
    milestone.refresh_from_db()
    assert milestone.status == "cancelled"
    assert milestone.counts_in_score is (counted == 1)
    assert points(milestone, D(2016, 7, 1)) == Decimal(expected)
    assert Commitment.objects.get(pk=milestone.commitment_id).milestones_counted == counted


def test_a_coordinators_own_request_is_decided_at_once(milestone, cast):
    revision = request(milestone, cast["coordinator"], D(2016, 5, 1))
    assert revision.status == "approved" and revision.decided_by == cast["coordinator"]
    milestone.refresh_from_db()
    assert milestone.reference_due_date == D(2016, 12, 1)


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_outsiders_cannot_request(milestone, cast, who):
    with pytest.raises(PermissionDenied):
        request(milestone, cast[who], D(2016, 5, 1))
    assert not MilestoneRevision.objects.exists()


@pytest.mark.parametrize("who", ["owner", "co_owner", "outsider", "anonymous"])
def test_only_the_coordination_team_decides(milestone, cast, who):
    revision = request(milestone, cast["owner"], D(2016, 5, 1))
    with pytest.raises(PermissionDenied):
        decide(revision, cast[who], D(2016, 5, 2))
    revision.refresh_from_db()
    milestone.refresh_from_db()
    assert revision.status == "pending" and milestone.reference_due_date == D(2016, 6, 1)


def test_a_refusal_says_why_and_changes_nothing(milestone, cast):
    revision = request(milestone, cast["owner"], D(2016, 5, 1))
    with pytest.raises(ValidationError) as exc:
        decide(revision, cast["coordinator"], D(2016, 5, 2), approve=False)
    assert "reason" in exc.value.message_dict
    decide(revision, cast["coordinator"], D(2016, 5, 2), approve=False, reason="Trop tard.")
    revision.refresh_from_db()
    milestone.refresh_from_db()
    assert (revision.status, revision.decision_reason) == ("refused", "Trop tard.")
    assert milestone.due_date == milestone.reference_due_date == D(2016, 6, 1)
    with pytest.raises(ValidationError):  # decided once
        decide(revision, cast["coordinator"], D(2016, 5, 3))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reason": "  "}, "reason"),
        ({"new_due": None}, "new_due_date"),
        ({"new_due": D(2016, 6, 1)}, "new_due_date"),  # the same date
        ({"kind": "nonsense"}, "kind"),
    ],
)
def test_a_bad_request_names_the_field_and_changes_nothing(milestone, cast, changes, field):
    args = {"new_due": D(2016, 12, 1), "reason": "Motif.", "kind": "reschedule"} | changes
    with pytest.raises(ValidationError) as exc:
        request(milestone, cast["owner"], D(2016, 5, 1), **args)
    assert field in exc.value.message_dict
    assert not MilestoneRevision.objects.exists() and not AuditRecord.objects.exists()


def test_one_pending_request_at_a_time(milestone, cast):
    request(milestone, cast["owner"], D(2016, 5, 1))
    with pytest.raises(ValidationError):
        request(milestone, cast["co_owner"], D(2016, 5, 2), kind="cancellation")
    assert MilestoneRevision.objects.count() == 1


def test_a_late_milestone_gets_a_public_explanation(milestone, cast):
    with pytest.raises(ValidationError):  # not late yet
        milestone_explain_delay(
            milestone=milestone,
            explanation="Attente du décret.",
            actor=cast["owner"],
            source="form",
            as_of=D(2016, 6, 1),
        )
    with pytest.raises(PermissionDenied):
        milestone_explain_delay(
            milestone=milestone,
            explanation="Attente du décret.",
            actor=cast["outsider"],
            source="form",
            as_of=D(2016, 6, 2),
        )
    assert milestone_explain_delay(
        milestone=milestone,
        explanation="Attente du décret.",
        actor=cast["owner"],
        source="form",
        as_of=D(2016, 6, 2),
    )
    milestone.refresh_from_db()
    assert (milestone.delay_explanation, milestone.delay_explained_on) == (
        "Attente du décret.",
        D(2016, 6, 2),
    )
    record = AuditRecord.objects.get()
    assert record.changes["delay_explanation"] == ["", "Attente du décret."]


# --- the property --------------------------------------------------------------------------

DUE = D(2016, 6, 1)
AS_OF = D(2016, 9, 1)

calendar_actions = st.lists(
    st.tuples(
        st.sampled_from(["reschedule", "cancellation", "planned", "in_progress"]),
        st.integers(min_value=1, max_value=80),  # days after the reference date
        st.integers(min_value=-200, max_value=2000),  # the new due date, from the old one
        st.booleans(),  # does the coordination team approve it?
    ),
    max_size=4,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=calendar_actions, completed=st.booleans())
def test_no_calendar_action_after_the_reference_date_raises_the_points(
    db, django_user_model, actions, completed
):
    """Whatever a contributor asks once the reference date has passed (moves, cancellations,
    status changes), and whatever the coordination team decides, the commitment's points as of
    any later day never go up. (Completing the milestone is progress, not a calendar action:
    it is left out.)"""
    sid = transaction.savepoint()
    try:
        plan = ActionPlanFactory(period_start=D(2015, 7, 1), period_end=D(2017, 7, 1))
        milestone = MilestoneFactory(
            due_date=DUE,
            status="completed" if completed else "planned",
            completed_on=D(2016, 6, 20) if completed else None,
            commitment=CommitmentFactory(plan=plan),
        )
        cast = cast_of_users(milestone.commitment)
        baseline = points(milestone, AS_OF)
        for action, after, shift, approve in actions:
            day = DUE + datetime.timedelta(days=after)
            milestone.refresh_from_db()
            try:
                if action in ("reschedule", "cancellation"):
                    revision = request(
                        milestone,
                        cast["owner"],
                        day,
                        kind=action,
                        new_due=milestone.due_date + datetime.timedelta(days=shift or 1),
                    )
                    decide(revision, cast["coordinator"], day, approve=approve, reason="Décidé.")
                elif not completed:
                    milestone_set_status(
                        milestone=milestone,
                        status=action,
                        actor=cast["owner"],
                        source="form",
                        as_of=day,
                    )
            except ValidationError:
                pass  # refused: nothing changed
        assert points(milestone, AS_OF) <= baseline
        for later in (D(2016, 12, 1), D(2018, 1, 1)):
            assert points(milestone, later) <= baseline
    finally:
        transaction.savepoint_rollback(sid)


def test_an_undated_milestone_is_dated_by_an_approved_request_at_any_time(milestone, cast):
    undated = MilestoneFactory(
        commitment=milestone.commitment,
        reference="sans-date",
        due_date=None,
        original_due_date=None,
    )
    assert undated.reference_due_date is None
    assert points(undated, D(2030, 1, 1)) == Decimal(-5)  # only the dated one, late, counts

    revision = request(undated, cast["owner"], D(2029, 1, 1))  # long after the plan: in time
    assert revision.timely and revision.reference_at_request is None
    decide(revision, cast["coordinator"], D(2029, 1, 2))

    undated.refresh_from_db()
    assert undated.due_date == undated.original_due_date == undated.reference_due_date == NEW_DUE
