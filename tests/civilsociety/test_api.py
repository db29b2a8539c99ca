"""The API of civil society's part: lists with filters, updated_since, CSV, ETag; hidden
content and addresses never in it; fixed queries; the write endpoints' permission matrix."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from civilsociety.models import (
    Assessment,
    Organisation,
    Question,
    ReviewerMembership,
    SelfAssessment,
)
from civilsociety.services import assessment_create, hide, self_assessment_set
from tests.factories import ActionPlanFactory, CommitmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def _assess(world, level, org=None, reviewer=None, commitment=None):
    return assessment_create(
        organisation=org or world["org"],
        commitment=commitment or world["commitment"],
        level=level,
        on_track="no",
        text="Rien n'est paru.",
        evidence_links=["https://example.org/preuve"],
        actor=reviewer or world["cast"]["reviewer"],
        source="api",
    )


def _question(commitment, *, confirmed=True, text="Quand le décret paraîtra-t-il enfin ?"):
    q = Question.objects.create(
        commitment=commitment, display_name="Camille", email="secret@example.org", text=text
    )
    if confirmed:
        Question.objects.filter(pk=q.pk).update(confirmed_at=timezone.now())
        q.refresh_from_db()
    return q


def test_assessments_list_filters_csv_and_etag(world, api):
    c = world["commitment"]
    self_assessment_set(commitment=c, level="complete", actor=world["cast"]["owner"], source="api")
    disagreeing = _assess(world, "limited")
    agreeing = _assess(
        world, "complete", org=world["other_org"], reviewer=world["cast"]["other_reviewer"]
    )
    hidden = _assess(world, "limited", commitment=CommitmentFactory(plan=c.plan))
    hide(
        kind="assessment",
        obj=hidden,
        reason="Hors sujet",
        actor=world["cast"]["coordinator"],
        source="form",
    )
    draft = CommitmentFactory(plan=ActionPlanFactory(published=False))
    Assessment.objects.create(
        commitment=draft,
        organisation=world["org"],
        assessed_on=datetime.date.today(),
        level="limited",
        text="brouillon",
    )
    body = api.get("/api/v1/assessments/").json()
    ids = {r["id"] for r in body["results"]}
    assert ids == {disagreeing.pk, agreeing.pk, hidden.pk}  # the draft plan never leaks
    by_id = {r["id"]: r for r in body["results"]}
    assert by_id[disagreeing.pk]["disagreement"] is True
    assert by_id[disagreeing.pk]["self_assessment_level"] == "complete"
    assert by_id[agreeing.pk]["disagreement"] is False
    assert by_id[hidden.pk]["text"] == "" and by_id[hidden.pk]["level"] is None
    assert by_id[hidden.pk]["hidden_reason"] == "Hors sujet"
    only = api.get("/api/v1/assessments/", {"disagreement": "true"}).json()["results"]
    assert [r["id"] for r in only] == [disagreeing.pk]
    assert [
        r["id"]
        for r in api.get("/api/v1/assessments/", {"organisation": "ti-france"}).json()["results"]
    ] == [agreeing.pk]
    assert api.get("/api/v1/assessments/", {"organisation": "inconnue"}).status_code == 400
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    assert api.get("/api/v1/assessments/", {"updated_since": future}).json()["count"] == 0
    csv = api.get("/api/v1/assessments/", {"format": "csv"})
    assert csv.status_code == 200 and "text/csv" in csv["Content-Type"]
    assert "Rien n'est paru." in csv.content.decode()
    first = api.get("/api/v1/assessments/")
    again = api.get("/api/v1/assessments/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_questions_list_publishes_no_address_and_no_unconfirmed_question(world, api):
    c = world["commitment"]
    published = _question(c)
    _question(c, confirmed=False, text="Pas encore confirmée, pas publiée.")
    hidden = _question(c, text="Une question à masquer pour injure.")
    hide(
        kind="question",
        obj=hidden,
        reason="Injure",
        actor=world["cast"]["coordinator"],
        source="form",
    )
    response = api.get("/api/v1/questions/")
    text = response.content.decode()
    assert "secret@example.org" not in text and "Pas encore confirmée" not in text
    assert "Une question à masquer" not in text and "Injure" in text
    ids = [r["id"] for r in response.json()["results"]]
    assert ids == [published.pk, hidden.pk]
    assert api.get("/api/v1/questions/", {"answered": "true"}).json()["count"] == 0
    csv = api.get("/api/v1/questions/", {"format": "csv"}).content.decode()
    assert "secret@example.org" not in csv
    orgs = api.get("/api/v1/organisations/").json()
    assert {o["slug"] for o in orgs["results"]} == {"regards-citoyens", "ti-france"}


def test_lists_cost_the_same_queries_whatever_their_size(world, api, django_assert_num_queries):
    c = world["commitment"]
    SelfAssessment.objects.create(commitment=c, level="complete", set_on=datetime.date.today())
    for n in range(6):
        org = Organisation.objects.create(name=f"Org {n}", slug=f"org-{n}")
        ReviewerMembership.objects.create(user=world["cast"]["reviewer"], organisation=org)
        Assessment.objects.create(
            commitment=CommitmentFactory(plan=c.plan),
            organisation=org,
            assessed_on=datetime.date.today(),
            level="limited",
            text="t",
        )
        _question(c)
    for endpoint in ("assessments", "questions", "organisations"):
        counts = []
        for size in (1, 5):
            from django.core.cache import cache

            cache.clear()
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as ctx:
                assert api.get(f"/api/v1/{endpoint}/", {"page_size": size}).status_code == 200
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1] == 2, (endpoint, counts)


@pytest.mark.parametrize(
    "who, status",
    [
        ("reviewer", 201),
        ("other_reviewer", 403),
        ("owner", 403),
        ("coordinator", 403),
        ("anonymous", 401),
    ],
)
def test_write_api_assessment_matrix(world, api, who, status):
    if who != "anonymous":
        api.force_authenticate(world["cast"][who])
    response = api.post(
        f"/api/v1/commitments/{world['commitment'].pk}/assessments/",
        {
            "organisation": "regards-citoyens",
            "level": "limited",
            "on_track": "no",
            "text": "Évaluation",
        },
        format="json",
    )
    assert response.status_code == status, response.content
    assert Assessment.objects.count() == (1 if status == 201 else 0)


def test_write_api_refuses_a_bad_link_naming_the_field(world, api):
    api.force_authenticate(world["cast"]["reviewer"])
    response = api.post(
        f"/api/v1/commitments/{world['commitment'].pk}/assessments/",
        {
            "organisation": "regards-citoyens",
            "level": "limited",
            "on_track": "no",
            "text": "x",
            "evidence_links": ["javascript:alert(1)"],
        },
        format="json",
    )
    assert response.status_code == 400 and "evidence_links" in response.content.decode()
    assert Assessment.objects.count() == 0


@pytest.mark.parametrize(
    "who, status",
    [("owner", 200), ("co_owner", 200), ("reviewer", 403), ("outsider", 403), ("anonymous", 401)],
)
def test_write_api_self_assessment_and_answer_matrix(world, api, who, status):
    if who != "anonymous":
        api.force_authenticate(world["cast"][who])
    c = world["commitment"]
    response = api.post(
        f"/api/v1/commitments/{c.pk}/self-assessment/", {"level": "limited"}, format="json"
    )
    assert response.status_code == status
    assert SelfAssessment.objects.count() == (1 if status == 200 else 0)
    question = _question(c)
    response = api.post(
        f"/api/v1/questions/{question.pk}/answer/", {"answer": "Voici."}, format="json"
    )
    assert response.status_code == status
    question.refresh_from_db()
    assert (question.answer == "Voici.") is (status == 200)


def test_the_changes_feed_carries_civil_society_and_moderation_without_addresses(world, api):
    """Assessments, self-assessments, questions, answers and moderation go "everywhere the rest
    of the data goes": the ``changes`` API (JSON and CSV) too; the asker's address never."""
    from civilsociety.questions import erase_expired_addresses, question_answer, question_confirm
    from civilsociety.questions import token_hash as _token_hash

    c, cast = world["commitment"], world["cast"]
    self_assessment_set(commitment=c, level="complete", actor=cast["owner"], source="form")
    assessment = _assess(world, "limited")
    question = Question.objects.create(
        commitment=c,
        display_name="Camille",
        email="secret@example.org",
        text="Quand le décret paraîtra-t-il enfin ?",
        token_hash=_token_hash("jeton"),
    )
    question = question_confirm(token="jeton")
    question_answer(question=question, answer="En juin.", actor=cast["owner"], source="form")
    hide(
        kind="assessment",
        obj=assessment,
        reason="Propos injurieux envers un agent.",
        actor=cast["coordinator"],
        source="form",
    )
    erase_expired_addresses(as_of=timezone.localdate() + datetime.timedelta(days=400))

    response = api.get("/api/v1/changes/", {"plan": c.plan.slug})
    assert response.status_code == 200
    rows = response.json()["results"]
    types = {(r["object_type"], r["action"]) for r in rows}
    assert {
        ("selfassessment", "create"),
        ("assessment", "create"),
        ("question", "create"),
        ("question", "update"),
    } <= types
    hidden = [r for r in rows if r["object_type"] == "assessment" and r["action"] == "update"]
    assert hidden[0]["justification"] == "Propos injurieux envers un agent."
    assert hidden[0]["actor"] == cast["coordinator"].username
    assert {"field": "hidden_reason", "old": "", "new": "Propos injurieux envers un agent."} in (
        hidden[0]["changes"]
    )
    answered = [
        r
        for r in rows
        if r["object_type"] == "question"
        and any(ch["field"] == "answer_sha256" for ch in r["changes"])
    ]
    assert answered and answered[0]["actor"] == cast["owner"].username
    only_questions = api.get("/api/v1/changes/", {"object_type": "question"}).json()["results"]
    assert only_questions and {r["object_type"] for r in only_questions} == {"question"}
    csv = api.get("/api/v1/changes/", {"plan": c.plan.slug, "format": "csv"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    for body in (response.content, csv.content):
        assert b"secret@example.org" not in body and b"example.org" not in body.replace(
            b"https://example.org/preuve", b""
        )
    # the commitment's Atom feed carries them too, without the address
    from django.test import Client
    from django.urls import reverse

    feed = Client().get(
        reverse("public:commitment-feed", kwargs={"plan_slug": c.plan.slug, "number": c.number})
    )
    assert feed.status_code == 200
    text = feed.content.decode()
    assert "évaluation indépendante" in text and "question publique" in text
    assert "Propos injurieux envers un agent." in text
    assert "secret@example.org" not in text
