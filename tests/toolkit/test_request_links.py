"""Issue 15, item 1: with ``PORT=8201 make run`` every ``url``, ``page_url`` and download link of
the API pointed at port 8000 (``SITE_URL``'s default). Links now come from the request; the
files written without a request keep ``SITE_URL``."""

import zipfile

import orjson
import pytest
from django.core.cache import cache

from opendata.bulk import opendata_dir, opendata_export_plan
from tests.factories import MilestoneFactory

pytestmark = pytest.mark.django_db

LOCAL = "http://127.0.0.1:8201"


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    cache.clear()
    settings.SITE_URL = "http://127.0.0.1:8000"  # the default, while the server runs on 8201
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    cache.clear()


@pytest.fixture
def commitment():
    milestone = MilestoneFactory()
    return milestone.commitment


def _links(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("url", "page_url", "next", "previous") and isinstance(item, str):
                yield item
            yield from _links(item)
    elif isinstance(value, list):
        for item in value:
            yield from _links(item)


def test_the_api_links_point_at_the_port_the_server_runs_on(client, commitment):
    opendata_export_plan(plan=commitment.plan)
    found = []
    for address in (
        "/api/v1/",
        "/api/v1/commitments/",
        "/api/v1/milestones/",
        "/api/v1/plans/",
        "/api/v1/downloads/",
    ):
        response = client.get(address, HTTP_HOST="127.0.0.1:8201")
        assert response.status_code == 200, address
        body = response.json()
        found += list(_links(body)) + [v for v in body.values() if isinstance(v, str)]
    links = [link for link in found if link.startswith("http") and "etalab" not in link]
    assert any("/engagements/" in link for link in links)  # page_url
    assert any("/api/v1/downloads/" in link and link.endswith(".zip") for link in links)
    assert links and [link for link in links if not link.startswith(LOCAL + "/")] == []


def test_the_downloads_link_of_the_demo_can_be_fetched_at_that_address(client, commitment):
    opendata_export_plan(plan=commitment.plan)
    body = client.get("/api/v1/downloads/", HTTP_HOST="127.0.0.1:8201").json()
    (zip_file,) = [f for f in body["results"][0]["files"] if f["format"] == "zip"]
    path = zip_file["url"].removeprefix(LOCAL)
    response = client.get(path, HTTP_HOST="127.0.0.1:8201")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"


def test_behind_a_proxy_the_forwarded_scheme_and_host_are_used(client, settings, commitment):
    settings.ALLOWED_HOSTS = ["pgo.gouv.fr", "backend"]
    settings.USE_X_FORWARDED_HOST = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    body = client.get(
        "/api/v1/commitments/",
        HTTP_HOST="backend",
        HTTP_X_FORWARDED_HOST="pgo.gouv.fr",
        HTTP_X_FORWARDED_PROTO="https",
    ).json()
    item = body["results"][0]
    assert item["url"].startswith("https://pgo.gouv.fr/api/v1/commitments/")
    assert item["page_url"].startswith("https://pgo.gouv.fr/plans/")


def test_without_the_proxy_settings_the_forwarded_headers_are_ignored(client, settings, commitment):
    settings.ALLOWED_HOSTS = ["pgo.gouv.fr", "backend"]
    body = client.get(
        "/api/v1/commitments/",
        HTTP_HOST="backend",
        HTTP_X_FORWARDED_HOST="pgo.gouv.fr",
        HTTP_X_FORWARDED_PROTO="https",
    ).json()
    assert body["results"][0]["url"].startswith("http://backend/api/v1/")


def test_the_same_page_asked_at_two_addresses_is_not_served_from_the_other_ones_cache(
    client, commitment
):
    first = client.get("/api/v1/commitments/", HTTP_HOST="127.0.0.1:8201").json()
    second = client.get("/api/v1/commitments/", HTTP_HOST="localhost:8202").json()
    assert first["results"][0]["url"].startswith(LOCAL)
    assert second["results"][0]["url"].startswith("http://localhost:8202/")


def test_bulk_files_written_while_serving_a_request_keep_site_url(client, commitment):
    """A file outlives the request (an import from the workspace regenerates it after its
    commit, in-process without Redis): its links are SITE_URL's."""
    from toolkit.api.support import links_from

    with links_from("http://127.0.0.1:8201"):
        opendata_export_plan(plan=commitment.plan)
    slug = commitment.plan.slug
    document = orjson.loads((opendata_dir() / f"{slug}.json").read_bytes())
    assert document["api"] == "http://127.0.0.1:8000/api/v1/"
    with zipfile.ZipFile(opendata_dir() / f"{slug}.zip") as archive:
        commitments_csv = archive.read(f"{slug}/commitments.csv").decode("utf-8-sig")
    assert "http://127.0.0.1:8000/plans/" in commitments_csv
    assert "8201" not in commitments_csv
