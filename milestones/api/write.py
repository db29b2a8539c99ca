"""Write API of milestones: their status, the explanation of a delay (the same services as
the workspace forms)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from toolkit.api.write import WRITE_ERRORS, WriteView, service_call

from ..models import Milestone
from ..services import milestone_explain_delay, milestone_set_status


class MilestoneStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=Milestone.Status.choices)
    completed_on = serializers.DateField(required=False, allow_null=True)
    evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=200)
    due_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Refusé s'il change l'échéance : une nouvelle échéance se demande "
        "(`POST /api/v1/milestones/{id}/revisions/`).",
    )
    justification = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text="Commentaire public gardé avec la modification.",
    )


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
            "reference_due_date",
            "counts_in_score",
            "completed_on",
            "evidence_url",
            "justification",
        ]


class MilestoneStatusView(WriteView):
    @extend_schema(
        operation_id="milestone_set_status",
        summary="Changer l'état d'un jalon",
        description=(
            "État d'un jalon : `planned`, `in_progress` ou `completed` ; réaliser un jalon "
            "demande `completed_on` (pas dans le futur) et `evidence_url`. Un abandon ou une "
            "nouvelle échéance ne se décide pas ici : ils se demandent "
            "(`POST /api/v1/milestones/{id}/revisions/`) et l'équipe de coordination les valide "
            "(méthode v2). Les scores sont recalculés après l'enregistrement."
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


class DelayExplanationInput(serializers.Serializer):
    explanation = serializers.CharField(max_length=5000, help_text="Publique.")


class DelayExplanationOutput(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "reference_due_date", "delay_explanation", "delay_explained_on"]


class DelayExplanationView(WriteView):
    @extend_schema(
        operation_id="milestone_explain_delay",
        summary="Expliquer le retard d'un jalon",
        description=(
            "L'explication publique d'un jalon en retard (son échéance de référence est "
            "passée), affichée à côté du jalon avec sa date. Une seconde explication remplace "
            "la première (l'historique garde les deux)."
        ),
        request=DelayExplanationInput,
        responses={200: DelayExplanationOutput, **WRITE_ERRORS},
        tags=["écriture"],
    )
    def post(self, request, pk: int):
        milestone = get_object_or_404(Milestone.objects.select_related("commitment"), pk=pk)
        data = DelayExplanationInput(data=request.data)
        data.is_valid(raise_exception=True)
        service_call(
            milestone_explain_delay,
            milestone=milestone,
            explanation=data.validated_data["explanation"],
            actor=request.user,
            source="api",
        )
        return Response(DelayExplanationOutput(milestone).data)
