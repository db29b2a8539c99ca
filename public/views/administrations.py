"""Administrations: the league table and one administration's page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from civilsociety import selectors as civil_selectors
from commitments.filters import AdministrationFilterSet
from public import selectors
from public.csv_links import csv_download_url
from toolkit.cache import cache_public_page


@cache_public_page
def administration_list(request: HttpRequest) -> HttpResponse:
    plans = list(selectors.plans_for_chooser())
    slug = request.GET.get("plan") or ""
    plan = selectors.plan_public_get(slug=slug) if slug else None
    rows = selectors.administrations_league(plan=plan)
    return render(
        request,
        "public/administration_list.html",
        {
            "nav": "administrations",
            "csv_url": csv_download_url(
                "administration", request.GET, filterset_class=AdministrationFilterSet
            ),
            "csv_detail": _("le classement et les chiffres de chaque administration"),
            "plans": plans,
            "plan": plan,
            "ranked": [r for r in rows if r.figures is not None],
            "others": [r for r in rows if r.figures is None],
            "without_lead": selectors.commitments_without_lead_count(plan=plan),
            "answers": civil_selectors.answer_figures_by_administration(plan=plan),
            # the scores shown come from the invented demo data of these plans
            "has_illustrative": plan.has_illustrative
            if plan
            else selectors.published_data_has_illustrative(),
        },
    )


@cache_public_page
def administration_detail(request: HttpRequest, slug: str) -> HttpResponse:
    administration = selectors.administration_public_get(slug=slug)
    today = timezone.localdate()
    page = selectors.administration_page(administration=administration, as_of=today)
    return render(
        request,
        "public/administration_detail.html",
        {
            "nav": "administrations",
            "administration": administration,
            "page": page,
            "overall": page.overall,
            "today": today,
            "answers": civil_selectors.answer_figures_by_administration(
                administration=administration
            ).get(administration.pk),
            "open_questions": civil_selectors.administration_questions(
                administration=administration, as_of=today
            ),
            "disagreements": civil_selectors.administration_disagreements(
                administration=administration
            ),
            "has_illustrative": any(
                getattr(c, "has_illustrative", False) for c in (*page.led, *page.co_owned)
            )
            or any(m.is_illustrative for m in page.late),
        },
    )
