"""Public read API: organisations, assessments (with the self-assessment beside them and the
disagreement flag), questions and answers. Hidden content is replaced by its public reason;
the askers' addresses are never part of it. Two queries per page."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from toolkit.api.base import PublicReadOnlyViewSet
from toolkit.api.support import FastSerializer, absolute_url, api_url, public_page_url

from .. import rules
from ..filters import AssessmentFilterSet, OrganisationFilterSet, QuestionFilterSet
from ..models import Assessment, Organisation, Question


def _organisation_page(slug: str) -> str:
    try:
        return absolute_url(reverse("civilsociety:organisation-detail", args=[slug]))
    except NoReverseMatch:  # pragma: no cover - the page is always wired
        return absolute_url(f"/organisations/{slug}/")


class OrganisationSerializer(FastSerializer):
    id = serializers.IntegerField(help_text="Identifiant stable.")
    url = serializers.SerializerMethodField(help_text="Cet objet dans l'API.")
    page_url = serializers.SerializerMethodField(help_text="La page publique de l'organisation.")
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices)
    website = serializers.CharField(help_text="Site web (vide s'il n'est pas connu).")
    description = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_url(self, obj: Organisation) -> str:
        return api_url("organisation", obj.pk)

    def get_page_url(self, obj: Organisation) -> str:
        return _organisation_page(obj.slug)


def organisations_for_api() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("id")


class AssessmentSerializer(FastSerializer):
    id = serializers.IntegerField(help_text="Identifiant stable.")
    url = serializers.SerializerMethodField(help_text="Cet objet dans l'API.")
    page_url = serializers.SerializerMethodField(help_text="La page publique de l'engagement.")
    commitment = serializers.IntegerField(source="commitment_id")
    plan = serializers.SlugField(source="commitment.plan.slug")
    commitment_number = serializers.IntegerField(source="commitment.number")
    organisation = serializers.SlugField(source="organisation.slug")
    organisation_name = serializers.CharField(source="organisation.name")
    assessed_on = serializers.DateField(help_text="Date de l'évaluation.")
    level = serializers.SerializerMethodField(
        help_text="Niveau d'achèvement sur l'échelle OGP (null si l'évaluation est masquée)."
    )
    on_track = serializers.SerializerMethodField(
        help_text="Dans les temps : `yes`, `no`, `unknown` (null si masquée)."
    )
    text = serializers.SerializerMethodField(help_text="L'évaluation (vide si masquée).")
    evidence_links = serializers.SerializerMethodField(
        help_text="Liens vers les preuves (http ou https)."
    )
    is_current = serializers.BooleanField(
        help_text="La dernière évaluation de cette organisation pour cet engagement."
    )
    self_assessment_level = serializers.SerializerMethodField(
        help_text="Le niveau que l'administration déclare (null sans auto-évaluation)."
    )
    disagreement = serializers.SerializerMethodField(
        help_text="En vigueur, visible, et d'un autre niveau que l'auto-évaluation."
    )
    hidden = serializers.SerializerMethodField(
        help_text="Masquée par l'équipe de coordination (la raison est publique)."
    )
    hidden_reason = serializers.CharField(help_text="Raison publique du masquage (vide sinon).")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_url(self, obj: Assessment) -> str:
        return api_url("assessment", obj.pk)

    def get_page_url(self, obj: Assessment) -> str:
        c = obj.commitment
        return public_page_url("commitment", plan_slug=c.plan.slug, number=c.number)

    def get_level(self, obj: Assessment) -> str | None:
        return None if obj.hidden_at else obj.level

    def get_on_track(self, obj: Assessment) -> str | None:
        return None if obj.hidden_at else obj.on_track

    def get_text(self, obj: Assessment) -> str:
        return "" if obj.hidden_at else obj.text

    def get_evidence_links(self, obj: Assessment) -> list[str]:
        return [] if obj.hidden_at else list(obj.evidence_links or [])

    def get_self_assessment_level(self, obj: Assessment) -> str | None:
        own = getattr(obj.commitment, "self_assessment", None)
        return own.level if own is not None else None

    def get_disagreement(self, obj: Assessment) -> bool:
        own = getattr(obj.commitment, "self_assessment", None)
        return bool(
            obj.is_current
            and obj.hidden_at is None
            and own is not None
            and rules.disagrees(obj.level, own.level)
        )

    def get_hidden(self, obj: Assessment) -> bool:
        return obj.hidden_at is not None


def assessments_for_api() -> QuerySet[Assessment]:
    """Assessments of published plans with their commitment, plan, organisation and
    self-assessment: one query per page."""
    return (
        Assessment.objects.filter(commitment__plan__published=True)
        .select_related(
            "commitment", "commitment__plan", "commitment__self_assessment", "organisation"
        )
        .order_by("id")
    )


class QuestionSerializer(FastSerializer):
    id = serializers.IntegerField(help_text="Identifiant stable.")
    url = serializers.SerializerMethodField(help_text="Cet objet dans l'API.")
    page_url = serializers.SerializerMethodField(help_text="La question sur la page publique.")
    commitment = serializers.IntegerField(source="commitment_id")
    plan = serializers.SlugField(source="commitment.plan.slug")
    commitment_number = serializers.IntegerField(source="commitment.number")
    display_name = serializers.SerializerMethodField(
        help_text="Nom choisi par la personne (vide si la question est masquée). Son adresse "
        "n'est jamais publiée."
    )
    text = serializers.SerializerMethodField(help_text="La question (vide si masquée).")
    asked_at = serializers.DateTimeField(source="confirmed_at", help_text="Publiée le.")
    hidden = serializers.SerializerMethodField(
        help_text="Question masquée par l'équipe de coordination."
    )
    hidden_reason = serializers.CharField(help_text="Raison publique du masquage (vide sinon).")
    answer = serializers.SerializerMethodField(
        help_text="La réponse (vide sans réponse ou si masquée)."
    )
    answered_at = serializers.DateTimeField(allow_null=True, help_text="Date de la réponse.")
    answered_by = serializers.SerializerMethodField(
        help_text="Slug de l'administration qui signe la réponse (null sans réponse)."
    )
    answer_hidden = serializers.SerializerMethodField(help_text="Réponse masquée.")
    answer_hidden_reason = serializers.CharField(help_text="Raison publique du masquage.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_url(self, obj: Question) -> str:
        return api_url("question", obj.pk)

    def get_page_url(self, obj: Question) -> str:
        c = obj.commitment
        return public_page_url("commitment", plan_slug=c.plan.slug, number=c.number) + (
            f"#question-{obj.pk}"
        )

    def get_display_name(self, obj: Question) -> str:
        return "" if obj.hidden_at else obj.display_name

    def get_text(self, obj: Question) -> str:
        return "" if obj.hidden_at else obj.text

    def get_hidden(self, obj: Question) -> bool:
        return obj.hidden_at is not None

    def get_answer(self, obj: Question) -> str:
        return "" if obj.answer_hidden_at or obj.hidden_at else obj.answer

    def get_answered_by(self, obj: Question) -> str | None:
        signer = obj.answer_administration
        return signer.slug if signer is not None and obj.answered_at else None

    def get_answer_hidden(self, obj: Question) -> bool:
        return obj.answer_hidden_at is not None


def questions_for_api() -> QuerySet[Question]:
    """Published questions (their address confirmed) of published plans; never the address."""
    return (
        Question.objects.filter(commitment__plan__published=True, confirmed_at__isnull=False)
        .select_related("commitment", "commitment__plan", "answer_administration")
        .defer("email", "token_hash")
        .order_by("id")
    )


@extend_schema_view(
    list=extend_schema(
        summary="Organisations de la société civile",
        description="Les organisations qui publient des évaluations indépendantes.",
        tags=["civil-society"],
    ),
    retrieve=extend_schema(summary="Une organisation", tags=["civil-society"]),
)
class OrganisationViewSet(PublicReadOnlyViewSet):
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet

    def get_queryset(self):
        return organisations_for_api()


@extend_schema_view(
    list=extend_schema(
        summary="Évaluations indépendantes",
        description=(
            "Les évaluations datées des organisations de la société civile (la dernière de "
            "chacune est en vigueur), à côté de l'auto-évaluation de l'administration ; "
            "`disagreement` signale un niveau différent. Une évaluation masquée ne garde que la "
            "raison du masquage."
        ),
        tags=["civil-society"],
    ),
    retrieve=extend_schema(summary="Une évaluation", tags=["civil-society"]),
)
class AssessmentViewSet(PublicReadOnlyViewSet):
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet

    def get_queryset(self):
        return assessments_for_api()


@extend_schema_view(
    list=extend_schema(
        summary="Questions publiques",
        description=(
            "Les questions publiées (adresse confirmée) et les réponses de l'administration "
            "porteuse, datées et signées. L'adresse des personnes n'est jamais publiée."
        ),
        tags=["civil-society"],
    ),
    retrieve=extend_schema(summary="Une question", tags=["civil-society"]),
)
class QuestionViewSet(PublicReadOnlyViewSet):
    serializer_class = QuestionSerializer
    filterset_class = QuestionFilterSet

    def get_queryset(self):
        return questions_for_api()
