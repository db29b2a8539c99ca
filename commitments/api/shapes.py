"""Small serializers shared by several endpoints."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from toolkit.api.support import FastSerializer, OptionalURLField, public_page_url

from ..models import Administration

MONEY = {"max_digits": 14, "decimal_places": 2, "coerce_to_string": False}
SCORE = {"max_digits": 10, "decimal_places": 2, "coerce_to_string": False}
PERCENT = {"max_digits": 5, "decimal_places": 2, "coerce_to_string": False}


class FlagsField(serializers.ListField):
    """The codes of the boolean columns that are set, e.g. ``["law", "data"]``, read from a
    model instance or a ``Row`` (``source="*"``)."""

    def __init__(self, *, flags: tuple[tuple[str, str], ...], **kwargs: Any) -> None:
        self.flags = flags
        kwargs.setdefault("source", "*")
        kwargs.setdefault("child", serializers.ChoiceField(choices=[c for c, _f in flags]))
        super().__init__(**kwargs)

    def to_representation(self, data: Any) -> list[str]:
        read = data.__getitem__ if isinstance(data, dict) else data.__getattribute__
        return [code for code, column in self.flags if read(column)]


class IdListField(serializers.ListField):
    """The ids of a ``JSONRows`` list of ``{"id": …}`` rows, e.g. ``[12, 40]``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("child", serializers.IntegerField())
        super().__init__(**kwargs)

    def to_representation(self, data: Any) -> list[int]:
        return [row["id"] for row in data or []]


class PlanBriefSerializer(FastSerializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    title = serializers.CharField()


class AxisSerializer(FastSerializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    title_en = serializers.CharField()


class AdministrationBriefSerializer(FastSerializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    acronym = serializers.CharField()
    page_url = serializers.SerializerMethodField()

    def get_page_url(self, obj: Administration | dict) -> str:
        slug = obj["slug"] if isinstance(obj, dict) else obj.slug  # a dict from JSONRows
        return public_page_url("administration", slug=slug)


class PartnerSerializer(FastSerializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    website = OptionalURLField()


class FiguresSerializer(FastSerializer):
    """Stored roll-up of the commitments' scores (method v2: see /methode/)."""

    commitments = serializers.IntegerField(help_text="Nombre d'engagements.")
    progress = serializers.DecimalField(
        **PERCENT, allow_null=True, help_text="Moyenne des avancements mesurables (%)."
    )
    points = serializers.DecimalField(**SCORE)
    max_points = serializers.DecimalField(**SCORE)
    penalty = serializers.DecimalField(**SCORE)
    score = serializers.DecimalField(**PERCENT, allow_null=True)
    late_milestones = serializers.IntegerField()
    milestones_counted = serializers.IntegerField()
    milestones_completed = serializers.IntegerField()
    milestones_completed_on_time = serializers.IntegerField()
    measurability_mean = serializers.DecimalField(
        max_digits=4, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    scored_on = serializers.DateField(allow_null=True)
    method_version = serializers.CharField(help_text="Version de la méthode (`v2`).")
    updated_at = serializers.DateTimeField(help_text="Dernier changement de ces chiffres.")


class FirstOfListMixin:
    """A nested object read from the first item of a prefetched list (``Prefetch(to_attr=)``),
    null when the list is empty."""

    def get_attribute(self, instance: Any) -> Any:
        items = super().get_attribute(instance)  # type: ignore[misc]
        return items[0] if items else None
