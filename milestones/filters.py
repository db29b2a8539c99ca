"""FilterSet of the milestone lists (API and site). "Late" is derived on today's date, Paris
time, exactly as ``Milestone.is_late`` says: open (planned or in progress) and past due."""

from __future__ import annotations

import datetime

import django_filters as df
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.filters import (
    commitment_administration_filter,
    commitment_axis_filter,
    commitment_filter,
    plan_filter,
)
from toolkit.filters import (
    DateBoundFilter,
    PublicFilterSet,
    StableOrderingFilter,
    StrictBooleanFilter,
    search_filter,
    since_filter,
)

from .models import Milestone

OPEN_STATUSES = (Milestone.Status.PLANNED, Milestone.Status.IN_PROGRESS)


def milestone_late_q(as_of: datetime.date) -> Q:
    return Q(status__in=OPEN_STATUSES, due_date__lt=as_of)


class MilestoneFilterSet(PublicFilterSet):
    plan = plan_filter("commitment__plan")
    commitment = commitment_filter()
    axis = commitment_axis_filter()
    administration = commitment_administration_filter()
    status = df.ChoiceFilter(
        choices=Milestone.Status.choices, label=_("état"), help_text=_("État du jalon.")
    )
    late = StrictBooleanFilter(
        method="filter_late",
        label=_("en retard"),
        help_text=_(
            "`true` : jalons prévus ou en cours dont l'échéance est passée (aujourd'hui, heure "
            "de Paris) ; `false` : les autres."
        ),
    )
    rescheduled = StrictBooleanFilter(
        method="filter_rescheduled",
        label=_("reporté"),
        help_text=_("`true` : échéance différente de l'échéance initiale."),
    )
    due_after = DateBoundFilter(
        field_name="due_date",
        lookup_expr="gte",
        label=_("échéance à partir du"),
        help_text=_("Échéance (actuelle) ce jour ou après (AAAA-MM-JJ)."),
    )
    due_before = DateBoundFilter(
        field_name="due_date",
        lookup_expr="lte",
        label=_("échéance jusqu'au"),
        help_text=_("Échéance (actuelle) ce jour ou avant (AAAA-MM-JJ)."),
    )
    completed_after = DateBoundFilter(
        field_name="completed_on",
        lookup_expr="gte",
        label=_("réalisé à partir du"),
        help_text=_("Réalisés ce jour ou après (AAAA-MM-JJ)."),
    )
    completed_before = DateBoundFilter(
        field_name="completed_on",
        lookup_expr="lte",
        label=_("réalisé jusqu'au"),
        help_text=_("Réalisés ce jour ou avant (AAAA-MM-JJ)."),
    )
    is_illustrative = StrictBooleanFilter(
        label=_("illustratif"), help_text=_("`true` : seulement les jalons illustratifs.")
    )
    updated_since = since_filter()
    q = search_filter(
        "title",
        "deliverable",
        help_text=_("Recherche dans l'intitulé et le livrable."),
    )
    ordering = StableOrderingFilter(
        fields=(
            ("id", "id"),
            ("commitment_id", "commitment"),
            ("due_date", "due_date"),
            ("original_due_date", "original_due_date"),
            ("completed_on", "completed_on"),
            ("updated_at", "updated_at"),
        ),
        label=_("tri"),
        help_text=_(
            "Tri, par exemple `commitment,due_date` ; par défaut par identifiant (ordre de "
            "création : une synchronisation page par page ne voit pas les lignes se décaler)."
        ),
    )

    class Meta:
        model = Milestone
        fields: list[str] = []

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return Milestone.objects.filter(commitment__plan__published=True)

    def filter_late(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        late = milestone_late_q(timezone.localdate())
        return qs.filter(late) if value else qs.exclude(late)

    def filter_rescheduled(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        moved = ~Q(due_date=F("original_due_date"))
        return qs.filter(moved) if value else qs.exclude(moved)
