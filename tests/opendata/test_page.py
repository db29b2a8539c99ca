"""The open-data page explains the packages, the schemas (a table of columns per file, read from
the schema itself) and the catalogue, and links each of them."""

from __future__ import annotations

import datetime
import re

import pytest

from opendata.bulk import opendata_regenerate
from opendata.resources import resource_names
from opendata.tableschema import registry
from tests.api.conftest import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    found = build_world()
    opendata_regenerate()
    return found


def test_the_page_links_the_catalogue_each_schema_and_each_package(client, world):
    html = client.get("/donnees-ouvertes/").content.decode()
    assert 'href="https://pgo.example.gouv.fr/donnees-ouvertes/catalogue.jsonld"' in html
    for name in resource_names():
        version = registry.committed_schema(name)["version"]
        assert f'href="https://pgo.example.gouv.fr/schemas/{name}/{version}/schema.json"' in html
    for slug in ("pan-2015-2017", "pan-2024-2026"):
        assert f'href="https://pgo.example.gouv.fr/api/v1/downloads/{slug}.zip"' in html
        assert (
            f'href="https://pgo.example.gouv.fr/donnees-ouvertes/plans/{slug}/datapackage.json"'
        ) in html
    assert "tous-les-plans/pgo-tous-les-plans.zip" in html
    assert "pan-brouillon" not in html
    assert "frictionless validate" in html


def test_each_file_has_its_columns_table_read_from_its_schema_in_the_visitors_language(
    client, world
):
    html = client.get("/donnees-ouvertes/").content.decode()
    schema = registry.committed_schema("milestones")
    assert "Colonnes de milestones.csv" in html
    for field in schema["fields"]:
        assert f"<code>{field['name']}</code>" in html
    assert "Compté, non réalisé, échéance de référence passée" in html  # a French description
    client.cookies["django_language"] = "en"
    english = client.get("/donnees-ouvertes/").content.decode()
    assert "Columns of milestones.csv" in english
    assert "Counted, not completed, reference due date passed" in english  # its English description
    assert "Check a download" in english


def test_the_packages_come_ten_plans_a_page_newest_first_so_the_page_does_not_grow(
    client, django_assert_num_queries
):
    """With hundreds of plans (a generated world), listing every plan's package made the page
    grow with the database (bench/page_scaling.py: 1.6× from 5,000 to 20,000 commitments)."""
    from tests.factories import ActionPlanFactory

    plans = [
        ActionPlanFactory(
            slug=f"pan-{2000 + n}-{2002 + n}", period_start=datetime.date(2000 + n, 1, 1)
        )
        for n in range(12)
    ]
    newest_first = [p.slug for p in reversed(plans)]

    def shown(html: str) -> list[str]:
        return re.findall(r'<h3 id="paquet-\d+" class="fr-h5">Plan d[^ ]+ national ([^<]+)<', html)

    with django_assert_num_queries(2):  # the count, the plans of the page
        first = client.get("/donnees-ouvertes/").content.decode()
    assert shown(first) == [s[4:] for s in newest_first[:10]]
    assert "Tous les plans publiés" in first
    assert "Plans 1 à 10 sur 12, du plus récent au plus ancien." in first
    assert 'href="?page=2"' in first
    second = client.get("/donnees-ouvertes/", {"page": "2"}).content.decode()
    assert shown(second) == [s[4:] for s in newest_first[10:]]
    assert "Plans 11 à 12 sur 12" in second
    # a page number out of range or not a number gives a page, never an error
    assert client.get("/donnees-ouvertes/", {"page": "99"}).status_code == 200
    assert client.get("/donnees-ouvertes/", {"page": "x"}).status_code == 200
