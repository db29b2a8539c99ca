"""The list of commitments (filters in the URL, sorting, pagination) and a commitment's page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from civilsociety import selectors as civil_selectors
from public import selectors
from public.csv_links import csv_download_url
from public.pagination import page_numbers
from public.templatetags.pgo import status_label, terms_used
from toolkit.cache import cache_public_page

from . import explain
from .history import history_entries

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
    # « désaccord »: an organisation sees it at another level than the self-assessment
    disagreement = params.get("disagreement") == "true"
    if disagreement:
        qs = civil_selectors.with_disagreement(qs)
    if not valid or not params.get("ordering"):
        qs = qs.order_by("-plan__period_start", "plan__slug", "number")
    # the ids of the page first (an index walk over the plans shown), then the rows of the page
    paginator = Paginator(qs.values_list("pk", flat=True), PAGE_SIZE)
    page = paginator.get_page(params.get("page"))

    plans = list(selectors.plans_for_chooser())
    plan = next((p for p in plans if p.slug == params.get("plan")), None)
    csv_url = csv_download_url("commitment", params, filterset_class())
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
    if disagreement:
        active.append(
            ActiveFilter(_("Désaccord"), _("avec la société civile"), {"disagreement": ""})
        )

    rows = selectors.commitments_public_in_order(list(page.object_list))
    return render(
        request,
        "public/commitment_list.html",
        {
            "csv_url": csv_url,
            "csv_detail": _("tous les engagements filtrés"),
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
            "disagreement": disagreement,
            "page_numbers": page_numbers(page),
        },
    )


# --- commitment page -------------------------------------------------------------------------


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
    history = history_entries(
        selectors.commitment_history(commitment=commitment),
        levels={
            m.pk: list(i.levels or [])
            for i in indicators
            if i.kind == "qualitative"
            for m in i.measurements.all()
        },
    )
    civil = civil_selectors.commitment_panel(commitment=commitment, as_of=today)
    continued_by = selectors.commitment_continued_by(commitment=commitment)
    continues = selectors.commitment_continues(commitment=commitment)
    texts = [commitment.summary, commitment.problem, commitment.baseline_situation,
             commitment.objective, commitment.description, commitment.irm_assessment]  # fmt: skip
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
            "civil": civil,
            "continued_by": continued_by,
            "continues": continues,
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
