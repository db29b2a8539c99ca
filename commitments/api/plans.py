"""Plans and administrations, with their stored roll-up figures."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from toolkit.api.base import PublicReadOnlyViewSet
from toolkit.api.support import (
    FastSerializer,
    OptionalEmailField,
    OptionalURLField,
    api_url,
    public_page_url,
)

from .. import rules
from ..filters import AdministrationFilterSet, PlanFilterSet
from ..models import ActionPlan, Administration, Axis, Commitment, Rollup
from .shapes import PERCENT, SCORE, AxisSerializer, FiguresSerializer, FirstOfListMixin

# --- plans --------------------------------------------------------------------------------


class PlanRollupSerializer(FirstOfListMixin, FiguresSerializer):
    pass


class PlanSerializer(FastSerializer):
    id = serializers.IntegerField(help_text="Identifiant stable.")
    url = serializers.SerializerMethodField(help_text="Cet objet dans l'API.")
    page_url = serializers.SerializerMethodField(help_text="Sa page publique sur le site.")
    slug = serializers.SlugField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    description = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    status = serializers.ChoiceField(choices=ActionPlan.Status.choices)
    source_url = OptionalURLField(help_text="Texte officiel du plan.")
    has_illustrative_data = serializers.BooleanField(
        help_text="Une partie des données du plan (jalons, indicateurs, mesures ou coûts) est "
        "illustrative (données de démonstration), signalée objet par objet."
    )
    axes = AxisSerializer(many=True, source="axis_list")
    figures = PlanRollupSerializer(
        source="plan_rollups",
        allow_null=True,
        help_text="Scores agrégés du plan (null avant le premier calcul).",
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    figures_updated_at = serializers.DateTimeField(
        allow_null=True,
        help_text="Dernier changement des scores agrégés du plan ou de ses axes (compté par "
        "`updated_since`).",
    )

    def get_url(self, obj: ActionPlan) -> str:
        return api_url("plan", obj.pk)

    def get_page_url(self, obj: ActionPlan) -> str:
        return public_page_url("plan", plan_slug=obj.slug)


def plans_for_api() -> QuerySet[ActionPlan]:
    """Published plans, most recent first; 3 queries for any number."""
    return (
        ActionPlan.objects.filter(published=True)
        .annotate(
            # through the commitments' reverse relations: commitments does not import its
            # parts' apps (milestones, indicators)
            has_illustrative_data=Exists(
                Commitment.objects.filter(plan=OuterRef("pk"), milestones__is_illustrative=True)
            )
            | Exists(
                Commitment.objects.filter(plan=OuterRef("pk"), indicators__is_illustrative=True)
            )
            | Exists(Commitment.objects.filter(plan=OuterRef("pk"), cost_is_illustrative=True))
        )
        .prefetch_related(
            Prefetch("axes", queryset=Axis.objects.order_by("number", "id"), to_attr="axis_list"),
            Prefetch(
                "rollups",
                queryset=Rollup.objects.filter(scope=Rollup.Scope.PLAN),
                to_attr="plan_rollups",
            ),
        )
        .order_by("-period_start", "slug", "id")
    )


@extend_schema_view(
    list=extend_schema(summary="Plans d'action nationaux publiés", tags=["plans"]),
    retrieve=extend_schema(summary="Un plan", tags=["plans"]),
)
class PlanViewSet(PublicReadOnlyViewSet):
    queryset = plans_for_api()
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet


# --- administrations ----------------------------------------------------------------------


class PlanFiguresSerializer(FiguresSerializer):
    plan = serializers.SlugField(source="plan.slug", help_text="Slug du plan.")


class AdministrationTotalsSerializer(FastSerializer):
    commitments = serializers.IntegerField()
    points = serializers.DecimalField(**SCORE)
    max_points = serializers.DecimalField(**SCORE)
    penalty = serializers.DecimalField(**SCORE)
    score = serializers.DecimalField(**PERCENT, allow_null=True)
    late_milestones = serializers.IntegerField()
    milestones_counted = serializers.IntegerField()
    milestones_completed = serializers.IntegerField()
    milestones_completed_on_time = serializers.IntegerField()

    def to_representation(self, instance: Administration) -> dict:
        return super().to_representation(administration_totals(instance.plan_rollups))


TOTAL_FIELDS = (
    "commitments",
    "points",
    "max_points",
    "penalty",
    "late_milestones",
    "milestones_counted",
    "milestones_completed",
    "milestones_completed_on_time",
)


def administration_totals(rollups: list[Rollup]) -> dict[str, Any]:
    """Sums over the published plans' roll-ups of one administration (commitments it leads);
    the score from the summed points and maximum, as the method says."""
    totals: dict[str, Any] = {name: sum(getattr(r, name) for r in rollups) for name in TOTAL_FIELDS}
    totals["score"] = rules.round2(rules.score_from_points(totals["points"], totals["max_points"]))
    return totals


class AdministrationSerializer(FastSerializer):
    id = serializers.IntegerField(help_text="Identifiant stable.")
    url = serializers.SerializerMethodField(help_text="Cet objet dans l'API.")
    page_url = serializers.SerializerMethodField(help_text="Sa page publique sur le site.")
    slug = serializers.SlugField()
    name = serializers.CharField()
    acronym = serializers.CharField()
    kind = serializers.ChoiceField(choices=Administration.Kind.choices)
    website = OptionalURLField()
    contact_email = OptionalEmailField(help_text="Adresse de contact institutionnelle.")
    totals = AdministrationTotalsSerializer(
        source="*", help_text="Sommes sur les engagements qu'elle porte, dans les plans publiés."
    )
    figures_by_plan = PlanFiguresSerializer(
        source="plan_rollups",
        many=True,
        help_text="Scores des engagements qu'elle porte, plan par plan (plans publiés).",
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    figures_updated_at = serializers.DateTimeField(
        allow_null=True,
        help_text="Dernier changement de ses scores agrégés (compté par `updated_since`).",
    )

    def get_url(self, obj: Administration) -> str:
        return api_url("administration", obj.pk)

    def get_page_url(self, obj: Administration) -> str:
        return public_page_url("administration", slug=obj.slug)


def administrations_for_api() -> QuerySet[Administration]:
    """Every administration by name; 3 queries for any number."""
    return Administration.objects.prefetch_related(
        Prefetch(
            "rollups",
            queryset=Rollup.objects.filter(
                scope=Rollup.Scope.PLAN_ADMINISTRATION, plan__published=True
            )
            .select_related("plan")
            .order_by("-plan__period_start", "plan__slug", "id"),
            to_attr="plan_rollups",
        )
    ).order_by("name", "id")


@extend_schema_view(
    list=extend_schema(summary="Administrations", tags=["administrations"]),
    retrieve=extend_schema(summary="Une administration", tags=["administrations"]),
)
class AdministrationViewSet(PublicReadOnlyViewSet):
    queryset = administrations_for_api()
    serializer_class = AdministrationSerializer
    filterset_class = AdministrationFilterSet
