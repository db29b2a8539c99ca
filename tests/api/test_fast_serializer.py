"""The compiled serializers give exactly what DRF's own field-by-field serialization gives."""

from __future__ import annotations

import pytest
from rest_framework import serializers

from pgo_portal.api_support import FastSerializer

pytestmark = pytest.mark.django_db

LISTS = (
    "plans",
    "administrations",
    "commitments",
    "indicators",
    "measurements",
    "milestones",
    "score-snapshots",
    "changes",
    "downloads",
)


@pytest.mark.parametrize("endpoint", LISTS)
def test_fast_and_drf_representations_are_identical(api, world, endpoint, monkeypatch):
    fast = api.get(f"/api/v1/{endpoint}/").content
    monkeypatch.setattr(
        FastSerializer, "to_representation", serializers.Serializer.to_representation
    )
    slow = api.get(f"/api/v1/{endpoint}/").content
    assert fast == slow
