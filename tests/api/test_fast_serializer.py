"""The compiled serializers give exactly what DRF's own field-by-field serialization gives."""

from __future__ import annotations

import pytest
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from toolkit.api.support import FastSerializer, OrjsonRenderer

pytestmark = pytest.mark.django_db

LISTS = (
    "plans",
    "administrations",
    "commitments",
    "indicators",
    "measurements",
    "milestones",
    "milestone-revisions",
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


@pytest.mark.parametrize("endpoint", LISTS)
def test_orjson_and_drf_renderings_are_identical(api, world, endpoint, monkeypatch):
    fast = api.get(f"/api/v1/{endpoint}/")
    monkeypatch.setattr(OrjsonRenderer, "render", JSONRenderer.render)
    slow = api.get(f"/api/v1/{endpoint}/")
    assert fast.status_code == slow.status_code == 200
    assert fast.content == slow.content


def test_orjson_renderer_renders_what_orjson_does_not_know_like_drf():
    import datetime
    import uuid
    from decimal import Decimal

    from django.utils.translation import gettext_lazy

    data = {
        "decimal": Decimal("12.50"),
        "lazy": gettext_lazy("recherche"),
        "instant": datetime.datetime(2026, 11, 23, 8, 0, tzinfo=datetime.UTC),
        "day": datetime.date(2026, 11, 23),
        "uuid": uuid.UUID(int=1),
        "text": "Élysée « ministère »",
        "separators": "ligne\u2028paragraphe\u2029fin",  # pasted from a word processor
    }
    assert OrjsonRenderer().render(data) == JSONRenderer().render(data)
    beyond_64_bits = {"huge": 2**70}  # orjson refuses it; DRF's encoder renders it
    assert OrjsonRenderer().render(beyond_64_bits) == b'{"huge":1180591620717411303424}'
    assert OrjsonRenderer().render(None) == b""
    # an indented rendering is DRF's own
    indented = OrjsonRenderer().render(data, "application/json; indent=2")
    assert indented == JSONRenderer().render(data, "application/json; indent=2")
