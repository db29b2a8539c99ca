"""Anonymous pages are cached per language and full URL, and refreshed when the data changes."""

from __future__ import annotations

import datetime

import pytest

from commitments.models import Commitment
from scoring.recompute import scores_recompute
from tests.factories import UserFactory
from toolkit.cache import data_version, data_version_bump

from .conftest import DEMO_AS_OF

pytestmark = pytest.mark.django_db


def test_a_second_anonymous_visit_is_served_from_the_cache(client, demo):
    assert client.get("/")["X-Cache"] == "miss"
    response = client.get("/")
    assert response["X-Cache"] == "hit"
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


def test_the_cache_key_is_the_full_url_and_the_language(client, demo):
    client.get("/engagements/?status=late")
    assert client.get("/engagements/?status=late")["X-Cache"] == "hit"
    assert client.get("/engagements/?status=completed")["X-Cache"] == "miss"
    english = client.get("/engagements/?status=late", HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-Cache"] == "miss"
    assert "Commitments" in english.content.decode()


def test_a_bump_of_the_data_version_refreshes_every_page(client, demo):
    client.get("/")
    before = data_version()
    data_version_bump()
    assert data_version() != before
    assert client.get("/")["X-Cache"] == "miss"


def test_a_recompute_that_changes_scores_bumps_the_version_after_commit(
    demo, django_capture_on_commit_callbacks
):
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        scores_recompute(as_of=DEMO_AS_OF)  # unchanged rerun: nothing written
    assert data_version() == before
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        scores_recompute(as_of=DEMO_AS_OF + datetime.timedelta(days=400))
        assert data_version() == before  # not before the commit
    assert callbacks
    assert data_version() != before


def test_a_write_that_bypasses_the_services_still_refreshes_the_pages(
    client, demo, django_capture_on_commit_callbacks
):
    c = Commitment.objects.get(plan=demo, number=1)
    url = f"/plans/{demo.slug}/engagements/1/"
    with django_capture_on_commit_callbacks(execute=True):  # a request is its own transaction
        client.get(url)
    # In full runs (after ~700 tests on one worker) a bump marker left on the connection by an
    # earlier test made this test see no callback; not reproduced in smaller runs (closing note
    # of 2026-12-01). Start from a connection with no marker, as a fresh request does.
    from django.db import transaction

    from toolkit import cache as page_cache

    conn = transaction.get_connection()
    for attr in (page_cache._PENDING_ATTR, page_cache.SCOPED_ATTR):
        setattr(conn, attr, None)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        c.contact_name = "Nouvelle responsable"
        c.save()
        c.title = c.title + " "  # a second write in the same transaction: one bump
        c.save()
    assert len(callbacks) == 1
    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert "Nouvelle responsable" in response.content.decode()


def test_signed_in_users_always_get_a_fresh_page(client, demo):
    client.force_login(UserFactory())
    client.get("/")
    response = client.get("/")
    assert "X-Cache" not in response
    assert "Se déconnecter" in response.content.decode()


def test_error_pages_are_not_cached(client, demo):
    assert client.get("/administrations/nope/").status_code == 404
    assert client.get("/administrations/nope/").status_code == 404
