"""Administrations: the league table and one administration's page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from civilsociety import selectors as civil_selectors
from public import selectors
from toolkit.cache import cache_public_page


@cache_public_page
def administration_list(request: HttpRequest) -> HttpResponse:
    plans = list(selectors.plans_public_annotated())
    slug = request.GET.get("plan") or ""
    plan = next((p for p in plans if p.slug == slug), None)
    if slug and plan is None:
        raise Http404("plan")
    rows = selectors.administrations_league(plan=plan)
    return render(
        request,
        "public/administration_list.html",
        {
            "nav": "administrations",
            "plans": plans,
            "plan": plan,
            "ranked": [r for r in rows if r.figures is not None],
            "others": [r for r in rows if r.figures is None],
            "without_lead": selectors.commitments_without_lead_count(plan=plan),
            "answers": civil_selectors.answer_figures_by_administration(plan=plan),
            # the scores shown come from the invented demo data of these plans
            "has_illustrative": any(p.has_illustrative for p in ([plan] if plan else plans)),
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
