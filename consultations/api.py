"""Public read API: consultations (with their counts per outcome) and their proposals (with the
commitments they led to). JSON or CSV, filtered, paginated, ``updated_since`` to synchronise."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from commitments.models import Commitment
from toolkit.api.base import PublicReadOnlyViewSet
from toolkit.api.support import FastSerializer, OptionalURLField, absolute_url

from .filters import ConsultationFilterSet, ProposalFilterSet
from .models import Consultation, Proposal
from .selectors import consultations_public


def _page(slug: str) -> str:
    return absolute_url(f"/consultations/{slug}/")


class ConsultationSerializer(FastSerializer):
    id = serializers.IntegerField(help_text="Identifiant stable.")
    slug = serializers.SlugField(help_text="Identifiant lisible, celui de la page publique.")
    page_url = serializers.SerializerMethodField(help_text="La page publique de la consultation.")
    plan = serializers.SlugField(source="plan.slug", help_text="Le plan qu'elle a préparé.")
    name = serializers.CharField()
    start_date = serializers.DateField(help_text="Ouverture.")
    end_date = serializers.DateField(help_text="Clôture.")
    url = OptionalURLField(help_text="La consultation sur son propre site.")
    proposals = serializers.IntegerField(source="total", help_text="Nombre de propositions.")
    retained = serializers.IntegerField(help_text="Propositions retenues.")
    merged = serializers.IntegerField(help_text="Propositions fusionnées avec d'autres.")
    not_retained = serializers.IntegerField(help_text="Propositions non retenues.")
    pending = serializers.IntegerField(help_text="Propositions encore à l'étude.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_page_url(self, obj: Consultation) -> str:
        return _page(obj.slug)


class CommitmentRefSerializer(FastSerializer):
    id = serializers.IntegerField(help_text="Identifiant de l'engagement dans l'API.")
    number = serializers.IntegerField(help_text="Numéro dans le plan.")


class ProposalSerializer(FastSerializer):
    id = serializers.IntegerField(help_text="Identifiant stable.")
    consultation = serializers.SlugField(source="consultation.slug")
    plan = serializers.SlugField(source="consultation.plan.slug")
    external_id = serializers.CharField(help_text="Identifiant dans la consultation.")
    title = serializers.CharField()
    text = serializers.CharField()
    author = serializers.CharField(help_text="Organisation ou pseudonyme (vide si anonyme).")
    author_kind = serializers.ChoiceField(choices=Proposal.AuthorKind.choices)
    url = OptionalURLField(help_text="La proposition sur le site de la consultation.")
    outcome = serializers.ChoiceField(
        choices=Proposal.Outcome.choices,
        help_text="Suite donnée : retenue, fusionnée, non retenue ou à l'étude.",
    )
    reason = serializers.CharField(help_text="Motif public (obligatoire si non retenue).")
    commitments = CommitmentRefSerializer(
        many=True, source="commitment_list", help_text="Les engagements qui en sont issus."
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


def consultations_for_api() -> QuerySet[Consultation]:
    """Published plans' consultations with their counts; one query per page."""
    return consultations_public().order_by("id")


def proposals_for_api() -> QuerySet[Proposal]:
    """Published plans' proposals; the page, then its commitments (two queries per page)."""
    return (
        Proposal.objects.filter(consultation__plan__published=True)
        .select_related("consultation__plan")
        .prefetch_related(
            Prefetch(
                "commitments",
                queryset=Commitment.objects.only("id", "number").order_by("number"),
                to_attr="commitment_list",
            )
        )
        .order_by("id")
    )


@extend_schema_view(
    list=extend_schema(
        summary="Consultations publiques",
        description="Chaque consultation et le nombre de ses propositions par suite donnée.",
        tags=["consultations"],
    ),
    retrieve=extend_schema(summary="Une consultation", tags=["consultations"]),
)
class ConsultationViewSet(PublicReadOnlyViewSet):
    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilterSet

    def get_queryset(self):
        return consultations_for_api()


@extend_schema_view(
    list=extend_schema(
        summary="Propositions des consultations",
        description=(
            "Chaque proposition, sa suite (retenue, fusionnée, non retenue avec le motif, à "
            "l'étude) et les engagements qui en sont issus."
        ),
        tags=["consultations"],
    ),
    retrieve=extend_schema(summary="Une proposition", tags=["consultations"]),
)
class ProposalViewSet(PublicReadOnlyViewSet):
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilterSet

    def get_queryset(self):
        return proposals_for_api()
