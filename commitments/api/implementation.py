"""Write endpoint of a commitment's implementation details (cost, resources, contact)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from toolkit.api.write import WRITE_ERRORS, WriteView, service_call

from ..models import Commitment
from ..services import commitment_update_implementation


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


class ImplementationView(WriteView):
    @extend_schema(
        operation_id="commitment_update_implementation",
        summary="Modifier le coût, les moyens et le responsable d'un engagement",
        request=ImplementationInput,
        responses={200: ImplementationOutput, **WRITE_ERRORS},
        tags=["écriture"],
    )
    def patch(self, request, pk: int):
        commitment = get_object_or_404(Commitment, pk=pk)
        data = ImplementationInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        justification = values.pop("justification", "")
        service_call(
            commitment_update_implementation,
            commitment=commitment,
            actor=request.user,
            source="api",
            justification=justification,
            **values,
        )
        return Response(ImplementationOutput(commitment).data)
