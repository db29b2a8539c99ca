"""What is served beside the API: the DCAT-AP catalogue (JSON-LD, parsed with rdflib), the
schema repository at stable versioned addresses, and each file of each package."""

from __future__ import annotations

import json

import pytest
import rdflib

from opendata.bulk import opendata_regenerate
from opendata.resources import resource_names
from opendata.tableschema import registry
from tests.api.conftest import build_world

pytestmark = [
    pytest.mark.django_db,
    # rdflib's own JSON-LD parser still builds a ConjunctiveGraph
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
RDF = rdflib.RDF

SITE = "https://pgo.example.gouv.fr"
LICENCE = rdflib.URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")


@pytest.fixture
def world(db):
    found = build_world()
    opendata_regenerate()
    return found


def graph_of(client) -> rdflib.Graph:
    response = client.get("/donnees-ouvertes/catalogue.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    return rdflib.Graph().parse(data=response.content, format="json-ld")


def test_the_catalogue_lists_every_published_plan_with_its_distributions_and_licence(client, world):
    graph = graph_of(client)
    catalogue = rdflib.URIRef(f"{SITE}/donnees-ouvertes/catalogue.jsonld")
    assert (catalogue, RDF.type, DCAT.Catalog) in graph
    datasets = set(graph.objects(catalogue, DCAT.dataset))
    identifiers = {str(graph.value(d, DCTERMS.identifier)) for d in datasets}
    assert identifiers == {"pgo-pan-2015-2017", "pgo-pan-2024-2026", "pgo-tous-les-plans"}
    for dataset in datasets:
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        assert (dataset, DCTERMS.license, LICENCE) in graph
        titles = {t.language for t in graph.objects(dataset, DCTERMS.title)}
        assert titles == {"fr", "en"}
        distributions = set(graph.objects(dataset, DCAT.distribution))
        urls = {str(graph.value(d, DCAT.accessURL)) for d in distributions}
        for distribution in distributions:
            assert (distribution, DCTERMS.license, LICENCE) in graph
            assert graph.value(distribution, DCAT.mediaType) is not None
        slug = str(graph.value(dataset, DCTERMS.identifier)).removeprefix("pgo-")
        files = (
            f"{SITE}/donnees-ouvertes/tous-les-plans/"
            if slug == "tous-les-plans"
            else f"{SITE}/donnees-ouvertes/plans/{slug}/"
        )
        assert f"{files}datapackage.json" in urls
        assert {f"{files}{name}.csv" for name in resource_names()} <= urls
        if slug != "tous-les-plans":
            assert f"{SITE}/api/v1/downloads/{slug}.zip" in urls
            assert f"{SITE}/api/v1/downloads/{slug}.json" in urls
            assert f"{SITE}/api/v1/commitments/?plan={slug}" in urls
        # each CSV file says which published schema it follows
        csv = rdflib.URIRef(f"{files}milestones.csv")
        version = registry.versions("milestones")[0].label
        assert graph.value(csv, DCTERMS.conformsTo) == rdflib.URIRef(
            f"{SITE}/schemas/milestones/{version}/schema.json"
        )
    assert "pan-brouillon" not in graph.serialize(format="turtle")


def test_every_address_of_the_catalogue_answers(client, world):
    graph = graph_of(client)
    urls = {str(o) for o in graph.objects(None, DCAT.downloadURL)}
    urls |= {str(o) for o in graph.objects(None, DCTERMS.conformsTo) if "/schemas/" in str(o)}
    assert len(urls) > 20
    for url in sorted(urls):
        response = client.get(url.removeprefix(SITE))
        assert response.status_code == 200, url


def test_a_plan_without_files_yet_is_listed_with_its_api_only(client, db):
    build_world()  # nothing generated
    graph = graph_of(client)
    plan = rdflib.URIRef(f"{SITE}/donnees-ouvertes/#pgo-pan-2015-2017")
    distributions = list(graph.objects(plan, DCAT.distribution))
    assert [str(graph.value(d, DCAT.accessURL)) for d in distributions] == [
        f"{SITE}/api/v1/commitments/?plan=pan-2015-2017"
    ]


# --- the schema repository -----------------------------------------------------------------------


def test_each_schema_is_served_at_its_version_and_as_latest(client, db):
    index = client.get("/schemas/", HTTP_ORIGIN="https://example.org")
    assert index.status_code == 200
    assert index["Access-Control-Allow-Origin"] == "*"
    listed = {s["name"]: s for s in index.json()["schemas"]}
    assert list(listed) == resource_names()
    for name, entry in listed.items():
        version = registry.committed_schema(name)["version"]
        assert entry["url"] == f"{SITE}/schemas/{name}/{version}/schema.json"
        served = client.get(f"/schemas/{name}/{version}/schema.json").json()
        assert served == client.get(f"/schemas/{name}/latest/schema.json").json()
        committed = registry.committed_schema(name)
        assert {k: v for k, v in served.items() if k not in ("homepage", "path")} == committed
        assert served["path"] == entry["url"]
        assert served["homepage"] == f"{SITE}/donnees-ouvertes/"
        readme = client.get(f"/schemas/{name}/{version}/README.md")
        assert readme["Content-Type"] == "text/markdown; charset=utf-8"
        assert b"## Colonnes" in readme.content
        assert client.get(f"/schemas/{name}/{version}/CHANGELOG.md").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/schemas/commitments/0.0.1/schema.json",  # not a published version
        "/schemas/inconnu/latest/schema.json",
        "/schemas/commitments/latest/exemple.csv",
        "/donnees-ouvertes/plans/pan-brouillon/datapackage.json",  # draft plan
        "/donnees-ouvertes/plans/pan-2015-2017/inconnu.csv",
        "/donnees-ouvertes/plans/..%2Fsettings/datapackage.json",
    ],
)
def test_unknown_or_private_files_are_a_404_in_json(client, world, url):
    response = client.get(url)
    assert response.status_code == 404
    if response["Content-Type"] == "application/json":
        assert response.json()["code"] == "not_found"


def test_the_files_of_a_package_are_served_from_its_zip_with_conditional_requests(client, world):
    descriptor = client.get("/donnees-ouvertes/plans/pan-2015-2017/datapackage.json")
    assert descriptor.status_code == 200
    package = json.loads(descriptor.content)
    assert package["id"] == f"{SITE}/donnees-ouvertes/plans/pan-2015-2017/datapackage.json"
    for resource in package["resources"]:
        csv = client.get(f"/donnees-ouvertes/plans/pan-2015-2017/{resource['path']}")
        assert csv["Content-Type"] == "text/csv; charset=utf-8"
        assert len(csv.content) == resource["bytes"]
    api_csv = client.get("/api/v1/milestones/", {"plan": "pan-2015-2017", "format": "csv"})
    assert client.get("/donnees-ouvertes/plans/pan-2015-2017/milestones.csv").content == (
        api_csv.content
    )
    again = client.get(
        "/donnees-ouvertes/plans/pan-2015-2017/datapackage.json",
        HTTP_IF_NONE_MATCH=descriptor["ETag"],
    )
    assert again.status_code == 304
    whole = client.get("/donnees-ouvertes/tous-les-plans/pgo-tous-les-plans.zip")
    assert whole.status_code == 200
    assert whole["Content-Type"] == "application/zip"
    plans = client.get("/donnees-ouvertes/tous-les-plans/plans.csv").content.decode("utf-8-sig")
    assert "pan-2015-2017" in plans and "pan-2024-2026" in plans and "pan-brouillon" not in plans
