"""Assessments, the self-assessment and moderation through the services: the permission matrix
of the new roles; every refusal changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from civilsociety.models import Assessment, Question, SelfAssessment
from civilsociety.services import assessment_create, hide, self_assessment_set
from commitments.models import AuditRecord, Commitment

pytestmark = pytest.mark.django_db


def state():
    return (
        list(Assessment.objects.values_list("id", "level", "is_current", "hidden_at")),
        list(SelfAssessment.objects.values_list("level", "note")),
        list(Question.objects.values_list("answer", "hidden_at", "answer_hidden_at")),
        list(Commitment.objects.values_list("title", "ogp_completion", "cost_amount")),
        AuditRecord.objects.count(),
    )


def _assess(world, user, org=None, **kwargs):
    values = {
        "level": "limited",
        "on_track": "no",
        "text": "Le décret n'est pas paru.",
        "evidence_links": ["https://www.legifrance.gouv.fr/"],
    } | kwargs
    return assessment_create(
        organisation=org or world["org"],
        commitment=world["commitment"],
        actor=user,
        source="form",
        **values,
    )


def test_a_reviewer_assesses_for_their_organisation_and_the_latest_is_current(world):
    reviewer = world["cast"]["reviewer"]
    first = _assess(
        world, reviewer, assessed_on=datetime.date.today() - datetime.timedelta(days=10)
    )
    second = _assess(world, reviewer, level="substantial")
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    # an older date recorded later stays in the history
    third = _assess(
        world, reviewer, assessed_on=datetime.date.today() - datetime.timedelta(days=20)
    )
    assert not third.is_current
    record = AuditRecord.objects.filter(object_type="assessment", object_id=second.pk).get()
    assert record.commitment_id == world["commitment"].pk
    assert record.changes["level"] == [None, "substantial"]
    assert "Le décret" not in str(record.changes)  # the text by its fingerprint only


@pytest.mark.parametrize(
    "who", ["anonymous", "owner", "co_owner", "outsider", "coordinator", "other_reviewer"]
)
def test_nobody_else_writes_an_organisations_assessment(world, who):
    before = state()
    with pytest.raises(PermissionDenied):
        _assess(world, world["cast"][who])
    assert state() == before


@pytest.mark.parametrize(
    "bad",
    [
        {"evidence_links": ["javascript:alert(1)"]},
        {"evidence_links": ["ftp://example.org/x"]},
        {"level": "excellent"},
        {"on_track": "peut-être"},
        {"text": "   "},
        {"assessed_on": datetime.date.today() + datetime.timedelta(days=1)},
    ],
)
def test_bad_assessment_input_is_refused_with_the_field_and_changes_nothing(world, bad):
    before = state()
    with pytest.raises(ValidationError) as error:
        _assess(world, world["cast"]["reviewer"], **bad)
    assert set(error.value.message_dict) & {
        "evidence_links",
        "level",
        "on_track",
        "text",
        "assessed_on",
    }
    assert state() == before


def test_an_unpublished_plan_is_not_assessed(world):
    plan = world["commitment"].plan
    plan.published = False
    plan.save()
    before = state()
    with pytest.raises(ValidationError):
        _assess(world, world["cast"]["reviewer"])
    assert state() == before


@pytest.mark.parametrize("who", ["owner", "co_owner", "coordinator"])
def test_the_owning_administration_sets_its_self_assessment(world, who):
    result = self_assessment_set(
        commitment=world["commitment"], level="substantial", actor=world["cast"][who], source="form"
    )
    assert result is not None and result.level == "substantial"
    assert AuditRecord.objects.filter(object_type="selfassessment").count() == 1
    # the same again changes nothing and records nothing
    assert (
        self_assessment_set(
            commitment=world["commitment"],
            level="substantial",
            actor=world["cast"][who],
            source="api",
        )
        is None
    )
    assert AuditRecord.objects.filter(object_type="selfassessment").count() == 1


@pytest.mark.parametrize("who", ["anonymous", "outsider", "reviewer"])
def test_outsiders_and_reviewers_do_not_set_the_self_assessment(world, who):
    before = state()
    with pytest.raises(PermissionDenied):
        self_assessment_set(
            commitment=world["commitment"],
            level="complete",
            actor=world["cast"][who],
            source="form",
        )
    assert state() == before


def test_only_the_coordination_team_hides_with_a_public_reason_kept_in_the_audit(world):
    assessment = _assess(world, world["cast"]["reviewer"])
    for who in ("owner", "reviewer", "other_reviewer", "outsider", "anonymous"):
        before = state()
        with pytest.raises(PermissionDenied):
            hide(
                kind="assessment",
                obj=assessment,
                reason="Propos injurieux",
                actor=world["cast"][who],
                source="form",
            )
        assert state() == before
    before = state()
    with pytest.raises(ValidationError):
        hide(
            kind="assessment",
            obj=assessment,
            reason="",
            actor=world["cast"]["coordinator"],
            source="form",
        )
    assert state() == before
    coordinator = world["cast"]["coordinator"]
    assert hide(
        kind="assessment",
        obj=assessment,
        reason="Propos injurieux",
        actor=coordinator,
        source="form",
    )
    assessment.refresh_from_db()
    assert assessment.hidden_reason == "Propos injurieux" and assessment.hidden_by == coordinator
    record = AuditRecord.objects.filter(object_type="assessment", object_id=assessment.pk).latest(
        "id"
    )
    assert record.actor == coordinator and record.justification == "Propos injurieux"
    # twice: done once
    count = AuditRecord.objects.count()
    assert not hide(
        kind="assessment", obj=assessment, reason="Encore", actor=coordinator, source="form"
    )
    assert AuditRecord.objects.count() == count
