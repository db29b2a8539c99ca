"""Public read API: indicators (with their latest value and progress) and measurements."""

from __future__ import annotations

import datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response

from commitments import rules
from commitments.filters import draft_commitment_keys
from toolkit.api.base import PublicReadOnlyViewSet
from toolkit.api.support import (
    FastSerializer,
    OptionalURLField,
    api_url,
    own_fields,
    public_page_url,
)
from toolkit.api.write import WRITE_ERRORS, WriteView, service_call

from .filters import IndicatorFilterSet, MeasurementFilterSet
from .models import Indicator, Measurement
from .services import measurement_record

VALUE = {"max_digits": 16, "decimal_places": 4, "coerce_to_string": False}


def commitment_page_url(commitment) -> str:
    return public_page_url("commitment", plan_slug=commitment.plan.slug, number=commitment.number)


class IndicatorSerializer(FastSerializer):
    id = serializers.IntegerField(help_text="Identifiant stable.")
    url = serializers.SerializerMethodField(help_text="Cet objet dans l'API.")
    page_url = serializers.SerializerMethodField(help_text="La page publique de l'engagement.")
    commitment = serializers.IntegerField(source="commitment_id")
    plan = serializers.SlugField(source="commitment.plan.slug")
    commitment_number = serializers.IntegerField(source="commitment.number")
    reference = serializers.SlugField(help_text="Code stable dans l'engagement (« i1 »).")
    position = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Indicator.Kind.choices)
    unit = serializers.CharField()
    levels = serializers.ListField(
        child=serializers.CharField(),
        help_text="Indicateur qualitatif : l'échelle, de la situation initiale (0) à la cible.",
    )
    baseline_value = serializers.DecimalField(**VALUE, allow_null=True)
    baseline_date = serializers.DateField(allow_null=True)
    target_value = serializers.DecimalField(**VALUE, allow_null=True)
    target_date = serializers.DateField(allow_null=True)
    data_source = serializers.CharField(help_text="Source des données / moyen de vérification.")
    update_period_days = serializers.IntegerField(
        allow_null=True, help_text="Fréquence de mise à jour attendue (jours)."
    )
    weight = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    is_illustrative = serializers.BooleanField(
        help_text="Indicateur inventé pour la démonstration, pas une donnée officielle."
    )
    latest_value = serializers.DecimalField(
        **VALUE, allow_null=True, help_text="Dernière valeur mesurée (à la date du jour)."
    )
    latest_date = serializers.DateField(allow_null=True, help_text="Date de cette mesure.")
    latest_level = serializers.SerializerMethodField(
        help_text="Indicateur qualitatif : le libellé du niveau atteint."
    )
    progress = serializers.SerializerMethodField(
        help_text="Avancement de la valeur initiale à la cible (%), méthode v1 ; 0 sans mesure."
    )
    reported = serializers.SerializerMethodField(help_text="Au moins une mesure.")
    complete = serializers.SerializerMethodField(help_text="Valeur initiale et cible connues.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_url(self, obj: Indicator) -> str:
        return api_url("indicator", obj.pk)

    def get_page_url(self, obj: Indicator) -> str:
        return commitment_page_url(obj.commitment)

    def get_latest_level(self, obj: Indicator) -> str | None:
        if obj.kind != Indicator.Kind.QUALITATIVE or obj.latest_value is None:
            return None
        return obj.level_label(obj.latest_value) or None

    def _progress(self, obj: Indicator) -> rules.IndicatorProgress:
        cached = getattr(obj, "_api_progress", None)
        if cached is None:
            levels = obj.levels if isinstance(obj.levels, list) else []
            cached = rules.indicator_progress(
                baseline=obj.baseline_value,
                target=obj.target_value,
                current=obj.latest_value,
                kind=obj.kind,
                level_count=len(levels) if obj.kind == Indicator.Kind.QUALITATIVE else None,
            )
            obj._api_progress = cached
        return cached

    def get_progress(self, obj: Indicator) -> float:
        return round(100 * self._progress(obj).value, 2)

    def get_reported(self, obj: Indicator) -> bool:
        return self._progress(obj).reported

    def get_complete(self, obj: Indicator) -> bool:
        return self._progress(obj).complete


def indicators_for_api(*, as_of: datetime.date) -> QuerySet[Indicator]:
    """Indicators of published plans with their latest value on ``as_of`` (two correlated
    sub-queries on the unique (indicator, date) index); 2 queries per page."""
    latest = Measurement.objects.filter(indicator=OuterRef("pk"), date__lte=as_of).order_by("-date")
    return (
        Indicator.objects.exclude(commitment_id__in=draft_commitment_keys())
        .select_related("commitment", "commitment__plan")
        .only(*own_fields(Indicator), "commitment__number", "commitment__plan__slug")
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_date=Subquery(latest.values("date")[:1]),
        )
        .order_by("commitment_id", "position", "id")
    )


@extend_schema_view(
    list=extend_schema(
        summary="Indicateurs",
        description="Valeur initiale, cible, dernière valeur et avancement de chaque indicateur.",
        tags=["indicators"],
    ),
    retrieve=extend_schema(summary="Un indicateur", tags=["indicators"]),
)
class IndicatorViewSet(PublicReadOnlyViewSet):
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet

    def get_queryset(self):
        return indicators_for_api(as_of=timezone.localdate())


class MeasurementSerializer(FastSerializer):
    id = serializers.IntegerField(help_text="Identifiant stable.")
    url = serializers.SerializerMethodField(help_text="Cet objet dans l'API.")
    page_url = serializers.SerializerMethodField(help_text="La page publique de l'engagement.")
    indicator = serializers.IntegerField(source="indicator_id")
    commitment = serializers.IntegerField(source="indicator.commitment_id")
    plan = serializers.SlugField(source="indicator.commitment.plan.slug")
    date = serializers.DateField()
    value = serializers.DecimalField(**VALUE, help_text="Valeur (ou numéro de niveau).")
    level = serializers.SerializerMethodField(
        help_text="Indicateur qualitatif : le libellé du niveau."
    )
    comment = serializers.CharField()
    source = serializers.CharField()
    evidence_url = OptionalURLField(help_text="Lien vers la preuve.")
    is_illustrative = serializers.BooleanField(
        help_text="Mesure inventée pour la démonstration, pas une donnée officielle."
    )
    created_at = serializers.DateTimeField(help_text="Date de saisie.")

    def get_url(self, obj: Measurement) -> str:
        return api_url("measurement", obj.pk)

    def get_page_url(self, obj: Measurement) -> str:
        return commitment_page_url(obj.indicator.commitment)

    def get_level(self, obj: Measurement) -> str | None:
        if obj.indicator.kind != Indicator.Kind.QUALITATIVE:
            return None
        return obj.indicator.level_label(obj.value) or None


def measurements_for_api() -> QuerySet[Measurement]:
    return (
        Measurement.objects.exclude(
            indicator_id__in=Indicator.objects.filter(
                commitment_id__in=draft_commitment_keys()
            ).values("pk")
        )
        .select_related("indicator", "indicator__commitment", "indicator__commitment__plan")
        .only(
            *own_fields(Measurement),
            "indicator__kind",
            "indicator__levels",
            "indicator__commitment__number",
            "indicator__commitment__plan__slug",
        )
        .order_by("indicator_id", "date", "id")
    )


@extend_schema_view(
    list=extend_schema(summary="Mesures des indicateurs", tags=["measurements"]),
    retrieve=extend_schema(summary="Une mesure", tags=["measurements"]),
)
class MeasurementViewSet(PublicReadOnlyViewSet):
    queryset = measurements_for_api()
    serializer_class = MeasurementSerializer
    filterset_class = MeasurementFilterSet


# --- write: a measurement -------------------------------------------------------------------------


class MeasurementInput(serializers.Serializer):
    date = serializers.DateField()
    value = serializers.DecimalField(
        max_digits=16, decimal_places=4, required=False, allow_null=True
    )
    level = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    source = serializers.CharField(required=False, allow_blank=True, max_length=400)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=200)


class MeasurementOutput(serializers.Serializer):
    id = serializers.IntegerField()
    indicator = serializers.IntegerField(source="indicator_id")
    date = serializers.DateField()
    value = serializers.DecimalField(max_digits=16, decimal_places=4)
    source = serializers.CharField()
    comment = serializers.CharField()
    evidence_url = serializers.CharField()


class MeasurementCreateView(WriteView):
    @extend_schema(
        operation_id="indicator_record_measurement",
        summary="Enregistrer une mesure d'un indicateur",
        description=(
            "`value` pour un indicateur quantitatif, `level` (numéro du niveau dans l'échelle, "
            "à partir de 0) pour un indicateur qualitatif. Une seconde mesure à la même date "
            "corrige la première (201 si créée, 200 si corrigée)."
        ),
        request=MeasurementInput,
        responses={201: MeasurementOutput, 200: MeasurementOutput, **WRITE_ERRORS},
        tags=["écriture"],
    )
    def post(self, request, pk: int):
        indicator = get_object_or_404(Indicator.objects.select_related("commitment"), pk=pk)
        data = MeasurementInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        measurement, _changed, created = service_call(
            measurement_record,
            indicator=indicator,
            date=v["date"],
            value=v.get("value"),
            level=v.get("level"),
            source=v.get("source", ""),
            comment=v.get("comment", ""),
            evidence_url=v.get("evidence_url", ""),
            actor=request.user,
            channel="api",
        )
        return Response(
            MeasurementOutput(measurement).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
