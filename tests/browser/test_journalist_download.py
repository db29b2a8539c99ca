"""Issue 15, item 2: a journalist asked to "download all the data of the 2015-2017 plan as CSV"
gave up after two clicks (no download button anywhere). From the home page: "Données ouvertes",
then the plan's CSV archive; the file is the plan's data."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_journalist_gets_the_csv_of_the_2015_2017_plan_in_two_clicks_from_home(
    live_server, page, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())  # what `make run` does

    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Données ouvertes"
    ).click()  # first click
    link = page.get_by_role("link", name="Télécharger toutes les données du plan").filter(
        has_text="2015-2017"
    )
    link = link.filter(has_text="CSV (archive zip)")
    screenshot(page, "journaliste-donnees-ouvertes")
    with page.expect_download() as started:
        link.click()  # second click
    download = started.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.suffix == ".zip"

    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        commitments = archive.read("pan-2015-2017/commitments.csv").decode("utf-8-sig")
    assert "pan-2015-2017/milestones.csv" in names and "pan-2015-2017/datapackage.json" in names
    rows = list(csv.DictReader(io.StringIO(commitments, newline="")))
    assert len(rows) == 26
    assert {row["plan.slug"] for row in rows} == {"pan-2015-2017"}
    assert rows[1]["title"] == "Accroître la transparence de la commande publique"
