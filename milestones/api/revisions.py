"""Requests to move a milestone's due date or to cancel it, and the coordination team's
decisions: the public list, the request and the decision endpoints (method v2)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response

from commitments.filters import draft_commitment_keys
from toolkit.api.base import PublicReadOnlyViewSet
from toolkit.api.support import FastSerializer, api_url, public_page_url
from toolkit.api.write import WRITE_ERRORS, WriteView, service_call

from ..filters import MilestoneRevisionFilterSet
from ..models import Milestone, MilestoneRevision
from ..services import milestone_revision_decide, milestone_revision_request


class MilestoneRevisionSerializer(FastSerializer):
    id = serializers.IntegerField(help_text="Identifiant stable.")
    url = serializers.SerializerMethodField(help_text="Cet objet dans l'API.")
    page_url = serializers.SerializerMethodField(help_text="La page publique de l'engagement.")
    milestone = serializers.IntegerField(source="milestone_id")
    commitment = serializers.IntegerField(source="milestone.commitment_id")
    plan = serializers.SlugField(source="milestone.commitment.plan.slug")
    kind = serializers.ChoiceField(choices=MilestoneRevision.Kind.choices)
    new_due_date = serializers.DateField(allow_null=True, help_text="Pour un report.")
    reason = serializers.CharField(help_text="Motif public de la demande.")
    requested_on = serializers.DateField(help_text="Date de la demande (heure de Paris).")
    reference_at_request = serializers.DateField(
        help_text="Échéance de référence en vigueur le jour de la demande."
    )
    timely = serializers.BooleanField(
        help_text="Demandée au plus tard le jour de l'échéance de référence : une fois "
        "validée, elle change l'échéance de référence (ou retire le jalon abandonné du score). "
        "Sinon elle est affichée mais ne change aucun point."
    )
    status = serializers.ChoiceField(choices=MilestoneRevision.Status.choices)
    decided_on = serializers.DateField(allow_null=True, help_text="Date de la décision.")
    decision_reason = serializers.CharField(help_text="Motif public de la décision.")
    moves_reference = serializers.BooleanField(
        help_text="Validée et demandée à temps : elle compte pour le score."
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_url(self, obj: MilestoneRevision) -> str:
        return api_url("milestone-revision", obj.pk)

    def get_page_url(self, obj: MilestoneRevision) -> str:
        c = obj.milestone.commitment
        return public_page_url("commitment", plan_slug=c.plan.slug, number=c.number)


def revisions_for_api() -> QuerySet[MilestoneRevision]:
    """Requests on milestones of published plans, oldest first; 1 query per page (plus the
    list's keys)."""
    return (
        MilestoneRevision.objects.exclude(milestone__commitment_id__in=draft_commitment_keys())
        .select_related("milestone__commitment__plan")
        .order_by("id")
    )


@extend_schema_view(
    list=extend_schema(
        summary="Demandes de report ou d'abandon de jalons",
        description=(
            "Chaque demande, son motif, si elle a été faite à temps, la décision de l'équipe de "
            "coordination et son motif (méthode v2)."
        ),
        tags=["milestones"],
    ),
    retrieve=extend_schema(summary="Une demande de report ou d'abandon", tags=["milestones"]),
)
class MilestoneRevisionViewSet(PublicReadOnlyViewSet):
    queryset = revisions_for_api()
    serializer_class = MilestoneRevisionSerializer
    filterset_class = MilestoneRevisionFilterSet


class RevisionRequestInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MilestoneRevision.Kind.choices)
    new_due_date = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(max_length=5000, help_text="Public.")


class RevisionRequestView(WriteView):
    @extend_schema(
        operation_id="milestone_request_revision",
        summary="Demander un report ou l'abandon d'un jalon",
        description=(
            "Une demande faite au plus tard le jour de l'échéance de référence et validée par "
            "l'équipe de coordination change l'échéance qui compte pour le score (ou retire le "
            "jalon abandonné du score) ; plus tard, elle est enregistrée et affichée mais ne "
            "change aucun point. La demande d'un membre de l'équipe de coordination est validée "
            "aussitôt. Une seule demande en attente par jalon."
        ),
        request=RevisionRequestInput,
        responses={201: MilestoneRevisionSerializer, **WRITE_ERRORS},
        tags=["écriture"],
    )
    def post(self, request, pk: int):
        milestone = get_object_or_404(Milestone.objects.select_related("commitment"), pk=pk)
        data = RevisionRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        revision = service_call(
            milestone_revision_request,
            milestone=milestone,
            kind=v["kind"],
            new_due_date=v.get("new_due_date"),
            reason=v["reason"],
            actor=request.user,
            source="api",
        )
        return Response(MilestoneRevisionSerializer(revision).data, status=status.HTTP_201_CREATED)


class RevisionDecisionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("approve", "approve"), ("refuse", "refuse")])
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text="Public ; obligatoire pour un refus.",
    )


class RevisionDecisionView(WriteView):
    @extend_schema(
        operation_id="milestone_decide_revision",
        summary="Valider ou refuser une demande (équipe de coordination)",
        request=RevisionDecisionInput,
        responses={200: MilestoneRevisionSerializer, **WRITE_ERRORS},
        tags=["écriture"],
    )
    def post(self, request, pk: int):
        revision = get_object_or_404(
            MilestoneRevision.objects.select_related("milestone__commitment__plan"), pk=pk
        )
        data = RevisionDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        service_call(
            milestone_revision_decide,
            revision=revision,
            approve=v["decision"] == "approve",
            reason=v.get("reason", ""),
            actor=request.user,
            source="api",
        )
        return Response(MilestoneRevisionSerializer(revision).data)
