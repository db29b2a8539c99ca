"""Invalidation scoped to what changed (issue 14, item 2): a write to one commitment makes
stale its own pages at once, the pages that show its scores (plan, administrations, lists) with
the coalesced recompute, and leaves every other page warm."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import transaction

from commitments.events import data_changed
from commitments.models import Commitment
from scoring.tasks import recompute_scores
from toolkit.cache import data_version

pytestmark = pytest.mark.django_db(transaction=True)


def _pair(plan) -> tuple[Commitment, Commitment]:
    commitments = list(
        Commitment.objects.filter(plan=plan, lead_administration__isnull=False)
        .select_related("lead_administration")
        .order_by("number")
    )
    a = commitments[0]
    b = next(
        c
        for c in commitments[1:]
        if c.lead_administration_id != a.lead_administration_id
        and not a.co_owners.filter(pk=c.lead_administration_id).exists()
    )
    return a, b


def _warm(client, urls) -> None:
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "hit", url


def test_a_write_to_one_commitment_leaves_the_other_pages_warm(client, demo):
    a, b = _pair(demo)
    page_a = f"/plans/{demo.slug}/engagements/{a.number}/"
    page_b = f"/plans/{demo.slug}/engagements/{b.number}/"
    feed_b = f"{page_b}flux.atom"
    admin_a = f"/administrations/{a.lead_administration.slug}/"
    admin_b = f"/administrations/{b.lead_administration.slug}/"
    lists = ["/", "/engagements/", "/plans/", f"/plans/{demo.slug}/", "/administrations/"]
    _warm(client, [page_a, page_b, feed_b, admin_a, admin_b, *lists])
    api_version = data_version()

    # The write commits; its recompute is coalesced and comes a few seconds later.
    with (
        mock.patch("scoring.queue.scores_recompute_schedule") as schedule,
        transaction.atomic(),
    ):
        a.contact_name = "Responsable renouvelée"
        a.save()
        data_changed(commitment_ids=[a.pk])
    assert set(schedule.call_args.kwargs["commitment_ids"]) == {a.pk}
    fresh = client.get(page_a)
    assert fresh["X-Cache"] == "miss"
    assert "Responsable renouvelée" in fresh.content.decode()
    for url in [page_b, feed_b, admin_a, admin_b, *lists]:
        assert client.get(url)["X-Cache"] == "hit", url
    assert data_version() == api_version

    # The coalesced recompute: the pages that show a's scores and roll-ups refresh, once.
    recompute_scores(commitment_ids=[a.pk])
    for url in [page_a, admin_a, *lists]:
        assert client.get(url)["X-Cache"] == "miss", url
    for url in [page_b, feed_b, admin_b]:
        assert client.get(url)["X-Cache"] == "hit", url
    assert data_version() != api_version


def test_a_write_outside_the_services_still_refreshes_everything(client, demo):
    a, b = _pair(demo)
    page_b = f"/plans/{demo.slug}/engagements/{b.number}/"
    _warm(client, [page_b, "/"])
    with transaction.atomic():
        a.contact_name = "Changé dans l'administration du site"
        a.save()  # no data_changed(): the safety net cannot know the scope
    assert client.get(page_b)["X-Cache"] == "miss"
    assert client.get("/")["X-Cache"] == "miss"


def test_a_rolled_back_scoped_write_does_not_silence_the_next_safety_net(client, demo):
    a, b = _pair(demo)
    page_b = f"/plans/{demo.slug}/engagements/{b.number}/"
    with pytest.raises(RuntimeError), transaction.atomic():
        data_changed(commitment_ids=[a.pk])
        raise RuntimeError
    _warm(client, [page_b])
    with transaction.atomic():
        b.contact_name = "Autre"
        b.save()
    assert client.get(page_b)["X-Cache"] == "miss"


def test_an_organisation_page_goes_with_the_lists_not_with_an_administration_of_its_slug(client):
    """Its ``slug`` argument made it an administration's page: the recompute that follows an
    assessment (it bumps the lists) left it stale, and an administration of the same slug
    made it stale instead."""
    from civilsociety.models import Organisation
    from toolkit.cache import scopes_bump

    Organisation.objects.create(name="Données citoyennes", slug="donnees-citoyennes")
    url = "/organisations/donnees-citoyennes/"
    _warm(client, [url])
    scopes_bump(["administration:donnees-citoyennes"])
    assert client.get(url)["X-Cache"] == "hit"
    scopes_bump(["lists"])  # what the recompute after an assessment bumps
    assert client.get(url)["X-Cache"] == "miss"
