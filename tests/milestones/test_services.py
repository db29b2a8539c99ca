"""Milestone status changes: rules, errors in French, one audit record, authorisation."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from commitments.models import AuditRecord
from milestones.models import Milestone
from milestones.services import milestone_set_status
from tests.factories import CommitmentFactory, MilestoneFactory, cast_of_users

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2016, 7, 1)


@pytest.fixture
def milestone():
    return MilestoneFactory(due_date=D(2016, 6, 1), commitment=CommitmentFactory())


@pytest.fixture
def cast(milestone):
    return cast_of_users(milestone.commitment)


def complete(milestone, actor, **extra):
    values = {
        "status": "completed",
        "completed_on": D(2016, 5, 30),
        "evidence_url": "https://www.legifrance.gouv.fr/jorf/id/X",
    } | extra
    return milestone_set_status(
        milestone=milestone, actor=actor, source="form", as_of=TODAY, **values
    )


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("owner", True),
        ("co_owner", True),
        ("outsider", False),
        ("coordinator", True),
    ],
)
def test_who_may_complete_a_milestone(milestone, cast, who, allowed):
    before = AuditRecord.objects.count()
    if allowed:
        assert complete(milestone, cast[who]) is True
        assert milestone.status == "completed"
        assert AuditRecord.objects.count() == before + 1
    else:
        with pytest.raises(PermissionDenied):
            complete(milestone, cast[who])
        milestone.refresh_from_db()
        assert milestone.status == "planned"
        assert AuditRecord.objects.count() == before


def test_completing_records_one_audit_record_with_the_actor(milestone, cast):
    complete(milestone, cast["owner"])
    record = AuditRecord.objects.get()
    assert (record.actor, record.source, record.action) == (cast["owner"], "form", "update")
    assert record.changes["status"] == ["planned", "completed"]
    assert record.changes["completed_on"] == [None, "2016-05-30"]
    assert record.commitment_id == milestone.commitment_id


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"completed_on": None}, "completed_on", "Indiquez la date de réalisation."),
        ({"completed_on": D(2016, 8, 1)}, "completed_on", "futur"),
        ({"evidence_url": ""}, "evidence_url", "preuve"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url", "adresse web valide"),
        ({"evidence_url": "ftp://example.org/x"}, "evidence_url", "adresse web valide"),
    ],
)
def test_completing_without_what_it_needs_is_refused_and_changes_nothing(
    milestone, cast, extra, field, message
):
    with pytest.raises(ValidationError) as exc:
        complete(milestone, cast["owner"], **extra)
    assert message in " ".join(exc.value.message_dict[field])
    milestone.refresh_from_db()
    assert (milestone.status, milestone.completed_on) == ("planned", None)
    assert not AuditRecord.objects.exists()


def test_errors_speak_english_to_english_readers(milestone, cast):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        complete(milestone, cast["owner"], completed_on=None)
    assert exc.value.message_dict["completed_on"] == ["Give the completion date."]


def test_a_contributor_cannot_cancel_a_milestone_directly(milestone, cast):
    """Method v2: a cancellation is a request the coordination team decides."""
    with pytest.raises(ValidationError) as exc:
        milestone_set_status(
            milestone=milestone,
            status="cancelled",
            justification="Remplacé par le décret du 5 mai",
            actor=cast["owner"],
            source="form",
        )
    assert "status" in exc.value.message_dict
    milestone.refresh_from_db()
    assert milestone.status == "planned"
    assert not AuditRecord.objects.exists()


def test_a_contributor_cannot_move_the_due_date_directly(milestone, cast):
    with pytest.raises(ValidationError) as exc:
        milestone_set_status(
            milestone=milestone,
            status="in_progress",
            due_date=D(2016, 12, 1),
            justification="Consultation prolongée",
            actor=cast["owner"],
            source="form",
        )
    assert "due_date" in exc.value.message_dict
    milestone.refresh_from_db()
    assert (milestone.status, milestone.due_date, milestone.reference_due_date) == (
        "planned",
        D(2016, 6, 1),
        D(2016, 6, 1),
    )


def test_reopening_a_completed_milestone_clears_its_completion_date(milestone, cast):
    complete(milestone, cast["owner"])
    milestone_set_status(
        milestone=milestone, status="in_progress", actor=cast["owner"], source="form"
    )
    assert (milestone.status, milestone.completed_on) == ("in_progress", None)


def test_an_unchanged_status_writes_nothing(milestone, cast):
    assert (
        milestone_set_status(
            milestone=milestone, status="planned", actor=cast["owner"], source="form"
        )
        is False
    )
    assert not AuditRecord.objects.exists()


def test_a_change_recomputes_the_scores_after_commit(
    milestone, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complete(milestone, cast["owner"])
    milestone.commitment.refresh_from_db()
    assert milestone.commitment.progress == 100


def test_a_job_acts_without_a_user(milestone):
    milestone_set_status(
        milestone=milestone, status="in_progress", actor=None, source="job", actor_label="relance"
    )
    record = AuditRecord.objects.get()
    assert (record.actor, record.actor_label, record.source) == (None, "relance", "job")
    assert Milestone.objects.get().status == "in_progress"
