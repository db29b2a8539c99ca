"""Each list runs a fixed number of SQL queries, whatever its page size (and its format)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from commitments.models import ActionPlan
from sampledata.world import world_generate
from scoring.recompute import scores_recompute
from tests.factories import ActionPlanFactory

pytestmark = pytest.mark.django_db

# the ordered keys (or the count), the page, then one query per prefetched relation; the next
# pages of the same list read their keys from the cache (toolkit.api.pagination)
QUERIES = {
    "plans": 4,  # + axes, roll-ups
    "administrations": 3,  # + roll-ups per plan
    "commitments": 2,  # co-owners and partners inside the page query (JSONRows)
    "indicators": 2,  # latest value: sub-queries inside the page query
    "measurements": 2,
    "milestones": 2,
    "milestone-revisions": 2,
    "score-snapshots": 2,
    "changes": 2,
}


@pytest.fixture
def generated(db):
    today = timezone.localdate()
    world_generate(commitments=60, seed=5, as_of=today)
    ActionPlan.objects.update(published=True)
    for n in range(3):
        ActionPlanFactory(slug=f"pan-extra-{n}")
    scores_recompute(as_of=today)
    return ActionPlan.objects.order_by("pk").first()


@pytest.mark.parametrize("endpoint", QUERIES)
@pytest.mark.parametrize("page_size", [2, 40])
def test_a_page_costs_the_same_queries_whatever_its_size(
    api, generated, django_assert_num_queries, endpoint, page_size
):
    with django_assert_num_queries(QUERIES[endpoint]):
        response = api.get(f"/api/v1/{endpoint}/", {"page_size": page_size})
    body = response.json()
    assert len(body["results"]) == min(page_size, body["count"])
    assert body["count"] > 2 or endpoint == "plans"


@pytest.mark.parametrize("endpoint", QUERIES)
@pytest.mark.parametrize("page_size", [1, 2])
def test_the_next_pages_cost_one_query_less(
    api, generated, django_assert_num_queries, endpoint, page_size
):
    api.get(f"/api/v1/{endpoint}/", {"page_size": 1})  # count + rows: nothing kept
    api.get(f"/api/v1/{endpoint}/", {"page_size": 1, "page": 3})  # the keys, kept
    with django_assert_num_queries(QUERIES[endpoint] - 1):
        response = api.get(f"/api/v1/{endpoint}/", {"page_size": page_size, "page": 2})
    body = response.json()
    assert 0 < len(body["results"]) <= page_size
    assert body["previous"]


@pytest.mark.parametrize("endpoint", QUERIES)
def test_a_whole_csv_costs_the_same_queries_as_a_page_without_the_count(
    api, generated, django_assert_num_queries, endpoint
):
    with django_assert_num_queries(QUERIES[endpoint] - 1):
        response = api.get(f"/api/v1/{endpoint}/", {"format": "csv"})
    assert response.status_code == 200


@pytest.mark.parametrize("endpoint", [e for e in QUERIES if e not in ("plans",)])
def test_filtering_by_plan_adds_one_query_to_check_the_plan(
    api, generated, django_assert_num_queries, endpoint
):
    with django_assert_num_queries(QUERIES[endpoint] + 1):
        response = api.get(f"/api/v1/{endpoint}/", {"plan": generated.slug, "page_size": 30})
    assert response.status_code == 200


@pytest.mark.parametrize("endpoint", QUERIES)
def test_one_object_costs_its_queries_without_the_count(
    api, generated, django_assert_num_queries, endpoint
):
    first = api.get(f"/api/v1/{endpoint}/", {"page_size": 1}).json()["results"][0]
    with django_assert_num_queries(QUERIES[endpoint] - 1):
        response = api.get(f"/api/v1/{endpoint}/{first['id']}/")
    assert response.json() == first
