"""The public pages of the reports: a fixed number of queries, the plan page and the footer
link to them, user text escaped, English available."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from commitments.models import Commitment
from reports import rules
from reports.models import Report
from reports.render import html_blocks, render_body
from reports.services import report_data, report_generate
from tests.factories import ActionPlanFactory

from .conftest import END, START

pytestmark = pytest.mark.django_db
D = datetime.date


def published(plan, end: datetime.date, version: int = 1) -> Report:
    """A published report written straight to the table (no PDF): for counting queries."""
    data = {"sections": {}, "n": end.isoformat()}
    return Report.objects.create(
        plan=plan,
        period_start=plan.period_start,
        period_end=end,
        version=version,
        status="published",
        method_version="v2",
        data=data,
        data_sha256=rules.data_sha256(data),
        html="<article><p>Rapport</p></article>",
        pdf=b"%PDF-1.7",
        odt=b"PK",
        generated_at=timezone.now(),
        published_at=timezone.now(),
    )


@pytest.mark.parametrize("size", [1, 6])
def test_the_archive_and_the_feed_run_one_query_whatever_their_size(
    client, size, django_assert_num_queries
):
    for n in range(size):
        plan = ActionPlanFactory()
        published(plan, plan.period_start + datetime.timedelta(days=300 + n))
    with django_assert_num_queries(1):
        assert client.get("/rapports/").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/rapports/flux.atom").status_code == 200
    report = Report.objects.first()
    with django_assert_num_queries(1):
        assert client.get(f"/rapports/{report.pk}/").status_code == 200


def test_the_plan_page_footer_and_site_map_lead_to_the_reports(client, plan):
    report = published(plan, END)
    page = client.get(f"/plans/{plan.slug}/").content.decode()
    assert f'href="/rapports/{report.pk}/"' in page and 'href="/rapports/"' in page
    assert 'href="/rapports/flux.atom"' in client.get("/plan-du-site/").content.decode()


def test_a_report_of_an_unpublished_plan_or_a_draft_is_not_public(client, plan):
    report = published(plan, END)
    plan.published = False
    plan.save()  # (the admin and the import bump the page cache; here it is clean)
    assert client.get(f"/rapports/{report.pk}/").status_code == 404
    assert client.get(f"/rapports/{report.pk}/rapport.pdf").status_code == 404
    assert client.get("/rapports/").content.decode().count(f"/rapports/{report.pk}/") == 0


def test_the_pages_speak_english_and_the_report_stays_french(client, plan):
    report = published(plan, END)
    client.cookies["django_language"] = "en"
    page = client.get(f"/rapports/{report.pk}/").content.decode()
    assert "Download the PDF" in page and "written in French" in page
    assert "Reports to Parliament" in client.get("/rapports/").content.decode()


def test_user_text_is_escaped_and_the_odt_reads_the_same_text(plan, coordinator):
    Commitment.objects.filter(plan=plan, number=3).update(title="<script>alert(1)</script> & co")
    draft, _ = report_generate(plan=plan, start=START, end=END, actor=coordinator, source="form")
    body = render_body(data=draft.data, meta={"data_sha256": draft.data_sha256, "draft": True})
    assert "<script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in body
    texts = [text for kind, text in html_blocks(body) if kind == "h3"]
    assert "Engagement 3 : <script>alert(1)</script> & co" in texts


def test_the_section_registry_takes_a_new_section_from_another_app(plan, coordinator):
    from reports import sections

    def collect(ctx):
        return {"as_of": ctx.as_of.isoformat(), "commitments": len(ctx.commitments)}

    sections.register(
        sections.Section(
            "extra", "Section d'essai", collect, "reports/sections/changes.html", order=45
        )
    )
    try:
        data = report_data(plan=plan, start=START, end=END, kind="custom")
        assert data["sections"]["extra"] == {"as_of": "2016-07-15", "commitments": 3}
        keys = [s.key for s in sections.registered()]
        assert keys.index("commitments") < keys.index("extra") < keys.index("changes")
    finally:
        sections._REGISTRY.pop("extra")
