"""The consultations and proposals in the API: JSON and CSV, filters, ``updated_since``,
drafts kept out, a fixed number of queries per page, documented in the OpenAPI schema."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from consultations.importer import proposals_import
from consultations.models import Proposal

from .conftest import GOOD, csv_file, line

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(cast):
    cache.clear()
    assert proposals_import(data=GOOD, filename="p.csv", actor=cast.coordinator).ok
    return APIClient()


def test_the_consultations_list_has_the_counts(api):
    body = api.get("/api/v1/consultations/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["slug"], row["plan"], row["proposals"], row["retained"], row["merged"]) == (
        "consultation-pan-2015",
        "pan-2015-2017",
        5,
        1,
        1,
    )
    assert (row["not_retained"], row["pending"]) == (2, 1)
    assert row["page_url"].endswith("/consultations/consultation-pan-2015/")


def test_the_proposals_list_and_its_filters(api, cast):
    body = api.get("/api/v1/proposals/").json()
    assert [r["external_id"] for r in body["results"]] == ["P1", "P2", "P3", "P4", "P5"]
    p2 = body["results"][1]
    assert p2["outcome"] == "merged" and [c["number"] for c in p2["commitments"]] == [1, 2]
    assert body["results"][2]["reason"] == "Hors du champ du plan"

    def ids(**query):
        return [r["external_id"] for r in api.get("/api/v1/proposals/", query).json()["results"]]

    assert ids(outcome="not_retained") == ["P3", "P4"]
    assert ids(commitment=cast.commitments[1].pk) == ["P2"]
    assert ids(consultation="consultation-pan-2015", author_kind="pseudonym") == ["P3", "P4"]
    assert ids(q="sénat") == ["P4"]
    bad = api.get("/api/v1/proposals/", {"outcome": "maybe"})
    assert bad.status_code == 400


def test_updated_since_returns_only_what_changed(api, cast):
    later = timezone.now() + datetime.timedelta(seconds=1)
    Proposal.objects.filter(external_id="P5").update(updated_at=later)
    body = api.get("/api/v1/proposals/", {"updated_since": later.isoformat()}).json()
    assert [r["external_id"] for r in body["results"]] == ["P5"]


def test_csv(api):
    response = api.get("/api/v1/proposals/", {"format": "csv"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert "external_id" in header and "commitments.number" in header
    assert "P2" in text and "1 | 2" in text


def test_a_draft_plans_proposals_stay_out(api, cast):
    cast.plan.published = False
    cast.plan.save()
    cache.clear()
    assert api.get("/api/v1/proposals/").json()["count"] == 0
    assert api.get("/api/v1/consultations/").json()["count"] == 0


@pytest.mark.parametrize("size", [2, 30])
def test_a_page_costs_a_fixed_number_of_queries(cast, django_assert_num_queries, size):
    lines = [line(f"Q{i:03}", f"Proposition {i}", numbers="1; 2") for i in range(size)]
    assert proposals_import(data=csv_file(*lines), filename="p.csv", actor=cast.coordinator).ok
    cache.clear()
    client = APIClient()
    with django_assert_num_queries(3):  # keys, page, commitments
        body = client.get("/api/v1/proposals/", {"page_size": 50}).json()
    assert len(body["results"]) == size
    with django_assert_num_queries(2):  # keys, page with the counts
        client.get("/api/v1/consultations/")


def test_the_schema_documents_the_lists(api):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    assert "/api/v1/proposals/" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/v1/proposals/"]["get"]["parameters"]}
    assert {"outcome", "commitment", "consultation", "updated_since", "q"} <= params


@pytest.mark.parametrize("endpoint", ["consultations", "proposals"])
def test_fast_and_drf_representations_are_identical(api, endpoint, monkeypatch):
    from rest_framework import serializers

    from toolkit.api.fast_serializer import FastSerializer

    fast = api.get(f"/api/v1/{endpoint}/").content
    cache.clear()
    monkeypatch.setattr(
        FastSerializer, "to_representation", serializers.Serializer.to_representation
    )
    assert api.get(f"/api/v1/{endpoint}/").content == fast
