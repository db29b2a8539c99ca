"""Write API: an organisation's assessment (its reviewers), the self-assessment and the answers
(the owning administration): the same services as the workspace forms."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from commitments.models import Commitment
from toolkit.api.write import WRITE_ERRORS, WriteView, service_call

from .. import rules
from ..models import Assessment, Level, Organisation, Question, SelfAssessment
from ..questions import question_answer
from ..services import assessment_create, self_assessment_set


class AssessmentInput(serializers.Serializer):
    organisation = serializers.SlugField(help_text="L'organisation au nom de laquelle évaluer.")
    level = serializers.ChoiceField(choices=Level.choices)
    on_track = serializers.ChoiceField(choices=Assessment.OnTrack.choices)
    text = serializers.CharField(max_length=rules.ASSESSMENT_MAX_LENGTH)
    evidence_links = serializers.ListField(
        child=serializers.CharField(max_length=500),
        required=False,
        max_length=rules.MAX_EVIDENCE_LINKS,
        help_text="Liens http ou https.",
    )
    assessed_on = serializers.DateField(required=False, help_text="Aujourd'hui par défaut.")


class AssessmentOutput(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "commitment",
            "organisation",
            "assessed_on",
            "level",
            "on_track",
            "text",
            "evidence_links",
            "is_current",
        ]


class AssessmentCreateView(WriteView):
    @extend_schema(
        operation_id="commitment_assess",
        summary="Publier une évaluation indépendante",
        description=(
            "Réservé aux évaluateurs de l'organisation nommée. La plus récente (par date) est "
            "celle en vigueur ; les précédentes restent dans l'historique."
        ),
        request=AssessmentInput,
        responses={201: AssessmentOutput, **WRITE_ERRORS},
        tags=["écriture"],
    )
    def post(self, request, pk: int):
        commitment = get_object_or_404(Commitment.objects.select_related("plan"), pk=pk)
        data = AssessmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        organisation = get_object_or_404(Organisation, slug=v["organisation"])
        assessment = service_call(
            assessment_create,
            organisation=organisation,
            commitment=commitment,
            level=v["level"],
            on_track=v["on_track"],
            text=v["text"],
            evidence_links=v.get("evidence_links", []),
            assessed_on=v.get("assessed_on"),
            actor=request.user,
            source="api",
        )
        return Response(AssessmentOutput(assessment).data, status=201)


class SelfAssessmentInput(serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices)
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=rules.ANSWER_MAX_LENGTH
    )


class SelfAssessmentOutput(serializers.ModelSerializer):
    class Meta:
        model = SelfAssessment
        fields = ["commitment", "level", "note", "set_on"]


class SelfAssessmentView(WriteView):
    @extend_schema(
        operation_id="commitment_self_assess",
        summary="Déclarer l'auto-évaluation d'un engagement",
        description=(
            "Le niveau d'achèvement que l'administration porteuse (ou co-porteuse) déclare sur "
            "l'échelle OGP, publié à côté des évaluations de la société civile."
        ),
        request=SelfAssessmentInput,
        responses={200: SelfAssessmentOutput, **WRITE_ERRORS},
        tags=["écriture"],
    )
    def post(self, request, pk: int):
        commitment = get_object_or_404(Commitment.objects.select_related("plan"), pk=pk)
        data = SelfAssessmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        service_call(
            self_assessment_set,
            commitment=commitment,
            level=v["level"],
            note=v.get("note", ""),
            actor=request.user,
            source="api",
        )
        own = SelfAssessment.objects.get(commitment=commitment)
        return Response(SelfAssessmentOutput(own).data)


class AnswerInput(serializers.Serializer):
    answer = serializers.CharField(max_length=rules.ANSWER_MAX_LENGTH)


class AnswerOutput(serializers.ModelSerializer):
    answered_by = serializers.SlugRelatedField(
        source="answer_administration", slug_field="slug", read_only=True
    )

    class Meta:
        model = Question
        fields = ["id", "commitment", "answer", "answered_at", "answered_by"]


class AnswerView(WriteView):
    @extend_schema(
        operation_id="question_answer",
        summary="Répondre à une question publique",
        description=(
            "La réponse publique de l'administration porteuse, datée et signée. Une seconde "
            "réponse remplace la première (l'historique garde les deux)."
        ),
        request=AnswerInput,
        responses={200: AnswerOutput, **WRITE_ERRORS},
        tags=["écriture"],
    )
    def post(self, request, pk: int):
        question = get_object_or_404(
            Question.objects.select_related("commitment").filter(confirmed_at__isnull=False),
            pk=pk,
        )
        data = AnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        question = service_call(
            question_answer,
            question=question,
            answer=data.validated_data["answer"],
            actor=request.user,
            source="api",
        )
        return Response(AnswerOutput(question).data)
