"""The public side: the self-assessment, each organisation's current assessment and the
computed status side by side, the disagreement flag on the commitment page, the dashboard, the
list filter and the administration pages; the answer figures; moderation placeholders; fixed
query counts whatever the amount of civil-society data."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from civilsociety.models import Organisation, Question, ReviewerMembership
from civilsociety.questions import question_answer
from civilsociety.services import assessment_create, hide, self_assessment_set
from tests.factories import CommitmentFactory

pytestmark = pytest.mark.django_db


def _assess(world, level, org=None, reviewer=None, commitment=None):
    return assessment_create(
        organisation=org or world["org"],
        commitment=commitment or world["commitment"],
        level=level,
        on_track="no",
        text="Rien n'est paru au Journal officiel.",
        evidence_links=["https://www.legifrance.gouv.fr/"],
        actor=reviewer or world["cast"]["reviewer"],
        source="form",
    )


def _question(commitment, *, days_ago=0, text="Quand le décret paraîtra-t-il enfin ?"):
    when = timezone.now() - datetime.timedelta(days=days_ago)
    q = Question.objects.create(
        commitment=commitment, display_name="Camille", email="c@example.org", text=text
    )
    Question.objects.filter(pk=q.pk).update(confirmed_at=when, created_at=when)
    q.refresh_from_db()
    return q


def _page(commitment):
    # the page cache is made stale after a commit, which a test's transaction never reaches
    cache.clear()
    return reverse("public:commitment-detail", args=[commitment.plan.slug, commitment.number])


def test_side_by_side_and_disagreement_everywhere(world, client):
    c = world["commitment"]
    self_assessment_set(commitment=c, level="complete", actor=world["cast"]["owner"], source="form")
    _assess(world, "limited")
    _assess(world, "complete", org=world["other_org"], reviewer=world["cast"]["other_reviewer"])
    agreeing = CommitmentFactory(plan=c.plan)
    html = client.get(_page(c)).content.decode()
    assert (
        "Auto-évaluation de l&#x27;administration" in html
        or "Auto-évaluation de l'administration" in html
    )
    assert "Complet" in html and "Limité" in html
    assert "Regards Citoyens" in html and "Transparency International France" in html
    assert "État calculé par le portail" in html
    assert 'id="desaccord"' in html and "2 niveaux en dessous" in html
    assert "d&#x27;accord" in html or "d'accord" in html  # the other organisation agrees
    # the dashboard counts and lists it
    dashboard = client.get(reverse("public:plan-detail", args=[c.plan.slug])).content.decode()
    assert 'id="desaccords"' in dashboard and "Regards Citoyens" in dashboard
    # the list filter keeps only it
    listing = client.get(reverse("public:commitment-list") + "?disagreement=true").content.decode()
    assert _page(c) in listing and _page(agreeing) not in listing
    assert _page(agreeing) in client.get(reverse("public:commitment-list")).content.decode()
    # the administration's page shows its own
    admin_page = client.get(
        reverse("public:administration-detail", args=[c.lead_administration.slug])
    ).content.decode()
    assert "Désaccords avec la société civile" in admin_page and "Regards Citoyens" in admin_page
    # the organisation's public page lists its assessments
    org_page = client.get(reverse("civilsociety:organisation-detail", args=["regards-citoyens"]))
    assert org_page.status_code == 200 and "Désaccord" in org_page.content.decode()
    assert (
        "Regards Citoyens" in client.get(reverse("civilsociety:organisation-list")).content.decode()
    )
    # in English too
    english = client.get(_page(c), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 levels below" in english and "Disagreement" in english


def test_no_disagreement_without_self_assessment_or_when_hidden(world, client):
    c = world["commitment"]
    assessment = _assess(world, "limited")
    assert 'id="desaccord"' not in client.get(_page(c)).content.decode()
    self_assessment_set(commitment=c, level="complete", actor=world["cast"]["owner"], source="form")
    assert 'id="desaccord"' in client.get(_page(c)).content.decode()
    hide(
        kind="assessment",
        obj=assessment,
        reason="Hors sujet",
        actor=world["cast"]["coordinator"],
        source="form",
    )
    html = client.get(_page(c)).content.decode()
    assert 'id="desaccord"' not in html
    assert "Évaluation masquée par l'équipe de coordination : Hors sujet" in html


def test_questions_answers_overdue_and_placeholders_on_the_page(world, client):
    c = world["commitment"]
    answered = _question(c, days_ago=3)
    question_answer(
        question=answered,
        answer="Il paraîtra le 1er mars.",
        actor=world["cast"]["owner"],
        source="form",
    )
    overdue = _question(c, days_ago=31)
    hidden = _question(c, days_ago=1, text="<script>alert(1)</script> une question déplacée")
    hide(
        kind="question",
        obj=hidden,
        reason="Propos injurieux",
        actor=world["cast"]["coordinator"],
        source="form",
    )
    Question.objects.create(
        commitment=c,
        display_name="Non confirmée",
        email="x@example.org",
        text="Jamais confirmée, jamais publiée.",
    )
    html = client.get(_page(c)).content.decode()
    assert "Il paraîtra le 1er mars." in html and c.lead_administration.name in html
    assert "sans réponse depuis 31 jours" in html and f'id="question-{overdue.pk}"' in html
    assert "Propos injurieux" in html and "<script>alert(1)</script>" not in html
    assert "Non confirmée" not in html and "c@example.org" not in html
    # the history shows the question and the answer, never the address
    assert "question publique" in html


def test_answer_rate_and_median_on_the_administration_pages(world, client):
    c = world["commitment"]
    for days_to_answer in (1, 3):
        q = _question(c, days_ago=10)
        question_answer(question=q, answer="Réponse.", actor=world["cast"]["owner"], source="form")
        Question.objects.filter(pk=q.pk).update(
            answered_at=q.confirmed_at + datetime.timedelta(days=days_to_answer)
        )
    _question(c, days_ago=2)
    _question(c, days_ago=2)
    # 2 of 4 answered: 50 %; median of 1 and 3 days: 2 days
    page = client.get(reverse("public:administration-detail", args=[c.lead_administration.slug]))
    html = page.content.decode()
    assert "50 %" in html and "2 jours" in html and "2 réponses sur 4 questions publiées" in html
    from scoring.recompute import scores_recompute

    scores_recompute(as_of=timezone.localdate())  # the league ranks from the stored roll-ups
    league = client.get(reverse("public:administration-list")).content.decode()
    assert "2 sur 4 questions" in league


def _fill(world, n):
    """n commitments, each with a self-assessment, n organisations' assessments, n questions."""
    plan = world["commitment"].plan
    reviewer = world["cast"]["reviewer"]
    coordinator = world["cast"]["coordinator"]
    orgs = [world["org"]]
    for i in range(1, n):
        org = Organisation.objects.create(name=f"Organisation {n}-{i}", slug=f"org-{n}-{i}")
        ReviewerMembership.objects.create(user=reviewer, organisation=org)
        orgs.append(org)
    reviewer._pgo_organisation_ids = None
    del reviewer._pgo_organisation_ids
    for k in range(n):
        c = (
            world["commitment"]
            if k == 0
            else CommitmentFactory(
                plan=plan, lead_administration=world["commitment"].lead_administration
            )
        )
        self_assessment_set(commitment=c, level="complete", actor=coordinator, source="form")
        for org in orgs:
            _assess(world, "limited", org=org, commitment=c)
        for _ in range(n):
            q = _question(c, days_ago=40)
            question_answer(question=q, answer="Réponse.", actor=coordinator, source="form")
            _question(c, days_ago=35)


PAGES = {
    "commitment": lambda w: _page(w["commitment"]),
    "plan": lambda w: reverse("public:plan-detail", args=[w["commitment"].plan.slug]),
    "list": lambda w: reverse("public:commitment-list") + "?disagreement=true",
    "administration": lambda w: reverse(
        "public:administration-detail", args=[w["commitment"].lead_administration.slug]
    ),
    "league": lambda w: reverse("public:administration-list"),
    "organisations": lambda w: reverse("civilsociety:organisation-list"),
    "organisation": lambda w: reverse(
        "civilsociety:organisation-detail", args=["regards-citoyens"]
    ),
}


def _counts(world, client, django_assert_num_queries):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, url in PAGES.items():
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(world)).status_code == 200
        counts[name] = len(ctx.captured_queries)
    return counts


def test_query_counts_do_not_grow_with_civil_society_data(world, client, django_assert_num_queries):
    _fill(world, 1)
    small = _counts(world, client, django_assert_num_queries)
    _fill(world, 4)
    large = _counts(world, client, django_assert_num_queries)
    assert small == large
    # pinned: the organisation list in one query, an organisation's page in two
    assert small["organisations"] == 1 and small["organisation"] == 2
