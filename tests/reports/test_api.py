"""``/api/v1/reports/``: the published reports (never the drafts) with their links, filtered,
``updated_since``, CSV, ETag, in the OpenAPI schema and in each plan's bulk zip; a page costs
a fixed number of queries."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from opendata.bulk import opendata_export_plan
from reports.models import Report
from reports.services import report_generate, report_publish
from tests.factories import ActionPlanFactory

from .conftest import END, START

pytestmark = pytest.mark.django_db
SITE = {"HTTP_HOST": "pgo.example.gouv.fr", "HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture(autouse=True)
def _at_the_site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://pgo.example.gouv.fr"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, SITE["HTTP_HOST"]]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.fixture
def api():
    cache.clear()
    return APIClient(**SITE)


@pytest.fixture
def published(plan, coordinator):
    draft, _ = report_generate(plan=plan, start=START, end=END, actor=coordinator, source="form")
    report = report_publish(report=draft, actor=coordinator, source="form")
    # a draft of another period: never listed
    report_generate(
        plan=plan, start=START, end=datetime.date(2016, 12, 31), actor=coordinator, source="form"
    )
    return report


def frozen(plan, number: int, *, published_at=None, kind="custom") -> Report:
    """A published report row, without rendering its files (the list never reads them)."""
    day = datetime.date(2016, 1, 1) + datetime.timedelta(days=number)
    return Report.objects.create(
        plan=plan,
        kind=kind,
        period_start=START,
        period_end=day,
        status=Report.Status.PUBLISHED,
        method_version="v2",
        data={"n": number},
        data_sha256=f"{number:064d}",
        generated_at=timezone.now(),
        published_at=published_at or timezone.now(),
    )


def test_the_list_holds_the_published_reports_with_their_links(api, published):
    body = api.get("/api/v1/reports/").json()
    assert body["count"] == 1
    row = body["results"][0]
    base = f"https://pgo.example.gouv.fr/rapports/{published.pk}/"
    assert row == {
        "id": published.pk,
        "plan": "pan-2015-2017",
        "kind": "custom",
        "period_start": "2015-07-16",
        "period_end": "2016-07-15",
        "version": 1,
        "corrects": None,
        "correction_note": "",
        "method_version": published.method_version,
        "published_at": row["published_at"],
        "sha256": published.data_sha256,
        "page_url": base,
        "pdf_url": base + "rapport.pdf",
        "odt_url": base + "rapport.odt",
        "data_url": base + "donnees.json",
    }
    assert datetime.datetime.fromisoformat(row["published_at"]) == published.published_at
    assert api.get(row["pdf_url"]).content == bytes(published.pdf)
    assert api.get(f"/api/v1/reports/{published.pk}/").json()["sha256"] == published.data_sha256
    draft = Report.objects.get(status="draft")
    assert api.get(f"/api/v1/reports/{draft.pk}/").status_code == 404


def test_filters_updated_since_and_an_unpublished_plan(api, plan):
    early = frozen(plan, 1, published_at=timezone.now() - datetime.timedelta(days=3))
    late = frozen(plan, 2, kind="annual")
    other = frozen(ActionPlanFactory(slug="pan-2018-2020"), 3)

    def ids(**query):
        response = api.get("/api/v1/reports/", query)
        assert response.status_code == 200, response.content
        return [r["id"] for r in response.json()["results"]]

    assert ids() == [early.pk, late.pk, other.pk]
    assert ids(plan="pan-2015-2017") == [early.pk, late.pk]
    assert ids(kind="annual") == [late.pk]
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert ids(updated_since=since) == [late.pk, other.pk]
    assert api.get("/api/v1/reports/", {"kind": "weekly"}).status_code == 400
    plan.published = False
    plan.save()
    cache.clear()
    assert ids() == [other.pk]


def test_csv_and_etag(api, plan):
    frozen(plan, 1)
    response = api.get("/api/v1/reports/", {"format": "csv"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id,plan,kind,period_start,period_end,version")
    assert f"{1:064d}" in text and "/rapport.odt" in text
    etag = api.get("/api/v1/reports/")["ETag"]
    assert api.get("/api/v1/reports/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_publication_changes_the_etag(api, plan, coordinator):
    etag = api.get("/api/v1/reports/")["ETag"]
    draft, _ = report_generate(plan=plan, start=START, end=END, actor=coordinator, source="form")
    report_publish(report=draft, actor=coordinator, source="form")
    changed = api.get("/api/v1/reports/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["count"] == 1


@pytest.mark.parametrize("size", [2, 25])
def test_a_page_costs_a_fixed_number_of_queries(plan, django_assert_num_queries, size):
    for number in range(size):
        frozen(plan, number)
    cache.clear()
    client = APIClient(**SITE)
    with django_assert_num_queries(2):  # keys, page (with its plan)
        body = client.get("/api/v1/reports/", {"page_size": 50}).json()
    assert len(body["results"]) == size


def test_the_schema_documents_the_list(api):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    params = {p["name"] for p in schema["paths"]["/api/v1/reports/"]["get"]["parameters"]}
    assert {"plan", "kind", "updated_since", "ordering", "format"} <= params


def test_the_plan_zip_holds_the_reports_file(api, plan):
    report = frozen(plan, 1)
    plan.published = True
    plan.save()
    zip_path, _json = opendata_export_plan(plan=plan)
    archive = zipfile.ZipFile(io.BytesIO(zip_path.read_bytes()))
    from_api = api.get("/api/v1/reports/", {"plan": plan.slug, "format": "csv"}).content
    assert archive.read(f"{plan.slug}/reports.csv") == from_api
    assert str(report.pk) in from_api.decode("utf-8-sig")
    assert '"reports"' in archive.read(f"{plan.slug}/datapackage.json").decode()
