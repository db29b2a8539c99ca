"""The write API: the same actions as the workspace forms, through the same services.

Authenticated by a per-user token (``Authorization: Token …``, see ``/espace/jeton/``) or the
session. Authorisation is the services' own: a contributor changes only the commitments their
administrations lead or co-own (403 otherwise); bad input is a 400 naming the field.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from commitments.models import Commitment
from commitments.services import commitment_update_implementation
from indicators.models import Indicator
from indicators.services import measurement_record
from milestones.models import Milestone
from milestones.services import milestone_set_status


def _call(service, **kwargs):
    """Run a service, turning its Django errors into DRF's (400 with fields, 403)."""
    try:
        return service(**kwargs)
    except DjangoValidationError as error:
        raise ValidationError(error.message_dict) from None
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error)) from None


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


class ImplementationInput(serializers.Serializer):
    cost_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, min_value=0
    )
    cost_staff_fte = serializers.DecimalField(
        max_digits=8, decimal_places=2, required=False, allow_null=True, min_value=0
    )
    cost_funding_source = serializers.CharField(required=False, allow_blank=True, max_length=300)
    no_additional_cost = serializers.BooleanField(required=False)
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    contact_role = serializers.CharField(required=False, allow_blank=True, max_length=200)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    justification = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class ImplementationOutput(serializers.ModelSerializer):
    class Meta:
        model = Commitment
        fields = [
            "id",
            "cost_amount",
            "cost_staff_fte",
            "cost_funding_source",
            "no_additional_cost",
            "contact_name",
            "contact_role",
            "contact_email",
        ]


_ERRORS = {
    400: OpenApiResponse(description="Donnée invalide : le message nomme le champ."),
    401: OpenApiResponse(description="Authentification requise (jeton ou session)."),
    403: OpenApiResponse(description="L'engagement n'appartient pas à vos administrations."),
    404: OpenApiResponse(description="Objet introuvable."),
}


class WriteView(APIView):
    permission_classes = [IsAuthenticated]


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
        responses={200: MilestoneStatusOutput, **_ERRORS},
        tags=["écriture"],
    )
    def post(self, request, pk: int):
        milestone = get_object_or_404(Milestone.objects.select_related("commitment"), pk=pk)
        data = MilestoneStatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        _call(
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
        responses={201: MeasurementOutput, 200: MeasurementOutput, **_ERRORS},
        tags=["écriture"],
    )
    def post(self, request, pk: int):
        indicator = get_object_or_404(Indicator.objects.select_related("commitment"), pk=pk)
        data = MeasurementInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        existed = indicator.measurements.filter(date=v["date"]).exists()
        measurement, _changed = _call(
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
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


class ImplementationView(WriteView):
    @extend_schema(
        operation_id="commitment_update_implementation",
        summary="Modifier le coût, les moyens et le responsable d'un engagement",
        request=ImplementationInput,
        responses={200: ImplementationOutput, **_ERRORS},
        tags=["écriture"],
    )
    def patch(self, request, pk: int):
        commitment = get_object_or_404(Commitment, pk=pk)
        data = ImplementationInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        justification = values.pop("justification", "")
        _call(
            commitment_update_implementation,
            commitment=commitment,
            actor=request.user,
            source="api",
            justification=justification,
            **values,
        )
        return Response(ImplementationOutput(commitment).data)
