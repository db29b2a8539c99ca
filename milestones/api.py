"""Public read API: milestones, with the late flag derived on today's date (Paris time)."""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, ExpressionWrapper, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

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

from .filters import MilestoneFilterSet, milestone_late_q
from .models import Milestone
from .services import milestone_set_status


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
    original_due_date = serializers.DateField(help_text="Échéance prévue à l'origine.")
    due_date = serializers.DateField(help_text="Échéance actuelle.")
    rescheduled = serializers.BooleanField(
        source="is_rescheduled", help_text="L'échéance a été déplacée (voir `justification`)."
    )
    status = serializers.ChoiceField(choices=Milestone.Status.choices)
    late = serializers.BooleanField(
        source="is_late_today",
        help_text="Prévu ou en cours, échéance passée (aujourd'hui, heure de Paris).",
    )
    completed_on = serializers.DateField(allow_null=True, help_text="Date de réalisation.")
    completed_on_time = serializers.SerializerMethodField(
        help_text="Réalisé au plus tard à l'échéance ; null si non réalisé."
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
        if obj.status != Milestone.Status.COMPLETED or obj.completed_on is None:
            return None
        return obj.completed_on <= obj.due_date


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
        description="Échéance initiale et actuelle, état, retard, date de réalisation, preuve.",
        tags=["milestones"],
    ),
    retrieve=extend_schema(summary="Un jalon", tags=["milestones"]),
)
class MilestoneViewSet(PublicReadOnlyViewSet):
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet

    def get_queryset(self):
        return milestones_for_api(as_of=timezone.localdate())


# --- write: a milestone's status -------------------------------------------------------------------------


class MilestoneStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=Milestone.Status.choices)
    completed_on = serializers.DateField(required=False, allow_null=True)
    evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=200)
    due_date = serializers.DateField(required=False, allow_null=True)
    justification = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class MilestoneStatusOutput(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = [
            "id",
            "commitment",
            "title",
            "status",
            "due_date",
            "original_due_date",
            "completed_on",
            "evidence_url",
            "justification",
        ]


class MilestoneStatusView(WriteView):
    @extend_schema(
        operation_id="milestone_set_status",
        summary="Changer l'état d'un jalon",
        description=(
            "Réaliser un jalon demande `completed_on` (pas dans le futur) et `evidence_url` ; "
            "l'abandonner ou changer `due_date` demande `justification`. L'échéance initiale "
            "est conservée. Les scores sont recalculés après l'enregistrement."
        ),
        request=MilestoneStatusInput,
        responses={200: MilestoneStatusOutput, **WRITE_ERRORS},
        tags=["écriture"],
    )
    def post(self, request, pk: int):
        milestone = get_object_or_404(Milestone.objects.select_related("commitment"), pk=pk)
        data = MilestoneStatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        service_call(
            milestone_set_status,
            milestone=milestone,
            status=v["status"],
            completed_on=v.get("completed_on"),
            evidence_url=v.get("evidence_url", ""),
            due_date=v.get("due_date"),
            justification=v.get("justification", ""),
            actor=request.user,
            source="api",
        )
        return Response(MilestoneStatusOutput(milestone).data)
