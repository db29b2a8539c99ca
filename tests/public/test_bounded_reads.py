"""Public pages read what they show, not the whole database (issue 14, item 3), locked in
without timing: the method page's example is chosen within the newest plan only, the
commitment list reads the rows of its page only, an administration's page shows its newest
commitments with a link to all of them."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from public import selectors
from public.views import commitment_pages
from scoring.recompute import scores_recompute
from tests.factories import (
    ActionPlanFactory,
    AdministrationFactory,
    CommitmentFactory,
    IndicatorFactory,
    MilestoneFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def plan_of(start_year: int, **kwargs):
    return ActionPlanFactory(
        period_start=D(start_year, 1, 1), period_end=D(start_year + 2, 1, 1), **kwargs
    )


def test_the_method_example_is_chosen_within_the_newest_plan_only():
    old, new = plan_of(2015), plan_of(2021)
    # the older plan has the richer example (late, a cancellation, a late completion): it would
    # be chosen if the query looked beyond the newest plan
    rich = CommitmentFactory(plan=old, number=1, late_milestones=1)
    IndicatorFactory(commitment=rich)
    MilestoneFactory(
        commitment=rich,
        reference="a",
        status="cancelled",
        justification="Raison",
        due_date=D(2016, 1, 1),
    )
    MilestoneFactory(
        commitment=rich,
        reference="b",
        status="completed",
        due_date=D(2016, 1, 1),
        completed_on=D(2016, 3, 1),
    )
    plain = CommitmentFactory(plan=new, number=1)
    IndicatorFactory(commitment=plain)
    MilestoneFactory(commitment=plain, reference="a", due_date=D(2022, 1, 1))
    MilestoneFactory(commitment=plain, reference="b", due_date=D(2022, 6, 1))
    with CaptureQueriesContext(connection) as queries:
        chosen = selectors.worked_example_commitment()
    assert chosen == plain
    (query,) = queries.captured_queries
    assert "LIMIT 1" in query["sql"]  # the newest plan, inside the one query


def test_the_commitment_list_reads_the_rows_of_its_page_only(client):
    plan = plan_of(2021)
    for number in range(1, 31):
        CommitmentFactory(plan=plan, number=number)
    asked: list[list[int]] = []
    real = selectors.commitments_public_in_order

    def spy(ids):
        asked.append(list(ids))
        return real(ids)

    with mock.patch.object(commitment_pages.selectors, "commitments_public_in_order", spy):
        assert client.get("/engagements/?page=2").status_code == 200
    assert len(asked) == 1 and len(asked[0]) == 30 - commitment_pages.PAGE_SIZE


def test_an_administration_page_shows_its_newest_commitments_and_links_to_all(client):
    administration = AdministrationFactory()
    old, new = plan_of(2015), plan_of(2021)
    for number in range(1, 15):
        CommitmentFactory(plan=old, number=number, lead_administration=administration)
        CommitmentFactory(plan=new, number=number, lead_administration=administration)
    scores_recompute(as_of=D(2022, 1, 1))
    page = selectors.administration_page(
        administration=administration, as_of=D(2022, 1, 1), commitments_limit=20
    )
    assert len(page.led) == 20 and page.led_more
    assert [c.plan_id for c in page.led[:14]] == [new.pk] * 14  # the newest plan first
    assert page.overall is not None and page.overall.commitments == 28  # figures count all
    html = client.get(f"/administrations/{administration.slug}/").content.decode()
    assert f"/engagements/?administration={administration.slug}" in html
    assert "Les 25 engagements les plus récents sont affichés." in html


def test_the_all_plans_league_reads_the_administration_roll_ups_not_every_plan_ones():
    """Each administration's figures over all published plans: its all-plans roll-up minus its
    roll-ups in draft plans (exact), read without going through the roll-ups of every published
    plan (an OR over them read all of them: 10 ms at 20,000 commitments)."""
    from commitments.models import Rollup
    from public.figures import administration_figures

    administration = AdministrationFactory()
    published, draft = plan_of(2015), plan_of(2021, published=False)
    for number in range(1, 4):
        CommitmentFactory(plan=published, number=number, lead_administration=administration)
    for number in range(1, 3):
        CommitmentFactory(plan=draft, number=number, lead_administration=administration)
    scores_recompute(as_of=D(2022, 1, 1))
    assert (
        Rollup.objects.get(scope="administration", administration=administration).commitments == 5
    )

    with CaptureQueriesContext(connection) as queries:
        figures = administration_figures()

    assert figures[administration.pk].commitments == 3  # the draft plan's two are not public
    # exactly the sums of the one published plan
    assert figures[administration.pk] == administration_figures(plan=published)[administration.pk]
    (sql,) = [q["sql"] for q in queries]
    assert " OR " not in sql.upper(), sql
