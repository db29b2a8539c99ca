"""The list of commitments (filters in the URL, sorting, pagination) and a commitment's page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from commitments.audit import PRIVATE_CHANGE_FIELDS, REDACTED, public_actor
from public import selectors
from public.templatetags.pgo import num, status_label, terms_used
from toolkit.cache import cache_public_page

from . import explain

if TYPE_CHECKING:
    import datetime

    from django.http import HttpRequest, HttpResponse

    from commitments.models import Commitment

PAGE_SIZE = 25

# Sort keys offered on the page; each must be an ordering the FilterSet accepts.
ORDERINGS = (
    ("-plan,number", pgettext_lazy("tri", "Plan et numéro")),
    ("-progress", pgettext_lazy("tri", "Avancement, le plus avancé d'abord")),
    ("progress", pgettext_lazy("tri", "Avancement, le moins avancé d'abord")),
    ("-score", pgettext_lazy("tri", "Score, le meilleur d'abord")),
    ("score", pgettext_lazy("tri", "Score, le plus faible d'abord")),
    ("-late_milestones", pgettext_lazy("tri", "Jalons en retard, le plus d'abord")),
    ("-measurability", pgettext_lazy("tri", "Mesurabilité, la meilleure d'abord")),
    ("measurability", pgettext_lazy("tri", "Mesurabilité, la plus faible d'abord")),
)


def filterset_class() -> type:
    """The API's ``CommitmentFilterSet``: the site and the API filter the same way."""
    from commitments.filters import CommitmentFilterSet

    return CommitmentFilterSet


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    value: str
    remove: dict[str, str]  # query changes that remove it


def _choice_label(choices: list[tuple[str, str]], value: str) -> str:
    return next((str(label) for key, label in choices if key == value), value)


@cache_public_page
def commitment_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    filterset = filterset_class()(
        data=params, queryset=selectors.commitments_public(), request=request
    )
    valid = filterset.is_valid()
    qs = filterset.qs if valid else selectors.commitments_public().none()
    if not valid or not params.get("ordering"):
        qs = qs.order_by("-plan__period_start", "plan__slug", "number")
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(params.get("page"))

    plans = list(selectors.plans_public())
    plan = next((p for p in plans if p.slug == params.get("plan")), None)
    axes = selectors.axes_of_plan(plan=plan) if plan else []
    administrations = selectors.administrations_involved(plan=plan)
    statuses = [(s, status_label(s)) for s in selectors.STATUSES]
    measurability_choices = [(str(n), f"{n}/8") for n in range(8, -1, -1)]

    active: list[ActiveFilter] = []
    if plan:
        active.append(ActiveFilter(_("Plan"), plan.title, {"plan": "", "axis": ""}))
    axis_value = params.get("axis", "")
    if axis_value:
        axis = next((a for a in axes if str(a.pk) == axis_value or a.slug == axis_value), None)
        active.append(ActiveFilter(_("Axe"), axis.title if axis else axis_value, {"axis": ""}))
    administration_value = params.get("administration", "")
    if administration_value:
        administration = next(
            (a for a in administrations if administration_value in (a.slug, str(a.pk))), None
        )
        active.append(
            ActiveFilter(
                _("Administration"),
                administration.name if administration else administration_value,
                {"administration": ""},
            )
        )
    if params.get("status"):
        active.append(
            ActiveFilter(_("État"), _choice_label(statuses, params["status"]), {"status": ""})
        )
    if params.get("measurability_min"):
        active.append(
            ActiveFilter(
                _("Mesurabilité d'au moins"),
                f"{params['measurability_min']}/8",
                {"measurability_min": ""},
            )
        )
    if params.get("measurability_max"):
        active.append(
            ActiveFilter(
                _("Mesurabilité d'au plus"),
                f"{params['measurability_max']}/8",
                {"measurability_max": ""},
            )
        )
    if params.get("q"):
        active.append(ActiveFilter(_("Recherche"), params["q"], {"q": ""}))

    rows = list(page.object_list)
    return render(
        request,
        "public/commitment_list.html",
        {
            "nav": "commitments",
            "filterset": filterset,
            "filters_valid": valid,
            "errors": filterset.errors if not valid else {},
            "page": page,
            "rows": rows,
            "has_illustrative": any(getattr(c, "has_illustrative", False) for c in rows),
            "plans": plans,
            "plan": plan,
            "axes": axes,
            "administrations": administrations,
            "statuses": statuses,
            "measurability_choices": measurability_choices,
            "orderings": ORDERINGS,
            "ordering": params.get("ordering", ""),
            "active_filters": active,
            "values": params,
            "page_numbers": _page_numbers(page),
        },
    )


def _page_numbers(page) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 20: None stands for the gap."""
    total, current = page.paginator.num_pages, page.number
    shown = sorted({1, total, *range(max(1, current - 2), min(total, current + 2) + 1)})
    numbers: list[int | None] = []
    for n in shown:
        if numbers and n - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(n)
    return numbers


# --- commitment page -------------------------------------------------------------------------

MODEL_LABELS = {
    "commitment": gettext_lazy("engagement"),
    "milestone": gettext_lazy("jalon"),
    "milestonerevision": gettext_lazy("demande de report ou d'abandon"),
    "indicator": gettext_lazy("indicateur"),
    "measurement": gettext_lazy("mesure"),
    "actionplan": gettext_lazy("plan"),
    "axis": gettext_lazy("axe"),
    "administration": gettext_lazy("administration"),
    "report": gettext_lazy("rapport au Parlement"),
}
MODELS = {
    "commitment": ("commitments", "Commitment"),
    "milestone": ("milestones", "Milestone"),
    "milestonerevision": ("milestones", "MilestoneRevision"),
    "indicator": ("indicators", "Indicator"),
    "measurement": ("indicators", "Measurement"),
    "actionplan": ("commitments", "ActionPlan"),
    "axis": ("commitments", "Axis"),
    "administration": ("commitments", "Administration"),
    "report": ("reports", "Report"),
}
HIDDEN_FIELDS = {"measurability_failures", "is_illustrative", "cost_is_illustrative", "position"}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    record: Any
    object_label: str
    changes: list[Change]
    actor: str = ""  # public form: an e-mail address shows as its domain only


def _value_text(field: models.Field | None, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if field is not None and field.choices and not isinstance(value, list | dict):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool) or isinstance(field, models.BooleanField):
        return _("oui") if value else _("non")
    if isinstance(field, models.ForeignKey):
        return str(value) if not isinstance(value, int) else _("modifié")
    if isinstance(field, models.DecimalField | models.FloatField | models.IntegerField):
        try:
            return num(value)
        except (ArithmeticError, ValueError, TypeError):
            return str(value)
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        parsed = parse_datetime(value)
        return date_format(parsed, "DATETIME_FORMAT") if parsed else value
    if isinstance(field, models.DateField) and isinstance(value, str):
        parsed_date = parse_date(value)
        return date_format(parsed_date) if parsed_date else value
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    text = str(value)
    return text if len(text) <= 240 else text[:239] + "…"


def history_entries(records: list[Any]) -> list[HistoryEntry]:
    entries = []
    for record in records:
        app_model = MODELS.get(record.object_type)
        model = apps.get_model(*app_model) if app_model else None
        changes = []
        for name, pair in (record.changes or {}).items():
            if name in HIDDEN_FIELDS or not isinstance(pair, list) or len(pair) != 2:
                continue
            field = None
            label = name
            if model is not None:
                try:
                    field = model._meta.get_field(name)
                    label = str(getattr(field, "verbose_name", name))
                except FieldDoesNotExist:
                    pass
            if record.action == "create" and (
                pair[1] in (None, "", [], False) or isinstance(field, models.ForeignKey)
            ):
                continue  # a creation lists what was filled in, not every empty field
            old, new = _value_text(field, pair[0]), _value_text(field, pair[1])
            if name in PRIVATE_CHANGE_FIELDS:  # personal data: say it changed, not what to
                old, new = (REDACTED if old else old), (REDACTED if new else new)
            changes.append(Change(label=label[:1].upper() + label[1:], old=old, new=new))
        entries.append(
            HistoryEntry(
                record=record,
                object_label=str(MODEL_LABELS.get(record.object_type, record.object_type)),
                changes=changes,
                actor=public_actor(record.actor_label),
            )
        )
    return entries


@cache_public_page
def commitment_detail(request: HttpRequest, plan_slug: str, number: int) -> HttpResponse:
    commitment = selectors.commitment_public_get(plan_slug=plan_slug, number=number)
    today = timezone.localdate()
    score_as_of: datetime.date = commitment.scored_on or today
    breakdown = explain.score_breakdown(commitment, as_of=score_as_of)
    glossary = selectors.glossary_terms()
    detector = explain.detector_from(selectors.vague_verbs_active())
    milestones = list(commitment.milestones.all())
    indicators = list(commitment.indicators.all())
    history = history_entries(selectors.commitment_history(commitment=commitment))
    continued_by = selectors.commitment_continued_by(commitment=commitment)
    texts = [commitment.summary, commitment.problem, commitment.baseline_situation,
             commitment.objective, commitment.description]  # fmt: skip
    has_illustrative = (
        commitment.cost_is_illustrative
        or any(m.is_illustrative for m in milestones)
        or any(i.is_illustrative for i in indicators)
        or any(me.is_illustrative for i in indicators for me in i.measurements.all())
    )
    indicator_rows = []
    for line in breakdown.indicators:
        indicator_rows.append(
            {
                "indicator": line.indicator,
                "line": line,
                "latest": explain.latest_measurement(line.indicator, today),
                "measurements": list(line.indicator.measurements.all()),
            }
        )
    return render(
        request,
        "public/commitment_detail.html",
        {
            "nav": "commitments",
            "commitment": commitment,
            "plan": commitment.plan,
            "today": today,
            "score_as_of": score_as_of,
            "breakdown": breakdown,
            "milestones": milestones,
            "indicator_rows": indicator_rows,
            "checklist": explain.measurability_checklist(commitment),
            "vague_words": explain.vague_words(commitment, detector),
            "glossary": glossary,
            "explained_terms": terms_used(texts, glossary),
            "history": history,
            "continued_by": continued_by,
            "has_illustrative": has_illustrative,
            "late_count": sum(1 for m in milestones if m.is_late(today)),
            "action_types": _labels(commitment, commitment.ACTION_TYPE_FIELDS),
            "ogp_values": _labels(commitment, commitment.OGP_VALUE_FIELDS),
        },
    )


def _labels(commitment: Commitment, fields: tuple[tuple[str, str], ...]) -> list[str]:
    return [
        str(commitment._meta.get_field(name).verbose_name)
        for _code, name in fields
        if getattr(commitment, name)
    ]
