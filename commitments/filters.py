"""FilterSets of the public lists of plans, administrations, commitments, score snapshots and
changes, shared by the API and the site's list pages.

Without a queryset, a FilterSet starts from the public rows (published plans only).

From a plain Django view::

    filterset = CommitmentFilterSet(request.GET, queryset=commitments_public())
    commitments = filterset.qs if filterset.is_valid() else Commitment.objects.none()
    # filterset.form: the bound form, with its errors, to render the filters

The strict building blocks (``ReferenceFilter``, ``SinceFilter``, ``StableOrderingFilter``…)
come from ``toolkit.filters``; the commitment references defined here (``plan_filter``,
``commitment_axis_filter``…) are reused by ``indicators.filters`` and ``milestones.filters``.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import django_filters as df
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from toolkit.filters import (
    ID_RE,
    SLUG_RE,
    BoundedIntegerFilter,
    DateBoundFilter,
    DocumentedMixin,
    PublicFilterSet,
    ReferenceFilter,
    SinceFilter,
    StableOrderingFilter,
    StrictBooleanFilter,
    documented,
    search_filter,
    since_filter,
)

from .models import (
    ActionPlan,
    Administration,
    AuditRecord,
    Axis,
    Commitment,
    CommitmentStatus,
    ScoreSnapshot,
)

# --- commitment status ------------------------------------------------------------------------
# One rule (``commitments.rules.commitment_status``), stored with the scores: filters, counts and
# pages read the stored value.

STATUS_NOT_MEASURABLE = CommitmentStatus.NOT_MEASURABLE.value
STATUS_NOT_STARTED = CommitmentStatus.NOT_STARTED.value
STATUS_ON_TRACK = CommitmentStatus.ON_TRACK.value
STATUS_LATE = CommitmentStatus.LATE.value
STATUS_MILESTONES_DONE = CommitmentStatus.MILESTONES_DONE.value
STATUS_COMPLETED = CommitmentStatus.COMPLETED.value
STATUS_CHOICES = tuple(CommitmentStatus.choices)
STATUS_DEFINITION = (
    "Statut d'un engagement selon la méthode v2, calculé et stocké avec les scores ; le premier "
    "qui s'applique : `not_measurable` (non mesurable : ni jalon compté ni indicateur) ; "
    "`completed` (terminé : avancement de 100 %, après arrondi) ; `late` (en retard : au moins "
    "un jalon compté non réalisé après son échéance de référence) ; `milestones_done` (jalons "
    "réalisés, cible non atteinte : tous les jalons comptés réalisés, avancement inférieur à "
    "100 %) ; `on_track` (en cours, dans les temps : un jalon réalisé ou un indicateur mesuré, "
    "rien en retard) ; sinon `not_started` (non commencé). Les jalons comptés sont tous ceux qui "
    "n'ont pas été abandonnés par une demande faite à temps et validée. Chaque engagement a "
    "exactement un statut."
)


def commitment_status_q(status: str, *, prefix: str = "") -> Q:
    """The condition for one status (``prefix`` e.g. ``"commitment__"``)."""
    return Q(**{f"{prefix}status": status})


def commitment_status(commitment: Commitment) -> str:
    """The stored status of one commitment."""
    return commitment.status


class AxisField(forms.CharField):
    """An axis by id or slug (a slug is unique within a plan: combine with ``plan``)."""

    def clean(self, value: Any) -> list[int] | None:
        value = super().clean(value)
        if not value:
            return None
        if not re.fullmatch(f"{ID_RE}|{SLUG_RE}", value):
            raise ValidationError(_("Axe inconnu : « %(value)s »."), params={"value": value[:80]})
        condition = Q(slug=value)
        if value.isdigit():
            condition |= Q(pk=int(value))
        ids = list(
            Axis.objects.filter(condition, plan__published=True).values_list("pk", flat=True)
        )
        if not ids:
            raise ValidationError(
                _("Axe inconnu : « %(value)s »."), code="invalid_choice", params={"value": value}
            )
        return ids


@documented({"type": "string", "pattern": f"^(|{ID_RE}|{SLUG_RE})$"})
class AxisFilter(DocumentedMixin, df.Filter):
    field_class = AxisField

    def filter(self, qs: QuerySet, value: list[int] | None) -> QuerySet:
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


class AdministrationFilter(ReferenceFilter):
    """An administration by slug, lead **or** co-owner of the commitment."""

    def __init__(self, *args: Any, commitment_path: str = "", **kwargs: Any) -> None:
        self.commitment_path = commitment_path
        kwargs.setdefault("queryset", Administration.objects.all())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("pattern", SLUG_RE)
        kwargs.setdefault("unknown", _("Administration inconnue : « %(value)s »."))
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: Administration | None) -> QuerySet:
        if value is None:
            return qs
        co_owned = Commitment.co_owners.through.objects.filter(administration=value).values(
            "commitment_id"
        )
        path = self.commitment_path  # "" on commitments, "commitment__" on their parts
        commitment_id = f"{path.removesuffix('__')}_id" if path else "pk"
        return qs.filter(
            Q(**{f"{path}lead_administration": value}) | Q(**{f"{commitment_id}__in": co_owned})
        )


def public_plans() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(published=True)


def draft_commitment_keys() -> QuerySet[Commitment, Any]:
    """Ids of the commitments of unpublished plans (usually none, always few).

    Large lists exclude these instead of joining every row to its plan to check that it is
    published: the same rows, and counting them needs no join.
    """
    return Commitment.objects.filter(plan__published=False).values("pk")


def public_commitments() -> QuerySet[Commitment]:
    return Commitment.objects.filter(plan__published=True)


def plan_filter(field_name: str = "plan") -> ReferenceFilter:
    return ReferenceFilter(
        field_name=field_name,
        queryset=public_plans(),
        to_field_name="slug",
        pattern=SLUG_RE,
        unknown=_("Plan inconnu ou non publié : « %(value)s »."),
        label=_("plan"),
        help_text=_("Identifiant (slug) d'un plan publié, par exemple `pan-2015-2017`."),
    )


def commitment_filter(field_name: str = "commitment") -> ReferenceFilter:
    return ReferenceFilter(
        field_name=field_name,
        queryset=public_commitments(),
        unknown=_("Engagement inconnu : « %(value)s »."),
        label=_("engagement"),
        help_text=_("Identifiant (`id`) d'un engagement."),
    )


def commitment_axis_filter(path: str = "commitment__") -> AxisFilter:
    """The axis of the commitment that a row belongs to (``path`` leads to that commitment)."""
    return AxisFilter(
        field_name=f"{path}axis_id",
        label=_("axe"),
        help_text=_("Axe de l'engagement, par identifiant ou slug (à combiner avec `plan`)."),
    )


def commitment_administration_filter(path: str = "commitment__") -> AdministrationFilter:
    """A lead or co-owner of the commitment that a row belongs to."""
    return AdministrationFilter(
        commitment_path=path,
        label=_("administration"),
        help_text=_("Slug d'une administration porteuse ou co-porteuse de l'engagement."),
    )


# --- FilterSets ------------------------------------------------------------------------------


class CommitmentFilterSet(PublicFilterSet):
    __doc__ = (
        "Filters of the commitment lists (the API and the site's list page).\n\n"
        "``status``: " + STATUS_DEFINITION
    )

    plan = plan_filter()
    axis = AxisFilter(
        field_name="axis_id",
        label=_("axe"),
        help_text=_("Axe, par identifiant (`id`) ou par slug (à combiner avec `plan`)."),
    )
    administration = AdministrationFilter(
        label=_("administration"),
        help_text=_(
            "Slug d'une administration, porteuse **ou** co-porteuse de l'engagement "
            "(`lead_administration` : porteuse seulement)."
        ),
    )
    lead_administration = ReferenceFilter(
        queryset=Administration.objects.all(),
        to_field_name="slug",
        pattern=SLUG_RE,
        unknown=_("Administration inconnue : « %(value)s »."),
        label=_("administration porteuse"),
        help_text=_("Slug de l'administration porteuse."),
    )
    status = df.ChoiceFilter(
        choices=STATUS_CHOICES,
        method="filter_status",
        label=_("statut"),
        help_text=STATUS_DEFINITION,
    )
    late = StrictBooleanFilter(
        method="filter_late",
        label=_("en retard"),
        help_text=_("`true` : au moins un jalon en retard ; `false` : aucun."),
    )
    measurability_min = BoundedIntegerFilter(
        field_name="measurability",
        lookup_expr="gte",
        min_value=0,
        max_value=8,
        label=_("mesurabilité minimale"),
        help_text=_("Mesurabilité (sur 8) au moins égale à cette valeur."),
    )
    measurability_max = BoundedIntegerFilter(
        field_name="measurability",
        lookup_expr="lte",
        min_value=0,
        max_value=8,
        label=_("mesurabilité maximale"),
        help_text=_("Mesurabilité (sur 8) au plus égale à cette valeur."),
    )
    end_after = DateBoundFilter(
        field_name="end_date",
        lookup_expr="gte",
        label=_("échéance à partir du"),
        help_text=_("Date de fin de l'engagement le ou après (AAAA-MM-JJ)."),
    )
    end_before = DateBoundFilter(
        field_name="end_date",
        lookup_expr="lte",
        label=_("échéance jusqu'au"),
        help_text=_("Date de fin de l'engagement le ou avant (AAAA-MM-JJ)."),
    )
    updated_since = since_filter()
    q = search_filter(
        "title",
        "summary",
        "objective",
        "ogp_id",
        help_text=_(
            "Recherche dans l'intitulé, le résumé, l'objectif et l'identifiant OGP ; chaque mot "
            "doit apparaître (sans distinction de casse)."
        ),
    )
    ordering = StableOrderingFilter(
        fields=(
            ("plan__period_start", "plan"),
            ("number", "number"),
            ("title", "title"),
            ("progress", "progress"),
            ("score", "score"),
            ("points", "points"),
            ("measurability", "measurability"),
            ("late_milestones", "late_milestones"),
            ("end_date", "end_date"),
            ("updated_at", "updated_at"),
        ),
        label=_("tri"),
        help_text=_(
            "Tri, par exemple `-progress` ou `plan,number` (`-` : décroissant). Par défaut : "
            "plan le plus récent d'abord, puis numéro. L'`id` départage toujours les égalités."
        ),
    )

    class Meta:
        model = Commitment
        fields: list[str] = []

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return public_commitments()

    def filter_status(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(commitment_status_q(value)) if value else qs

    def filter_late(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        return qs.filter(late_milestones__gt=0) if value else qs.filter(late_milestones=0)


class PlanFilterSet(PublicFilterSet):
    status = df.ChoiceFilter(
        choices=ActionPlan.Status.choices,
        label=_("état"),
        help_text=_("État du plan."),
    )
    active_on = DateBoundFilter(
        method="filter_active_on",
        label=_("en vigueur le"),
        help_text=_("Plans dont la période contient cette date (AAAA-MM-JJ)."),
    )
    updated_since = since_filter(also=("figures_updated_at",))
    q = search_filter("title", "slug", help_text=_("Recherche dans l'intitulé et le slug."))
    ordering = StableOrderingFilter(
        fields=(("period_start", "period_start"), ("slug", "slug"), ("updated_at", "updated_at")),
        label=_("tri"),
        help_text=_("Tri ; par défaut le plan le plus récent d'abord."),
    )

    class Meta:
        model = ActionPlan
        fields: list[str] = []

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return public_plans()

    def filter_active_on(self, qs: QuerySet, name: str, value: datetime.date | None) -> QuerySet:
        return qs.filter(period_start__lte=value, period_end__gte=value) if value else qs


class AdministrationFilterSet(PublicFilterSet):
    kind = df.ChoiceFilter(
        choices=Administration.Kind.choices, label=_("type"), help_text=_("Type d'administration.")
    )
    plan = ReferenceFilter(
        queryset=public_plans(),
        to_field_name="slug",
        pattern=SLUG_RE,
        method="filter_plan",
        unknown=_("Plan inconnu ou non publié : « %(value)s »."),
        label=_("plan"),
        help_text=_("Administrations porteuses ou co-porteuses d'au moins un engagement du plan."),
    )
    updated_since = since_filter(also=("figures_updated_at",))
    q = search_filter(
        "name", "acronym", "slug", help_text=_("Recherche dans le nom, le sigle et le slug.")
    )
    ordering = StableOrderingFilter(
        fields=(("name", "name"), ("slug", "slug"), ("updated_at", "updated_at")),
        label=_("tri"),
        help_text=_("Tri ; par défaut par nom."),
    )

    class Meta:
        model = Administration
        fields: list[str] = []

    def filter_plan(self, qs: QuerySet, name: str, value: ActionPlan | None) -> QuerySet:
        if value is None:
            return qs
        in_plan = Commitment.objects.filter(plan=value)
        co_owners = Commitment.co_owners.through.objects.filter(commitment__plan=value)
        return qs.filter(
            Q(pk__in=in_plan.values("lead_administration_id"))
            | Q(pk__in=co_owners.values("administration_id"))
        )


class ScoreSnapshotFilterSet(PublicFilterSet):
    plan = plan_filter("commitment__plan")
    commitment = commitment_filter()
    date_after = DateBoundFilter(
        field_name="date", lookup_expr="gte", label=_("à partir du"), help_text=_("Date ≥.")
    )
    date_before = DateBoundFilter(
        field_name="date", lookup_expr="lte", label=_("jusqu'au"), help_text=_("Date ≤.")
    )
    updated_since = since_filter()
    ordering = StableOrderingFilter(
        fields=(("date", "date"), ("commitment__number", "commitment")),
        label=_("tri"),
        help_text=_("Tri ; par défaut par engagement puis date."),
    )

    class Meta:
        model = ScoreSnapshot
        fields: list[str] = []

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return ScoreSnapshot.objects.filter(commitment__plan__published=True)


PUBLIC_CHANGE_TYPES = (
    "actionplan",
    "axis",
    "commitment",
    "indicator",
    "measurement",
    "milestone",
    "milestonerevision",
    # civil society's part (its app sits above: named here, not imported): independent
    # assessments, self-assessments, public questions and their answers, moderation
    "assessment",
    "selfassessment",
    "question",
)


class ChangeFilterSet(PublicFilterSet):
    plan = plan_filter()
    commitment = commitment_filter()
    object_type = df.ChoiceFilter(
        choices=[(t, t) for t in PUBLIC_CHANGE_TYPES],
        label=_("type d'objet"),
        help_text=_("Type de l'objet modifié."),
    )
    action = df.ChoiceFilter(
        choices=AuditRecord.Action.choices, label=_("action"), help_text=_("Action.")
    )
    source = df.ChoiceFilter(
        choices=AuditRecord.Source.choices,
        label=_("canal"),
        help_text=_("Canal de la modification (formulaire, API, import, tâche…)."),
    )
    updated_since = since_filter("created_at")
    until = SinceFilter(
        field_name="created_at",
        lookup_expr="lt",
        label=_("jusqu'à"),
        help_text=_("Seulement les modifications strictement avant cet instant (ISO 8601)."),
    )

    class Meta:
        model = AuditRecord
        fields: list[str] = []

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return AuditRecord.objects.filter(plan__published=True, object_type__in=PUBLIC_CHANGE_TYPES)
