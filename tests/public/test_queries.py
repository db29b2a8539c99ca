"""Every public page runs a fixed number of SQL queries whatever the amount of data: the same
count on the demo plan and on generated worlds of 30 and 120 commitments."""

from __future__ import annotations

import pytest
from django.db.models import Count

from commitments.models import ActionPlan, Administration, Commitment

from .conftest import make_world

pytestmark = pytest.mark.django_db

# Queries per page, for an anonymous visitor and a cold page cache.
PAGE_QUERIES = {
    # plans (for the chooser), the plan shown with its illustrative flag, roll-ups, milestone
    # counts, late and due-soon milestones, status counts (with the commitments without a
    # lead), the administrations involved (league table), the disagreements with civil
    # society (count, list), the plan's published reports to Parliament
    "home": 11,
    "plan": 11,
    # count, the ids of the page, those plans with their illustrative flag, their roll-ups
    "plans": 4,
    # plans, administrations involved, count, the ids of the page, its rows
    "commitments": 5,
    # + the axes of the chosen plan, + validating plan, axis and administration
    "commitments_filtered": 9,
    # + the axes of the chosen plan, + validating the plan; the « désaccord » filter is a
    # subquery of the page's query (the demo plan and the generated worlds have disagreements)
    "commitments_disagreement": 7,
    # commitment, co-owners, partners, indicators, measurements, milestones, their revisions,
    # glossary, vague verbs, history, continued by, continues (one or several),
    # self-assessment, current assessments, public questions, the consultation proposals it
    # comes from
    "commitment": 16,
    # plans (for the plan filter), whether published data is illustrative (or the chosen
    # plan with its flag), figures per administration, administrations involved, commitments
    # without a lead, answer figures
    "administrations": 6,
    "administrations_of_plan": 6,
    # administration, figures, per-plan roll-ups, led, co-owned, number co-owned, late
    # milestones, answer figures, open questions, disagreements (count, list)
    "administration": 11,
    # organisations with their counts of current assessments
    "organisations": 1,
    # vague verbs, glossary, the example's choice, then the example as on its page (7)
    "methodology": 10,
    "glossary": 1,
    # the published reports to Parliament (with their plan and correcting version)
    "reports": 1,
    "reports_feed": 1,
    # object, records
    "plan_feed": 2,
    "commitment_feed": 2,
    "administration_feed": 2,
    # the count of published plans, those of the page with their packages (the schemas are files)
    "open_data": 2,
    "accessibility": 0,
    "legal_notice": 0,
    "sitemap": 0,
}


def page_urls() -> dict[str, str]:
    """One URL per page, on objects that have something to show."""
    plan = ActionPlan.objects.filter(published=True).order_by("-period_start").first()
    commitment = (
        Commitment.objects.filter(plan=plan)
        .annotate(n_i=Count("indicators"), n_m=Count("milestones"))
        .filter(n_i__gt=0, n_m__gt=0)
        .order_by("number")
        .first()
    )
    late = (
        Commitment.objects.filter(plan__published=True, late_milestones__gt=0, axis__isnull=False)
        .select_related("plan", "axis", "lead_administration")
        .order_by("id")
        .first()
    )
    administration = (
        Administration.objects.annotate(n=Count("led_commitments"))
        .filter(n__gt=0)
        .order_by("-n", "id")
        .first()
    )
    assert plan and commitment and late and administration
    return {
        "home": "/",
        "plan": f"/plans/{plan.slug}/",
        "plans": "/plans/",
        "commitments": "/engagements/",
        "commitments_filtered": (
            f"/engagements/?plan={late.plan.slug}&axis={late.axis.pk}"
            f"&administration={late.lead_administration.slug}&status=late&ordering=-score"
        ),
        "commitments_disagreement": f"/engagements/?disagreement=true&plan={plan.slug}",
        "commitment": f"/plans/{plan.slug}/engagements/{commitment.number}/",
        "administrations": "/administrations/",
        "administrations_of_plan": f"/administrations/?plan={plan.slug}",
        "administration": f"/administrations/{administration.slug}/",
        "organisations": "/organisations/",
        "methodology": "/methode/",
        "glossary": "/glossaire/",
        "reports": "/rapports/",
        "reports_feed": "/rapports/flux.atom",
        "plan_feed": f"/plans/{plan.slug}/flux.atom",
        "commitment_feed": f"/plans/{plan.slug}/engagements/{commitment.number}/flux.atom",
        "administration_feed": f"/administrations/{administration.slug}/flux.atom",
        "open_data": "/donnees-ouvertes/",
        "accessibility": "/accessibilite/",
        "legal_notice": "/mentions-legales/",
        "sitemap": "/plan-du-site/",
    }


def _disagreements(*, every: int) -> None:
    """Civil society disagreeing with one commitment in ``every`` (as the demo does), so the
    lists that show disagreements have rows to read."""
    import datetime

    from civilsociety.models import Assessment, Organisation, SelfAssessment

    org = Organisation.objects.create(name="Observatoire (test)", slug="observatoire-test")
    for c in Commitment.objects.filter(plan__published=True).order_by("id")[::every]:
        day = datetime.date(2017, 1, 1)
        SelfAssessment.objects.create(commitment=c, level="complete", set_on=day)
        Assessment.objects.create(
            commitment=c, organisation=org, assessed_on=day, level="limited", text="Limité."
        )


def assert_pinned(client, django_assert_num_queries) -> None:
    urls = page_urls()
    assert set(urls) == set(PAGE_QUERIES)
    for name, url in urls.items():
        with django_assert_num_queries(PAGE_QUERIES[name], info=f"{name}: {url}"):
            response = client.get(url)
        assert response.status_code == 200, (name, url)


def test_every_page_runs_its_pinned_number_of_queries_on_the_demo_plan(
    client, demo, django_assert_num_queries
):
    assert_pinned(client, django_assert_num_queries)


@pytest.mark.parametrize("size", [30, 120])
def test_the_count_does_not_grow_with_generated_worlds(client, size, django_assert_num_queries):
    make_world(size)
    _disagreements(every=5)
    assert Commitment.objects.count() == size
    assert_pinned(client, django_assert_num_queries)


def test_a_cached_page_runs_no_query(client, demo, django_assert_num_queries):
    urls = page_urls().values()
    for url in urls:
        assert client.get(url)["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        for url in urls:
            assert client.get(url)["X-Cache"] == "hit"
