"""Moderation in the Django admin: the coordination team hides an assessment, a question or an
answer with a public reason asked on an intermediate page, through the same service as the
workspace (audit record with who and why, placeholder on the public page); contributors and
reviewers cannot reach these pages and change nothing; the asker's address never shows."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.admin import helpers
from django.urls import reverse
from django.utils import timezone

from civilsociety.models import Assessment, Question
from commitments.models import AuditRecord

pytestmark = pytest.mark.django_db

REASON = "Propos injurieux envers un agent nommément désigné."
ASSESSMENTS = "/admin/civilsociety/assessment/"
QUESTIONS = "/admin/civilsociety/question/"


@pytest.fixture
def content(world):
    c = world["commitment"]
    assessment = Assessment.objects.create(
        commitment=c,
        organisation=world["org"],
        assessed_on=timezone.localdate(),
        level="limited",
        text="Texte insultant de l'évaluation.",
        author=world["cast"]["reviewer"],
    )
    question = Question.objects.create(
        commitment=c,
        display_name="Camille",
        email="camille.secrete@example.org",
        text="Quand le décret paraîtra-t-il enfin ?",
        confirmed_at=timezone.now(),
        answer="Réponse à masquer.",
        answered_at=timezone.now(),
        answer_administration=c.lead_administration,
    )
    return {"assessment": assessment, "question": question}


def _staff(user):
    user.is_staff = True
    user.save()
    return user


def _page(c) -> str:
    return reverse(
        "public:commitment-detail", kwargs={"plan_slug": c.plan.slug, "number": c.number}
    )


def _action(client, url, action, pks, **extra):
    return client.post(
        url, {"action": action, helpers.ACTION_CHECKBOX_NAME: [str(pk) for pk in pks], **extra}
    )


def test_a_coordinator_hides_an_assessment_from_the_admin_with_a_public_reason(
    world, content, client
):
    coordinator = _staff(world["cast"]["coordinator"])
    client.force_login(coordinator)
    assessment = content["assessment"]
    assert client.get(ASSESSMENTS).status_code == 200
    # first step: the page asking the public reason, nothing changed yet
    response = _action(client, ASSESSMENTS, "hide_assessments", [assessment.pk])
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="reason"' in html and "Raison publique du masquage" in html
    assert Assessment.objects.get(pk=assessment.pk).hidden_at is None
    # a reason too short is refused on the same page
    response = _action(
        client, ASSESSMENTS, "hide_assessments", [assessment.pk], apply="1", reason="x"
    )
    assert response.status_code == 200
    assert Assessment.objects.get(pk=assessment.pk).hidden_at is None
    # second step: hidden through the service
    before = AuditRecord.objects.count()
    response = _action(
        client, ASSESSMENTS, "hide_assessments", [assessment.pk], apply="1", reason=REASON
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.hidden_at is not None and assessment.hidden_reason == REASON
    assert assessment.hidden_by == coordinator
    assert AuditRecord.objects.count() == before + 1
    record = AuditRecord.objects.first()
    assert (record.object_type, record.source, record.actor) == ("assessment", "admin", coordinator)
    assert record.justification == REASON
    assert record.changes == {"hidden_reason": ["", REASON]}
    # the public page shows the placeholder with the reason, not the text
    page = client.get(_page(world["commitment"])).content.decode()
    assert f"Évaluation masquée par l'équipe de coordination : {REASON}" in page
    assert "Texte insultant" not in page
    # again: already hidden, nothing recorded
    _action(client, ASSESSMENTS, "hide_assessments", [assessment.pk], apply="1", reason=REASON)
    assert AuditRecord.objects.count() == before + 1


def test_a_coordinator_hides_a_question_and_an_answer_from_the_admin_in_english(
    world, content, client
):
    coordinator = _staff(world["cast"]["coordinator"])
    client.force_login(coordinator)
    question = content["question"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _action(client, QUESTIONS, "hide_answers", [question.pk]).content.decode()
    assert "Hide the answers of the selected questions" in html
    assert "Public reason for hiding" in html
    french = client.get(QUESTIONS)  # the list in French again
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = _action(client, QUESTIONS, "hide_answers", [question.pk]).content.decode()
    assert "Masquer les réponses des questions choisies" in html
    _action(client, QUESTIONS, "hide_answers", [question.pk], apply="1", reason=REASON)
    question.refresh_from_db()
    assert question.answer_hidden_reason == REASON and question.hidden_at is None
    _action(client, QUESTIONS, "hide_questions", [question.pk], apply="1", reason=REASON)
    question.refresh_from_db()
    assert question.hidden_reason == REASON and question.hidden_by == coordinator
    records = AuditRecord.objects.filter(object_type="question", source="admin")
    assert {tuple(r.changes) for r in records} == {("answer_hidden_reason",), ("hidden_reason",)}
    page = client.get(_page(world["commitment"])).content.decode()
    assert f"Question masquée par l'équipe de coordination : {REASON}" in page
    assert french.status_code == 200


@pytest.mark.parametrize("who", ["owner", "reviewer", "outsider"])
@pytest.mark.parametrize("staff", [False, True])
def test_contributors_and_reviewers_cannot_reach_the_admin_pages(
    world, content, client, who, staff
):
    user = world["cast"][who]
    if staff:
        _staff(user)
    client.force_login(user)
    before = AuditRecord.objects.count()
    for url in (ASSESSMENTS, QUESTIONS, f"{QUESTIONS}{content['question'].pk}/change/"):
        response = client.get(url)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"]
    for url, action, pk in (
        (ASSESSMENTS, "hide_assessments", content["assessment"].pk),
        (QUESTIONS, "hide_questions", content["question"].pk),
        (QUESTIONS, "hide_answers", content["question"].pk),
    ):
        response = _action(client, url, action, [pk], apply="1", reason=REASON)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"]
    assert AuditRecord.objects.count() == before
    assert not Assessment.objects.filter(hidden_at__isnull=False).exists()
    assert not Question.objects.filter(hidden_at__isnull=False).exists()
    assert not Question.objects.filter(answer_hidden_at__isnull=False).exists()


def test_the_askers_address_never_shows_in_the_admin(world, content, client):
    client.force_login(_staff(world["cast"]["coordinator"]))
    question = content["question"]
    pages = [
        client.get(QUESTIONS),
        client.get(QUESTIONS, {"q": "camille"}),
        client.get(f"{QUESTIONS}{question.pk}/change/"),
        client.get(f"{QUESTIONS}{question.pk}/history/"),
        _action(client, QUESTIONS, "hide_questions", [question.pk]),
    ]
    for response in pages:
        assert response.status_code == 200
        assert "camille.secrete" not in response.content.decode()
