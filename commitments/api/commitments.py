"""Commitments (with their stored scores) and their score history."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from toolkit.api.base import PublicReadOnlyViewSet
from toolkit.api.json_rows import JSONRows
from toolkit.api.rows import as_rows
from toolkit.api.support import FastSerializer, api_url, own_fields, public_page_url

from .. import rules
from ..filters import (
    STATUS_CHOICES,
    STATUS_DEFINITION,
    CommitmentFilterSet,
    ScoreSnapshotFilterSet,
    draft_commitment_keys,
)
from ..models import Administration, Commitment, Partner, ScoreSnapshot
from .shapes import (
    MONEY,
    PERCENT,
    SCORE,
    AdministrationBriefSerializer,
    AxisSerializer,
    FlagsField,
    IdListField,
    PartnerSerializer,
    PlanBriefSerializer,
)

# --- commitments ----------------------------------------------------------------------


class CostSerializer(FastSerializer):
    amount = serializers.DecimalField(
        **MONEY, source="cost_amount", allow_null=True, help_text="Coût estimé (euros)."
    )
    staff_fte = serializers.DecimalField(
        source="cost_staff_fte",
        max_digits=8,
        decimal_places=2,
        coerce_to_string=False,
        allow_null=True,
        help_text="Moyens humains (ETP).",
    )
    funding_source = serializers.CharField(source="cost_funding_source")
    no_additional_cost = serializers.BooleanField()
    is_illustrative = serializers.BooleanField(
        source="cost_is_illustrative",
        help_text="Coût inventé pour la démonstration, pas une donnée officielle.",
    )


class ContactSerializer(FastSerializer):
    """The named responsible person (their e-mail address is not published)."""

    name = serializers.CharField(source="contact_name")
    role = serializers.CharField(source="contact_role")


class CriterionSerializer(FastSerializer):
    """A failed measurability criterion, as stored by the score recompute."""

    code = serializers.ChoiceField(choices=[code for code, _label in rules.CRITERIA])
    label = serializers.SerializerMethodField(help_text="Le critère, en clair.")
    reason = serializers.CharField(help_text="Pourquoi il n'est pas rempli.")

    def get_label(self, obj: dict) -> str:
        return str(rules.CRITERION_LABELS.get(obj.get("code", ""), ""))


class CommitmentSerializer(FastSerializer):
    id = serializers.IntegerField(help_text="Identifiant stable.")
    url = serializers.SerializerMethodField(help_text="Cet objet dans l'API.")
    page_url = serializers.SerializerMethodField(help_text="Sa page publique sur le site.")
    plan = PlanBriefSerializer()
    number = serializers.IntegerField(help_text="Numéro dans le plan.")
    ogp_id = serializers.CharField(help_text="Identifiant OGP (par exemple FR0004).")
    axis = AxisSerializer(allow_null=True)
    title = serializers.CharField()
    title_en = serializers.CharField()
    summary = serializers.CharField(help_text="Résumé en langage clair.")
    problem = serializers.CharField()
    baseline_situation = serializers.CharField()
    objective = serializers.CharField()
    description = serializers.CharField()
    ogp_values = FlagsField(flags=Commitment.OGP_VALUE_FIELDS)
    action_types = FlagsField(flags=Commitment.ACTION_TYPE_FIELDS)
    lead_administration = AdministrationBriefSerializer(allow_null=True)
    co_owners = AdministrationBriefSerializer(many=True, source="co_owner_list")
    partners = PartnerSerializer(many=True, source="partner_list")
    contact = ContactSerializer(source="*")
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    cost = CostSerializer(source="*")
    continues = serializers.IntegerField(
        source="continues_id",
        allow_null=True,
        help_text="Id de l'engagement d'un plan précédent que celui-ci prolonge (le premier, "
        "quand il en prolonge plusieurs).",
    )
    also_continues = IdListField(
        source="also_continues_list",
        help_text="Ids des autres engagements de plans précédents que celui-ci prolonge aussi.",
    )
    ogp_completion = serializers.ChoiceField(
        choices=Commitment.OgpCompletion.choices,
        allow_blank=True,
        help_text="Niveau d'achèvement sur l'échelle OGP (vide si non évalué).",
    )
    irm_assessment = serializers.CharField()
    sources = serializers.CharField()
    data_confidence = serializers.CharField()
    to_verify = serializers.BooleanField(
        help_text="L'engagement entier reste à vérifier : l'équipe de coordination n'a pas pu "
        "confirmer ses informations dans les sources officielles."
    )
    fields_to_verify = serializers.ListField(
        child=serializers.CharField(),
        help_text="Les champs encore à vérifier dans les sources officielles, par leur code dans "
        "le format d'import (par exemple `title`, `cost_amount`, voir IMPORT_FORMAT.md).",
    )
    status = serializers.ChoiceField(choices=STATUS_CHOICES, help_text=STATUS_DEFINITION)
    progress = serializers.DecimalField(
        **PERCENT, allow_null=True, help_text="Avancement (%), null si non mesurable."
    )
    points = serializers.DecimalField(**SCORE)
    max_points = serializers.DecimalField(**SCORE)
    penalty = serializers.DecimalField(**SCORE, help_text="Points perdus pour retard (≥ 0).")
    score = serializers.DecimalField(
        **PERCENT, allow_null=True, help_text="100 × max(points, 0) / maximum."
    )
    late_milestones = serializers.IntegerField()
    milestones_counted = serializers.IntegerField(
        help_text="Jalons comptés : tous sauf ceux abandonnés par une demande faite à temps et validée."
    )
    milestones_completed_on_time = serializers.IntegerField(
        help_text="Jalons réalisés au plus tard à leur échéance de référence."
    )
    milestones_completed = serializers.IntegerField(
        help_text="Jalons réalisés au plus tard à la date du calcul."
    )
    measurability = serializers.IntegerField(help_text="Critères de mesurabilité remplis, sur 8.")
    measurability_failures = CriterionSerializer(
        many=True, help_text="Chaque critère non rempli, avec la raison."
    )
    scored_on = serializers.DateField(allow_null=True, help_text="Date du calcul des scores.")
    method_version = serializers.CharField(
        help_text="Version de la méthode qui a calculé ces chiffres (`v2`), voir /methode/."
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_url(self, obj: Commitment) -> str:
        return api_url("commitment", obj.pk)

    def get_page_url(self, obj: Commitment) -> str:
        return public_page_url("commitment", plan_slug=obj.plan.slug, number=obj.number)


def commitments_for_api() -> QuerySet[Commitment]:
    """Commitments of published plans, most recent plan first, as ``Row`` dicts, with their
    co-owners and partners read in the same query (``JSONRows``): a page reads its rows in one
    query whatever its size (plus the list's keys on its first page, see api_pagination)."""
    return as_rows(
        Commitment.objects.filter(plan__published=True)
        .select_related("plan", "axis", "lead_administration")
        .only(
            # not the contact's e-mail address: it is never published
            *(name for name in own_fields(Commitment) if name != "contact_email"),
            "plan__slug",
            "plan__title",
            "plan__period_start",
            *(f"axis__{name}" for name in ("number", "slug", "title", "title_en")),
            *(f"lead_administration__{name}" for name in ("slug", "name", "acronym")),
        )
        .annotate(
            co_owner_list=JSONRows(
                Administration.objects.filter(co_owned_commitments=OuterRef("pk")).values(
                    "id", "slug", "name", "acronym"
                ),
                order_by=("name", "id"),
            ),
            also_continues_list=JSONRows(
                Commitment.objects.filter(also_continued_by=OuterRef("pk")).values("id"),
                order_by=("id",),
            ),
            partner_list=JSONRows(
                Partner.objects.filter(commitments=OuterRef("pk")).values(
                    "id", "slug", "name", "website"
                ),
                order_by=("name", "id"),
            ),
        )
        .order_by("-plan__period_start", "plan__slug", "number", "id")
    )


@extend_schema_view(
    list=extend_schema(
        summary="Engagements des plans publiés",
        description="Avec leurs scores stockés (méthode v2). " + STATUS_DEFINITION,
        tags=["commitments"],
    ),
    retrieve=extend_schema(summary="Un engagement", tags=["commitments"]),
)
class CommitmentViewSet(PublicReadOnlyViewSet):
    queryset = commitments_for_api()
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilterSet


# --- score snapshots ----------------------------------------------------------------------


class ScoreSnapshotSerializer(FastSerializer):
    id = serializers.IntegerField(help_text="Identifiant stable.")
    url = serializers.SerializerMethodField(help_text="Cet objet dans l'API.")
    page_url = serializers.SerializerMethodField(help_text="La page publique de l'engagement.")
    commitment = serializers.IntegerField(source="commitment_id")
    plan = serializers.SlugField(source="commitment.plan.slug")
    commitment_number = serializers.IntegerField(source="commitment.number")
    date = serializers.DateField()
    progress = serializers.DecimalField(**PERCENT, allow_null=True)
    points = serializers.DecimalField(**SCORE)
    max_points = serializers.DecimalField(**SCORE)
    score = serializers.DecimalField(**PERCENT, allow_null=True)
    measurability = serializers.IntegerField()
    status = serializers.ChoiceField(
        choices=STATUS_CHOICES,
        allow_blank=True,
        help_text="Statut à cette date (vide pour les relevés calculés avant la méthode v2).",
    )
    method_version = serializers.CharField(
        help_text="Version de la méthode qui a calculé ce relevé (`v1`, `v2`) : un relevé garde "
        "toujours la sienne."
    )
    updated_at = serializers.DateTimeField(help_text="Dernière écriture de ce relevé.")

    def get_url(self, obj: ScoreSnapshot) -> str:
        return api_url("score-snapshot", obj.pk)

    def get_page_url(self, obj: ScoreSnapshot) -> str:
        c = obj.commitment
        return public_page_url("commitment", plan_slug=c.plan.slug, number=c.number)


def score_snapshots_for_api() -> QuerySet[ScoreSnapshot]:
    return (
        ScoreSnapshot.objects.exclude(commitment_id__in=draft_commitment_keys())
        .select_related("commitment", "commitment__plan")
        .only(*own_fields(ScoreSnapshot), "commitment__number", "commitment__plan__slug")
        .order_by("commitment_id", "date", "id")
    )


@extend_schema_view(
    list=extend_schema(
        summary="Historique des scores",
        description=(
            "Un relevé par engagement, date et version de la méthode, écrit quand une valeur a "
            "changé ; `updated_since` donne ce qui a été écrit depuis un instant."
        ),
        tags=["score-snapshots"],
    ),
    retrieve=extend_schema(summary="Un relevé de score", tags=["score-snapshots"]),
)
class ScoreSnapshotViewSet(PublicReadOnlyViewSet):
    queryset = score_snapshots_for_api()
    serializer_class = ScoreSnapshotSerializer
    filterset_class = ScoreSnapshotFilterSet
