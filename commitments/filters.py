"""FilterSets of the public lists, shared by the API and the site's list pages.

Every FilterSet validates its parameters strictly, so a bad value is a form error (a 400 in
the API, a message next to the field on the site) and never reaches the database as something
it cannot handle: references (plan, axis, administration, commitment…) must exist and be
public, integers are bounded, dates and instants must be real ones, text is bounded.
Empty values are ignored, as an HTML form submits them.

Without a queryset, a FilterSet starts from the public rows (published plans only).

From a plain Django view::

    filterset = CommitmentFilterSet(request.GET, queryset=commitments_public())
    commitments = filterset.qs if filterset.is_valid() else Commitment.objects.none()
    # filterset.form: the bound form, with its errors, to render the filters

The building blocks (``ReferenceFilter``, ``SinceFilter``, ``StableOrderingFilter``…) are
reused by ``indicators.filters`` and ``milestones.filters``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

import copy
import datetime
import re
from typing import Any

import django_filters as df
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .models import ActionPlan, Administration, AuditRecord, Axis, Commitment, ScoreSnapshot

ID_RE = r"[0-9]{1,18}"
SLUG_RE = r"[-a-zA-Z0-9_]{1,80}"
SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 10


# --- commitment status ------------------------------------------------------------------------

STATUS_NOT_STARTED = "not_started"
STATUS_ON_TRACK = "on_track"
STATUS_LATE = "late"
STATUS_COMPLETED = "completed"
STATUS_CHOICES = (
    (STATUS_NOT_STARTED, _("Non commencé")),
    (STATUS_ON_TRACK, _("En cours, dans les temps")),
    (STATUS_LATE, _("En retard")),
    (STATUS_COMPLETED, _("Terminé")),
)
STATUS_DEFINITION = (
    "Statut d'un engagement, lu sur les valeurs stockées par le calcul des scores (méthode v1), "
    "dans cet ordre : `completed` (terminé) si l'avancement vaut 100 % ou si tous les jalons "
    "comptés (hors abandonnés, au moins un) sont réalisés ; sinon `late` (en retard) si au moins "
    "un jalon est en retard ; sinon `not_started` (non commencé) si l'avancement est nul ou non "
    "mesurable et qu'aucun jalon n'est réalisé ; sinon `on_track` (en cours, dans les temps). "
    "Chaque engagement a exactement un statut."
)


def _status_conditions(prefix: str = "") -> dict[str, Q]:
    def q(**lookups: Any) -> Q:
        return Q(**{f"{prefix}{k}": v for k, v in lookups.items()})

    completed = q(progress__gte=100) | (
        q(milestones_counted__gt=0) & q(milestones_completed__gte=F(f"{prefix}milestones_counted"))
    )
    late = q(late_milestones__gt=0)
    no_progress = (q(progress__isnull=True) | q(progress=0)) & q(milestones_completed=0)
    return {
        STATUS_COMPLETED: completed,
        STATUS_LATE: ~completed & late,
        STATUS_NOT_STARTED: ~completed & ~late & no_progress,
        STATUS_ON_TRACK: ~completed & ~late & ~no_progress,
    }


def commitment_status_q(status: str, *, prefix: str = "") -> Q:
    """The condition on stored fields for one status (``prefix`` e.g. ``"commitment__"``)."""
    return _status_conditions(prefix)[status]


def commitment_status(commitment: Commitment) -> str:
    """The status of one commitment, the same definition as ``commitment_status_q``."""
    c = commitment
    if (c.progress is not None and c.progress >= 100) or (
        c.milestones_counted > 0 and c.milestones_completed >= c.milestones_counted
    ):
        return STATUS_COMPLETED
    if c.late_milestones > 0:
        return STATUS_LATE
    if not c.progress and c.milestones_completed == 0:
        return STATUS_NOT_STARTED
    return STATUS_ON_TRACK


# --- building blocks ---------------------------------------------------------------------------


def documented(schema: dict[str, Any]):
    """Class decorator: the OpenAPI schema of a filter's query parameter (drf-spectacular),
    completed with the filter's help text as description."""

    def decorate(cls):
        cls.openapi_schema = schema
        return cls

    return decorate


class DocumentedMixin:
    """Gives drf-spectacular the exact schema (type, bounds, pattern) and description."""

    openapi_schema: dict[str, Any] | None = None

    def __init__(self, *args: Any, schema: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base = schema if schema is not None else self.openapi_schema
        if base is not None:
            help_text = self.extra.get("help_text") or self.label or ""  # type: ignore[attr-defined]
            self._spectacular_annotation = {
                "field": {**base, "description": str(help_text)} if help_text else dict(base)
            }


class ReferenceField(forms.ModelChoiceField):
    """A reference by slug or id: the form of the value is checked before any query."""

    def __init__(self, *args: Any, pattern: str = ID_RE, **kwargs: Any) -> None:
        self.pattern = pattern
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if not isinstance(value, str | int) or not re.fullmatch(self.pattern, str(value)):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": str(value)[:80]},
            )
        return super().to_python(value)


class ReferenceFilter(DocumentedMixin, df.ModelChoiceFilter):
    """``?plan=pan-2015-2017``: an existing public object, by slug (or id)."""

    field_class = ReferenceField

    def __init__(self, *args: Any, unknown: StrOrPromise = "", **kwargs: Any) -> None:
        pattern = kwargs.get("pattern", ID_RE)
        kwargs.setdefault("pattern", pattern)
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": unknown or _("Référence inconnue : « %(value)s ».")},
        )
        kwargs.setdefault("schema", {"type": "string", "pattern": f"^(|{pattern})$"})
        if pattern == ID_RE:
            kwargs["schema"] = {"type": "integer", "minimum": 1, "maximum": 10**18 - 1}
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.Field):
    TRUE = {"true", "1", "yes", "oui", "on"}
    FALSE = {"false", "0", "no", "non", "off"}

    def to_python(self, value: Any) -> bool | None:
        if value in self.empty_values:
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValidationError(
            _("« %(value)s » n'est pas un booléen : utilisez true ou false."),
            code="invalid",
            params={"value": str(value)[:40]},
        )


@documented({"type": "boolean"})
class StrictBooleanFilter(DocumentedMixin, df.BooleanFilter):
    """``true``/``false`` (also 1/0, yes/no, oui/non); anything else is an error, not ignored."""

    field_class = StrictBooleanField


class BoundedIntegerFilter(DocumentedMixin, df.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args: Any, min_value: int, max_value: int, **kwargs: Any) -> None:
        kwargs.setdefault("schema", {"type": "integer", "minimum": min_value, "maximum": max_value})
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)


class SinceField(df.fields.IsoDateTimeField):
    """An instant in ISO 8601 (a date alone means its midnight); Paris time without an offset."""

    def clean(self, value: Any) -> datetime.datetime | None:
        result = super().clean(value)
        if result is None:
            return None
        try:
            # In UTC: the database need not accept every offset Python does (+21:07).
            return result.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise ValidationError(
                _("Date hors des limites : « %(value)s »."),
                code="invalid",
                params={"value": str(value)[:40]},
            ) from None


@documented({"type": "string", "format": "date-time"})
class SinceFilter(DocumentedMixin, df.IsoDateTimeFilter):
    field_class = SinceField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("lookup_expr", "gte")
        super().__init__(*args, **kwargs)


@documented({"type": "string", "format": "date"})
class DateBoundFilter(DocumentedMixin, df.DateFilter):
    pass


@documented({"type": "string", "maxLength": SEARCH_MAX_LENGTH})
class TextSearchFilter(DocumentedMixin, df.CharFilter):
    """``?q=données ouvertes``: every word must appear in one of ``search_fields``
    (case-insensitive, accents significant)."""

    def __init__(self, *args: Any, search_fields: tuple[str, ...], **kwargs: Any) -> None:
        self.search_fields = search_fields
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        kwargs.setdefault("strip", False)
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        for word in (value or "").split()[:SEARCH_MAX_WORDS]:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": word})
            qs = qs.filter(condition)
        return qs


class OrderingChoiceField(df.fields.ChoiceField):
    """One item of ``?ordering=a,b``: an empty item (``?ordering=,``) is an error."""

    def validate(self, value: Any) -> None:
        if value in self.empty_values:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": ""}
            )
        super().validate(value)


class StableOrderingFilter(df.OrderingFilter):
    """``?ordering=-progress,title``; the id always breaks ties, so pages never overlap."""

    field_class = OrderingChoiceField

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        value = [param for param in value or () if param]  # "?ordering=,," is no ordering
        if not value:
            return qs
        ordering = [self.get_ordering_value(param) for param in value]
        if not any(o.lstrip("-") in ("id", "pk") for o in ordering):
            ordering.append("id")
        return qs.order_by(*ordering)


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


def since_filter(field_name: str = "updated_at") -> SinceFilter:
    return SinceFilter(
        field_name=field_name,
        label=_("modifié depuis"),
        help_text=_(
            "Seulement ce qui a été créé ou modifié à cet instant ou après (ISO 8601, par "
            "exemple `2026-11-23T08:00:00+01:00` ; sans décalage : heure de Paris ; une date "
            "seule : minuit). Pour synchroniser : garder l'heure de la requête précédente."
        ),
    )


def search_filter(*fields: str, help_text: StrOrPromise) -> TextSearchFilter:
    return TextSearchFilter(search_fields=fields, label=_("recherche"), help_text=help_text)


_FORM_CLASSES: dict[type, type] = {}


def _copy_filter(filter_: df.Filter) -> df.Filter:
    new = copy.copy(filter_)
    if new.method is not None:
        new.method = new.method  # its FilterMethod must find the copy's parent
    return new


class PublicFilterSet(df.FilterSet):
    """Starts from the public rows when no queryset is given.

    Cheaper per request than django-filter's own ``FilterSet``, which costs about a millisecond
    per list: the filters are copied shallowly (a filter keeps no state of its own but its
    parent and model; django-filter deep-copies them), and the form class is built once per
    FilterSet class. So a filter's choices and querysets must not depend on the request.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self.public_queryset()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: _copy_filter(f) for name, f in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self

    def get_form_class(self):
        form_class = _FORM_CLASSES.get(type(self))
        if form_class is None:
            form_class = _FORM_CLASSES[type(self)] = super().get_form_class()
        return form_class

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return cls._meta.model._default_manager.all()


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
    updated_since = since_filter()
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
    updated_since = since_filter()
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


PUBLIC_CHANGE_TYPES = ("actionplan", "axis", "commitment", "indicator", "measurement", "milestone")


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
