"""Public read API: milestones, with the late flag derived on today's date (Paris time) against
their reference date (method v2)."""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, ExpressionWrapper, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from commitments.filters import draft_commitment_keys
from toolkit.api.base import PublicReadOnlyViewSet
from toolkit.api.support import (
    FastSerializer,
    OptionalURLField,
    api_url,
    own_fields,
    public_page_url,
)

from ..filters import MilestoneFilterSet, milestone_late_q
from ..models import Milestone


class MilestoneSerializer(FastSerializer):
    id = serializers.IntegerField(help_text="Identifiant stable.")
    url = serializers.SerializerMethodField(help_text="Cet objet dans l'API.")
    page_url = serializers.SerializerMethodField(help_text="La page publique de l'engagement.")
    commitment = serializers.IntegerField(source="commitment_id")
    plan = serializers.SlugField(source="commitment.plan.slug")
    commitment_number = serializers.IntegerField(source="commitment.number")
    reference = serializers.SlugField(help_text="Code stable dans l'engagement (« j1 »).")
    position = serializers.IntegerField()
    title = serializers.CharField()
    deliverable = serializers.CharField(help_text="Livrable vérifiable.")
    start_date = serializers.DateField(allow_null=True)
    original_due_date = serializers.DateField(
        allow_null=True,
        help_text="Échéance prévue à l'origine (vide : échéance à préciser, jalon non compté).",
    )
    reference_due_date = serializers.DateField(
        allow_null=True,
        help_text="Échéance de référence, celle qui compte pour le score (méthode v2) : "
        "l'échéance initiale, déplacée seulement par un report demandé à temps et validé.",
    )
    due_date = serializers.DateField(
        allow_null=True,
        help_text="Échéance prévue aujourd'hui (peut différer de la référence après un report "
        "validé trop tard ; vide : échéance à préciser).",
    )
    rescheduled = serializers.BooleanField(
        source="is_rescheduled", help_text="L'échéance a été déplacée (voir `justification`)."
    )
    moved_after_deadline = serializers.BooleanField(
        source="is_moved_after_deadline",
        help_text="Échéance actuelle différente de la référence : reporté après l'échéance, "
        "sans effet sur le score.",
    )
    counts_in_score = serializers.BooleanField(
        help_text="Faux seulement pour un jalon abandonné par une demande faite à temps et validée."
    )
    status = serializers.ChoiceField(choices=Milestone.Status.choices)
    late = serializers.BooleanField(
        source="is_late_today",
        help_text="Compté, non réalisé, échéance de référence passée (aujourd'hui, heure de "
        "Paris).",
    )
    completed_on = serializers.DateField(allow_null=True, help_text="Date de réalisation.")
    completed_on_time = serializers.SerializerMethodField(
        help_text="Réalisé au plus tard à l'échéance de référence ; null si non réalisé."
    )
    delay_explanation = serializers.CharField(
        help_text="Explication publique du retard, donnée par l'administration (vide sinon)."
    )
    delay_explained_on = serializers.DateField(
        allow_null=True, help_text="Date de l'explication du retard."
    )
    evidence_url = OptionalURLField(help_text="Lien vers la preuve.")
    weight = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    justification = serializers.CharField(help_text="Raison d'un report ou d'un abandon.")
    is_illustrative = serializers.BooleanField(
        help_text="Jalon inventé pour la démonstration, pas une donnée officielle."
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_url(self, obj: Milestone) -> str:
        return api_url("milestone", obj.pk)

    def get_page_url(self, obj: Milestone) -> str:
        c = obj.commitment
        return public_page_url("commitment", plan_slug=c.plan.slug, number=c.number)

    def get_completed_on_time(self, obj: Milestone) -> bool | None:
        if (
            obj.status != Milestone.Status.COMPLETED
            or obj.completed_on is None
            or obj.reference_due_date is None
        ):
            return None
        return obj.completed_on <= obj.reference_due_date


def milestones_for_api(*, as_of: datetime.date) -> QuerySet[Milestone]:
    """Milestones of published plans, ``is_late_today`` computed by the database; 2 queries
    per page."""
    return (
        Milestone.objects.exclude(commitment_id__in=draft_commitment_keys())
        .select_related("commitment", "commitment__plan")
        .only(*own_fields(Milestone), "commitment__number", "commitment__plan__slug")
        .annotate(
            is_late_today=ExpressionWrapper(milestone_late_q(as_of), output_field=BooleanField())
        )
        # by id: creation order; a sync script paging through never sees rows shift
        .order_by("id")
    )


@extend_schema_view(
    list=extend_schema(
        summary="Jalons",
        description=(
            "Échéance initiale, de référence (méthode v2) et actuelle, état, retard, date de "
            "réalisation, preuve, explication du retard. Les demandes de report ou d'abandon "
            "sont dans `/api/v1/milestone-revisions/`."
        ),
        tags=["milestones"],
    ),
    retrieve=extend_schema(summary="Un jalon", tags=["milestones"]),
)
class MilestoneViewSet(PublicReadOnlyViewSet):
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet

    def get_queryset(self):
        return milestones_for_api(as_of=timezone.localdate())
