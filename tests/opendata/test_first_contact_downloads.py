"""Issue 15, item 2: after ``make run`` ``/api/v1/downloads/`` listed the demo plan with
``"files": []`` and ``/donnees-ouvertes/`` promised files "régénérés chaque nuit" that never came
without beat; there was no download button anywhere. The bulk files are now written by
``load_demo``, by every import and by ``manage.py regenerate_opendata``; the open-data page has
real download buttons; every public list page offers its CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commitments.models import ActionPlan
from opendata.bulk import opendata_dir
from tests.importexport.helpers import SLUG, VALID_JSON

pytestmark = pytest.mark.django_db

DEMO = "pan-2015-2017"


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _files(client, slug):
    body = client.get("/api/v1/downloads/").json()
    entry = next(e for e in body["results"] if e["plan"]["slug"] == slug)
    return {f["format"]: f for f in entry["files"]}


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_load_demo_writes_the_bulk_files_at_once(client):
    out = _run("load_demo")
    assert "Fichiers de données ouvertes générés" in out
    files = _files(client, DEMO)
    assert set(files) == {"zip", "json"} and files["zip"]["size"] > 1000
    response = client.get(files["zip"]["url"].removeprefix("https://pgo.example.gouv.fr"))
    assert response.status_code == 200


def test_an_unchanged_rerun_of_load_demo_brings_back_missing_files_and_else_writes_nothing():
    _run("load_demo")
    zip_path = opendata_dir() / f"{DEMO}.zip"
    stamp = zip_path.stat().st_mtime_ns
    assert "déjà à jour" in _run("load_demo")
    assert zip_path.stat().st_mtime_ns == stamp
    zip_path.unlink()
    assert "générés" in _run("load_demo")
    assert zip_path.exists()


def test_an_import_writes_the_files_of_its_plan(tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "plan.json"
    path.write_bytes(VALID_JSON)
    with django_capture_on_commit_callbacks(execute=True):
        _run("import_plan", str(path))
    assert (opendata_dir() / f"{SLUG}.zip").exists()
    assert (opendata_dir() / f"{SLUG}.json").exists()


def test_the_command_regenerates_every_published_plan_or_the_ones_named(client):
    from sampledata.demo import demo_load

    demo_load()
    assert _files(client, DEMO) == {}
    out = _run("regenerate_opendata", "--plan", DEMO)
    assert f"généré : {DEMO}" in out
    assert set(_files(client, DEMO)) == {"zip", "json"}
    assert (opendata_dir() / "tous-les-plans" / "pgo-tous-les-plans.zip").exists()
    _run("regenerate_opendata")  # twice: the same files, written again
    assert sorted(p.name for p in opendata_dir().iterdir()) == [
        f"{DEMO}.json",
        f"{DEMO}.zip",
        "tous-les-plans",
    ]


def test_the_command_refuses_an_unknown_or_unpublished_plan_and_writes_nothing():
    from sampledata.demo import demo_load

    demo_load()
    ActionPlan.objects.create(
        slug="brouillon", title="Brouillon", period_start="2024-01-01", period_end="2025-01-01"
    )
    for slug in ("inconnu", "brouillon"):
        with pytest.raises(CommandError, match=slug):
            _run("regenerate_opendata", "--plan", DEMO, "--plan", slug)
    assert not opendata_dir().exists() or not any(opendata_dir().iterdir())


def test_the_open_data_page_has_real_download_buttons_with_size_and_date(client):
    _run("load_demo")
    html = client.get("/donnees-ouvertes/").content.decode()
    assert 'régénéré chaque nuit"' not in html
    buttons = re.findall(r'<a class="fr-link fr-link--download" href="([^"]+)" download>', html)
    zips = [b for b in buttons if b.endswith(f"/downloads/{DEMO}/zip/") or b.endswith(".zip")]
    assert zips, buttons
    csvs = [b for b in buttons if b.endswith(".csv")]
    assert any(b.endswith(f"/plans/{DEMO}/commitments.csv") for b in csvs)
    assert any("/json" in b or b.endswith(".json") for b in buttons)
    assert re.search(r"ZIP – [0-9][0-9,.\xa0 ]*[kKM]i?o", html), "the zip's size"
    assert "Fichiers générés le" in html
    commitments_csv = next(b for b in csvs if b.endswith(f"/plans/{DEMO}/commitments.csv"))
    response = client.get(commitments_csv.removeprefix("https://pgo.example.gouv.fr"))
    assert response.status_code == 200
    assert len(_rows(response.content)) == 26


@pytest.mark.parametrize(
    ("page", "query", "expected"),
    [
        ("/engagements/", {"plan": DEMO, "status": "late", "page": "1"}, None),
        ("/engagements/", {}, 26),
        ("/administrations/", {"plan": DEMO}, None),
        ("/plans/", {}, 1),
    ],
)
def test_every_public_list_page_offers_the_csv_of_its_current_filters(
    client, page, query, expected
):
    from sampledata.demo import demo_load

    demo_load()
    html = client.get(page, query).content.decode()
    match = re.search(
        r'<a class="fr-link fr-link--download" href="([^"]+)" download>Télécharger \(CSV\)', html
    )
    assert match, page
    url = match[1].replace("&amp;", "&")
    assert "format=csv" in url and "page=" not in url
    for key, value in query.items():
        if key != "page":
            assert f"{key}={value}" in url
    response = client.get(url)
    assert response.status_code == 200, response.content[:200]
    rows = _rows(response.content)
    if expected is not None:
        assert len(rows) == expected
    if "status" in query:
        assert all(row["status"] == "late" for row in rows)
        api = client.get("/api/v1/commitments/", {"plan": DEMO, "status": "late"}).json()
        assert len(rows) == api["count"]
    if page == "/administrations/":
        assert rows
