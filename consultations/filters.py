"""FilterSets of the consultations and proposals lists (API and site)."""

from __future__ import annotations

import django_filters as df
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from commitments.filters import commitment_filter, plan_filter
from toolkit.filters import (
    SLUG_RE,
    PublicFilterSet,
    ReferenceFilter,
    StableOrderingFilter,
    search_filter,
    since_filter,
)

from .models import Consultation, Proposal


class ConsultationFilterSet(PublicFilterSet):
    plan = plan_filter("plan")
    updated_since = since_filter()
    ordering = StableOrderingFilter(
        fields=(("id", "id"), ("start_date", "start_date"), ("updated_at", "updated_at")),
        label=_("tri"),
        help_text=_("Tri ; par défaut par identifiant (ordre de création)."),
    )

    class Meta:
        model = Consultation
        fields: list[str] = []

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return Consultation.objects.filter(plan__published=True)


class ProposalFilterSet(PublicFilterSet):
    plan = plan_filter("consultation__plan")
    consultation = ReferenceFilter(
        field_name="consultation",
        queryset=Consultation.objects.filter(plan__published=True),
        to_field_name="slug",
        pattern=SLUG_RE.replace("80", "120"),
        unknown=_("Consultation inconnue : « %(value)s »."),
        label=_("consultation"),
        help_text=_("Identifiant (slug) d'une consultation."),
    )
    commitment = commitment_filter("commitments")
    outcome = df.ChoiceFilter(
        choices=Proposal.Outcome.choices,
        label=_("suite donnée"),
        help_text=_("À l'étude, retenue, fusionnée ou non retenue."),
    )
    author_kind = df.ChoiceFilter(
        choices=Proposal.AuthorKind.choices,
        label=_("type d'auteur"),
        help_text=_("Organisation ou pseudonyme."),
    )
    updated_since = since_filter()
    q = search_filter(
        "external_id",
        "title",
        "text",
        "author",
        help_text=_("Recherche dans l'identifiant, le titre, le texte et l'auteur."),
    )
    ordering = StableOrderingFilter(
        fields=(("id", "id"), ("external_id", "external_id"), ("updated_at", "updated_at")),
        label=_("tri"),
        help_text=_("Tri ; par défaut par identifiant (ordre de création)."),
    )

    class Meta:
        model = Proposal
        fields: list[str] = []

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return Proposal.objects.filter(consultation__plan__published=True)
