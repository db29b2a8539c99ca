"""FilterSets of the assessment, question and organisation lists (API)."""

from __future__ import annotations

import django_filters as df
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from commitments.filters import (
    commitment_administration_filter,
    commitment_filter,
    plan_filter,
    public_plans,
)
from commitments.models import ActionPlan
from toolkit.filters import (
    SLUG_RE,
    PublicFilterSet,
    ReferenceFilter,
    StableOrderingFilter,
    StrictBooleanFilter,
    search_filter,
    since_filter,
)

from .models import Assessment, Level, Organisation, Question


def organisation_filter(field_name: str = "organisation") -> ReferenceFilter:
    return ReferenceFilter(
        field_name=field_name,
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        pattern=SLUG_RE,
        unknown=_("Organisation inconnue : « %(value)s »."),
        label=_("organisation"),
        help_text=_("Identifiant (slug) d'une organisation de la société civile."),
    )


def disagreement_q() -> Q:
    return Q(
        is_current=True, hidden_at__isnull=True, commitment__self_assessment__isnull=False
    ) & ~Q(level=F("commitment__self_assessment__level"))


class AssessmentFilterSet(PublicFilterSet):
    plan = plan_filter("commitment__plan")
    commitment = commitment_filter()
    administration = commitment_administration_filter()
    organisation = organisation_filter()
    level = df.ChoiceFilter(
        choices=Level.choices, label=_("niveau"), help_text=_("Niveau sur l'échelle OGP.")
    )
    current = StrictBooleanFilter(
        field_name="is_current",
        label=_("en vigueur"),
        help_text=_(
            "`true` : la dernière évaluation de chaque organisation ; `false` : l'historique."
        ),
    )
    disagreement = StrictBooleanFilter(
        method="filter_disagreement",
        label=_("désaccord"),
        help_text=_(
            "`true` : évaluations en vigueur dont le niveau diffère de l'auto-évaluation de "
            "l'administration ; `false` : les autres."
        ),
    )
    updated_since = since_filter()
    ordering = StableOrderingFilter(
        fields=(("id", "id"), ("assessed_on", "assessed_on"), ("updated_at", "updated_at")),
        label=_("tri"),
        help_text=_("Tri ; par défaut par identifiant (ordre de création)."),
    )

    class Meta:
        model = Assessment
        fields: list[str] = []

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return Assessment.objects.filter(commitment__plan__published=True)

    def filter_disagreement(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        return qs.filter(disagreement_q()) if value else qs.exclude(disagreement_q())


class QuestionFilterSet(PublicFilterSet):
    plan = plan_filter("commitment__plan")
    commitment = commitment_filter()
    administration = commitment_administration_filter()
    answered = StrictBooleanFilter(
        field_name="answered_at",
        lookup_expr="isnull",
        exclude=True,
        label=_("répondue"),
        help_text=_("`true` : les questions qui ont une réponse ; `false` : les autres."),
    )
    updated_since = since_filter()
    q = search_filter("text", "answer", help_text=_("Recherche dans la question et la réponse."))
    ordering = StableOrderingFilter(
        fields=(("id", "id"), ("confirmed_at", "asked_at"), ("updated_at", "updated_at")),
        label=_("tri"),
        help_text=_("Tri ; par défaut par identifiant (ordre de création)."),
    )

    class Meta:
        model = Question
        fields: list[str] = []

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return Question.objects.filter(commitment__plan__published=True, confirmed_at__isnull=False)


class OrganisationFilterSet(PublicFilterSet):
    kind = df.ChoiceFilter(
        choices=Organisation.Kind.choices, label=_("type"), help_text=_("Type d'organisation.")
    )
    # the per-plan bulk zip reads ``?plan=<slug>``: the organisations of that plan only
    plan = ReferenceFilter(
        queryset=public_plans(),
        to_field_name="slug",
        pattern=SLUG_RE,
        method="filter_plan",
        unknown=_("Plan inconnu ou non publié : « %(value)s »."),
        label=_("plan"),
        help_text=_(
            "Organisations qui ont publié au moins une évaluation d'un engagement du plan."
        ),
    )
    updated_since = since_filter()
    q = search_filter(
        "name", "description", help_text=_("Recherche dans le nom et la présentation.")
    )
    ordering = StableOrderingFilter(
        fields=(("id", "id"), ("name", "name"), ("updated_at", "updated_at")),
        label=_("tri"),
        help_text=_("Tri ; par défaut par identifiant."),
    )

    class Meta:
        model = Organisation
        fields: list[str] = []

    def filter_plan(self, qs: QuerySet, name: str, value: ActionPlan | None) -> QuerySet:
        if value is None:
            return qs
        assessed = Assessment.objects.filter(commitment__plan=value)
        return qs.filter(pk__in=assessed.values("organisation_id"))
