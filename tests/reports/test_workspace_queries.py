"""The coordination team's report pages run a fixed number of SQL queries: the list whatever
the number of reports, the review of a draft whatever the size of its plan."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports.models import Report
from reports.services import report_correct, report_generate
from tests.factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory

from .conftest import END, START

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def frozen(plan, day: int, *, corrects=None) -> Report:
    return Report.objects.create(
        plan=plan,
        period_start=START,
        period_end=START + datetime.timedelta(days=day),
        version=2 if corrects else 1,
        corrects=corrects,
        correction_note="Corrigé." if corrects else "",
        status=Report.Status.PUBLISHED,
        method_version="v2",
        data={"sections": {}},
        data_sha256="0" * 64,
        generated_at=timezone.now(),
        published_at=timezone.now(),
    )


def grow(plan, size: int) -> None:
    """``size`` published reports (each second one corrected by a later version) and drafts."""
    for day in range(1, size + 1):
        report = frozen(plan, day)
        if day % 2:
            frozen(plan, day, corrects=report)


@pytest.mark.parametrize("size", [1, 12])
def test_the_reports_list_runs_a_fixed_number_of_queries(client, plan, coordinator, size):
    grow(plan, size)
    report_generate(plan=plan, start=START, end=END, actor=coordinator, source="form")
    client.force_login(coordinator)
    # session, user, profile (coordinator?), the reports (with what corrects them), the
    # plans of the generation form (its select is read twice when the form renders)
    assert queries(client, "/espace/coordination/rapports/") == 6


def big_plan(commitments: int):
    plan = ActionPlanFactory(slug=f"pan-{commitments}")
    for number in range(1, commitments + 1):
        c = CommitmentFactory(plan=plan, number=number, title=f"Engagement {number}")
        MilestoneFactory(commitment=c, due_date=datetime.date(2016, 1, 1))  # late on END
    return plan


@pytest.mark.parametrize("commitments", [1, 15])
def test_the_review_of_a_draft_and_of_a_correction_run_a_fixed_number_of_queries(
    client, coordinator, commitments
):
    from reports.services import _publish

    plan = big_plan(commitments)
    draft, _ = report_generate(plan=plan, start=START, end=END, actor=coordinator, source="form")
    client.force_login(coordinator)
    # session, user, profile, the report (with its plan and what it corrects)
    assert queries(client, f"/espace/coordination/rapports/{draft.pk}/") == 4
    published = _publish(report=draft, actor=coordinator, source="form")
    assert queries(client, f"/espace/coordination/rapports/{published.pk}/") == 4
    correction = report_correct(report=published, note="Un coût.", actor=coordinator, source="form")
    assert queries(client, f"/espace/coordination/rapports/{correction.pk}/") == 4
