"""FilterSets of the milestone and milestone-revision lists (API and site). "Late" is derived
on today's date, Paris time, exactly as ``Milestone.is_late`` says (method v2): counted, not
completed, and past its reference date."""

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
    ReferenceFilter,
    StableOrderingFilter,
    StrictBooleanFilter,
    search_filter,
    since_filter,
)

from .models import Milestone, MilestoneRevision


def milestone_late_q(as_of: datetime.date, *, prefix: str = "") -> Q:
    """Late on ``as_of``: counted (not cancelled in time), not completed (a completion is never
    in the future), past its reference date."""
    return Q(
        **{
            f"{prefix}counts_in_score": True,
            f"{prefix}reference_due_date__lt": as_of,
        }
    ) & ~Q(**{f"{prefix}status": Milestone.Status.COMPLETED})


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
            "`true` : jalons non réalisés dont l'échéance de référence est passée (aujourd'hui, "
            "heure de Paris), abandons non validés à temps compris ; `false` : les autres."
        ),
    )
    rescheduled = StrictBooleanFilter(
        method="filter_rescheduled",
        label=_("reporté"),
        help_text=_("`true` : échéance actuelle différente de l'échéance initiale."),
    )
    moved_after_deadline = StrictBooleanFilter(
        method="filter_moved_after_deadline",
        label=_("reporté après l'échéance"),
        help_text=_(
            "`true` : échéance actuelle différente de l'échéance de référence (report validé "
            "après l'échéance, qui ne compte pas pour le score)."
        ),
    )
    explained = StrictBooleanFilter(
        method="filter_explained",
        label=_("retard expliqué"),
        help_text=_("`true` : une explication du retard a été publiée ; `false` : aucune."),
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
            ("reference_due_date", "reference_due_date"),
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

    def filter_moved_after_deadline(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        moved = ~Q(due_date=F("reference_due_date")) & ~Q(status=Milestone.Status.CANCELLED)
        return qs.filter(moved) if value else qs.exclude(moved)

    def filter_explained(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        explained = ~Q(delay_explanation="")
        return qs.filter(explained) if value else qs.exclude(explained)


class MilestoneRevisionFilterSet(PublicFilterSet):
    plan = plan_filter("milestone__commitment__plan")
    commitment = commitment_filter("milestone__commitment")
    axis = commitment_axis_filter("milestone__commitment__")
    administration = commitment_administration_filter("milestone__commitment__")
    milestone = ReferenceFilter(
        field_name="milestone",
        queryset=Milestone.objects.filter(commitment__plan__published=True),
        unknown=_("Jalon inconnu : « %(value)s »."),
        label=_("jalon"),
        help_text=_("Identifiant (`id`) d'un jalon."),
    )
    kind = df.ChoiceFilter(
        choices=MilestoneRevision.Kind.choices,
        label=_("demande"),
        help_text=_("Report ou abandon."),
    )
    status = df.ChoiceFilter(
        choices=MilestoneRevision.Status.choices,
        label=_("décision"),
        help_text=_("En attente, validée ou refusée."),
    )
    timely = StrictBooleanFilter(
        label=_("demandée à temps"),
        help_text=_(
            "`true` : demandée au plus tard le jour de l'échéance de référence (seules ces "
            "demandes, une fois validées, comptent pour le score)."
        ),
    )
    updated_since = since_filter()
    ordering = StableOrderingFilter(
        fields=(("id", "id"), ("requested_at", "requested_at"), ("decided_at", "decided_at")),
        label=_("tri"),
        help_text=_("Tri ; par défaut par identifiant (ordre de création)."),
    )

    class Meta:
        model = MilestoneRevision
        fields: list[str] = []

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return MilestoneRevision.objects.filter(milestone__commitment__plan__published=True)
