"""The first page of a list counts and reads its rows in the database (what it shows, whatever the
size of the list); a second page reads the ordered keys once per data version and filters, then
every other page of that list reads its keys and its count from the cache
(``toolkit.api.pagination``)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import ActionPlan, Commitment
from tests.factories import CommitmentFactory
from toolkit.api import pagination as api_pagination
from toolkit.api.pagination import KEYS_PREFIX
from toolkit.cache import data_version_bump

pytestmark = pytest.mark.django_db

# keys (or count) + rows (co-owners and partners are read in the same query)
FIRST_PAGE = 2


def public_order() -> list[int]:
    return list(
        Commitment.objects.filter(plan__published=True)
        .order_by("-plan__period_start", "plan__slug", "number", "id")
        .values_list("id", flat=True)
    )


def walk(api, **params) -> list[int]:
    ids: list[int] = []
    page = 1
    while True:
        body = api.get("/api/v1/commitments/", {"page_size": 1, "page": page, **params}).json()
        ids += [item["id"] for item in body["results"]]
        if not body["next"]:
            return ids
        page += 1


def keys_entries() -> dict:
    store = cache._cache  # the local-memory backend of the tests
    return {k: v for k, v in store.items() if f":{KEYS_PREFIX}:" in k}


def test_the_next_pages_read_their_keys_and_count_from_the_cache(
    api, world, django_assert_num_queries
):
    with django_assert_num_queries(FIRST_PAGE):  # count + rows, no key kept
        first = api.get("/api/v1/commitments/", {"page_size": 1})
    assert keys_entries() == {}
    with django_assert_num_queries(FIRST_PAGE):  # every key, kept + rows
        second = api.get("/api/v1/commitments/", {"page_size": 1, "page": 2})
    with django_assert_num_queries(FIRST_PAGE - 1):
        third = api.get("/api/v1/commitments/", {"page_size": 1, "page": 3})
    assert first.json()["count"] == second.json()["count"] == third.json()["count"] == 4
    assert third["X-Total-Count"] == "4"
    expected = public_order()
    assert walk(api) == expected
    with django_assert_num_queries(FIRST_PAGE - 1):  # another page size, the same keys
        body = api.get("/api/v1/commitments/", {"page_size": 3, "page": 2}).json()
    assert [item["id"] for item in body["results"]] == expected[3:]


def test_each_set_of_filters_has_its_own_keys(api, world, django_assert_num_queries):
    walk(api)
    with django_assert_num_queries(FIRST_PAGE):
        body = api.get("/api/v1/commitments/", {"status": "late"}).json()
    assert [item["id"] for item in body["results"]] == [world.late.pk]
    assert walk(api, status="late") == [world.late.pk]


def test_a_committed_change_makes_the_lists_read_their_keys_again(
    api, world, django_assert_num_queries
):
    assert walk(api) == public_order()
    added = CommitmentFactory(plan=world.plan, number=9, title="Nouvel engagement")
    data_version_bump()  # what every write does once committed (toolkit.cache)
    with django_assert_num_queries(FIRST_PAGE):
        body = api.get("/api/v1/commitments/", {"page_size": 1}).json()
    assert body["count"] == 5
    assert added.pk in walk(api)
    assert walk(api) == public_order()


def test_a_stale_key_never_shows_a_row_that_is_no_longer_public(api, world):
    assert len(walk(api)) == 4
    # a write that bypasses the services and the signals: the data version stays the same
    ActionPlan.objects.filter(pk=world.plan2.pk).update(published=False)
    shown = walk(api)
    assert world.on_track.pk not in shown
    assert set(shown) == set(public_order())


def test_a_missing_chunk_means_reading_the_keys_again(api, world, django_assert_num_queries):
    walk(api)
    for key in [k for k in keys_entries() if not k.endswith(":n")]:
        del cache._cache[key]
    with django_assert_num_queries(FIRST_PAGE):
        body = api.get("/api/v1/commitments/", {"page_size": 1, "page": 3}).json()
    assert body["results"][0]["id"] == public_order()[2]


def test_keys_are_kept_in_chunks(api, world, monkeypatch):
    monkeypatch.setattr(api_pagination, "KEYS_CHUNK", 3)
    assert walk(api) == public_order()
    assert len([k for k in keys_entries() if not k.endswith(":n")]) == 2
    page = api.get("/api/v1/commitments/", {"page_size": 2, "page": 2}).json()  # spans both
    assert [item["id"] for item in page["results"]] == public_order()[2:4]


def test_a_list_longer_than_the_limit_counts_and_skips_in_the_database(
    api, world, settings, django_assert_num_queries
):
    settings.API_KEYS_CACHE_MAX = 2
    with django_assert_num_queries(FIRST_PAGE):  # a first page: count + page
        api.get("/api/v1/commitments/", {"page_size": 1})
    with django_assert_num_queries(FIRST_PAGE + 1):  # every key read once, to learn it is long
        api.get("/api/v1/commitments/", {"page_size": 1, "page": 2})
    entries = keys_entries()  # only the decision is kept, no key
    assert len(entries) == 1 and ":too-long:" in next(iter(entries))
    with django_assert_num_queries(FIRST_PAGE):  # count + page, as without the cache
        body = api.get("/api/v1/commitments/", {"page_size": 1, "page": 3}).json()
    assert body["count"] == 4
    assert walk(api) == public_order()
    data_version_bump()  # the decision outlives a write: the keys are not read again
    with django_assert_num_queries(FIRST_PAGE):
        api.get("/api/v1/commitments/", {"page_size": 1, "page": 3})


def test_a_first_page_keeps_no_key_and_costs_what_it_shows(api, world, django_assert_num_queries):
    """Reading every key of a long list for its first page made that page grow with the
    database (bench/page_scaling.py: 1.8x from 5,000 to 20,000 commitments)."""
    with django_assert_num_queries(FIRST_PAGE):
        body = api.get("/api/v1/commitments/", {"page_size": 10}).json()
    assert [item["id"] for item in body["results"]] == public_order()
    api.get("/api/v1/commitments/", {"page_size": 3})  # a page that does not hold it all
    assert keys_entries() == {}
    with CaptureQueriesContext(connection) as queries:
        api.get("/api/v1/commitments/", {"page_size": 3})
    assert all(" LIMIT 3" in q["sql"] for q in queries if "COUNT(" not in q["sql"]), queries
    api.get("/api/v1/commitments/", {"page_size": 3, "page": 2})
    assert keys_entries()


def test_chunks_are_compressed_deltas_and_read_back_exactly():
    from toolkit.api.pagination import _pack, _unpack

    for keys in ([7], [1, 2, 3, 4], [90, 12, 13, 5000000000, 2], list(range(10**6, 10**6 + 1000))):
        assert _unpack(_pack(keys)) == keys
    assert len(_pack(list(range(1000)))) < 200  # 8,000 bytes raw


@pytest.mark.parametrize("broken", [("get_many", "set_many"), ("get", "add", "get_many", "set")])
def test_a_cache_outage_still_answers_from_the_database(api, world, monkeypatch, broken):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in broken:  # the keys, or also the data version (cache.get) and throttling
        monkeypatch.setattr(cache, method, down)
    assert walk(api) == public_order()
    response = api.get("/api/v1/commitments/", {"page": 99})
    assert response.status_code == 404


def test_a_filter_nothing_can_match_gives_an_empty_page(api, world, monkeypatch):
    from django.core.exceptions import EmptyResultSet

    from toolkit.api import pagination as api_pagination

    def nothing(queryset):
        raise EmptyResultSet

    monkeypatch.setattr(api_pagination, "OrderedKeys", nothing)
    body = api.get("/api/v1/commitments/").json()
    assert body["count"] == 0 and body["results"] == []


def test_keys_of_a_list_joined_to_many_rows_appear_once(world):
    from toolkit.api.pagination import OrderedKeys

    # ordering on a to-many relation repeats a commitment once per co-owner
    queryset = Commitment.objects.filter(pk=world.late.pk).order_by("co_owners__name", "pk")
    world.late.co_owners.add(world.cour)
    assert list(queryset.values_list("pk", flat=True)) == [world.late.pk] * 2
    assert OrderedKeys(queryset).read() == [world.late.pk]
