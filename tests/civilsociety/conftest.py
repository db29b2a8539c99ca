"""Fixtures of civil society's tests: a published commitment, the permission matrix's cast
plus two organisations with a reviewer each, a clean cache (page cache and rate limits)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from civilsociety.models import Organisation, ReviewerMembership
from tests.factories import CommitmentFactory, UserFactory, cast_of_users


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    commitment = CommitmentFactory()
    cast = cast_of_users(commitment)
    org = Organisation.objects.create(name="Regards Citoyens", slug="regards-citoyens")
    other_org = Organisation.objects.create(
        name="Transparency International France", slug="ti-france"
    )
    reviewer = UserFactory(username="evaluatrice", email="evaluatrice@asso.example.org")
    ReviewerMembership.objects.create(user=reviewer, organisation=org)
    other_reviewer = UserFactory(username="evaluateur-autre", email="autre@ti.example.org")
    ReviewerMembership.objects.create(user=other_reviewer, organisation=other_org)
    cast |= {"reviewer": reviewer, "other_reviewer": other_reviewer}
    return {"commitment": commitment, "cast": cast, "org": org, "other_org": other_org}
