"""FilterSets of the indicator and measurement lists (API and site)."""

from __future__ import annotations

import django_filters as df
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from commitments.filters import (
    commitment_administration_filter,
    commitment_axis_filter,
    commitment_filter,
    plan_filter,
)
from toolkit.filters import (
    DateBoundFilter,
    PublicFilterSet,
    ReferenceFilter,
    StableOrderingFilter,
    StrictBooleanFilter,
    search_filter,
    since_filter,
)

from .models import Indicator, Measurement


class IndicatorFilterSet(PublicFilterSet):
    plan = plan_filter("commitment__plan")
    commitment = commitment_filter()
    axis = commitment_axis_filter()
    administration = commitment_administration_filter()
    kind = df.ChoiceFilter(
        choices=Indicator.Kind.choices, label=_("type"), help_text=_("Type d'indicateur.")
    )
    is_illustrative = StrictBooleanFilter(
        label=_("illustratif"), help_text=_("`true` : seulement les indicateurs illustratifs.")
    )
    updated_since = since_filter()
    q = search_filter(
        "name",
        "data_source",
        help_text=_("Recherche dans l'intitulé et la source des données."),
    )
    ordering = StableOrderingFilter(
        fields=(
            ("commitment_id", "commitment"),
            ("position", "position"),
            ("name", "name"),
            ("target_date", "target_date"),
            ("updated_at", "updated_at"),
        ),
        label=_("tri"),
        help_text=_("Tri ; par défaut par engagement puis position."),
    )

    class Meta:
        model = Indicator
        fields: list[str] = []

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return Indicator.objects.filter(commitment__plan__published=True)


class MeasurementFilterSet(PublicFilterSet):
    plan = plan_filter("indicator__commitment__plan")
    commitment = commitment_filter("indicator__commitment")
    indicator = ReferenceFilter(
        queryset=Indicator.objects.filter(commitment__plan__published=True),
        unknown=_("Indicateur inconnu : « %(value)s »."),
        label=_("indicateur"),
        help_text=_("Identifiant (`id`) d'un indicateur."),
    )
    administration = commitment_administration_filter("indicator__commitment__")
    date_after = DateBoundFilter(
        field_name="date",
        lookup_expr="gte",
        label=_("à partir du"),
        help_text=_("Mesures datées de ce jour ou après (AAAA-MM-JJ)."),
    )
    date_before = DateBoundFilter(
        field_name="date",
        lookup_expr="lte",
        label=_("jusqu'au"),
        help_text=_("Mesures datées de ce jour ou avant (AAAA-MM-JJ)."),
    )
    is_illustrative = StrictBooleanFilter(
        label=_("illustratif"), help_text=_("`true` : seulement les mesures illustratives.")
    )
    updated_since = since_filter("created_at")
    ordering = StableOrderingFilter(
        fields=(("indicator_id", "indicator"), ("date", "date"), ("created_at", "created_at")),
        label=_("tri"),
        help_text=_("Tri ; par défaut par indicateur puis date."),
    )

    class Meta:
        model = Measurement
        fields: list[str] = []

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return Measurement.objects.filter(indicator__commitment__plan__published=True)
