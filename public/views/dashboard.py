"""The plan dashboard (the home page) and the list of plans."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civilsociety import selectors as civil_selectors
from public import selectors
from public.csv_links import csv_download_url
from public.pagination import page_numbers
from public.templatetags.pgo import loc_text, status_label
from reports import selectors as report_selectors
from toolkit.cache import cache_public_page

PLANS_PAGE_SIZE = 20


def _dashboard(request: HttpRequest, plan, plans: list, *, is_home: bool) -> HttpResponse:
    """``plans`` (every published plan, for the plan chooser) are read plain; only the plan
    shown is checked for illustrative data, so the cost does not grow with the number of plans'
    commitments."""
    plan = selectors.plan_public_get(slug=plan.slug)
    as_of = timezone.localdate()
    dashboard = selectors.plan_dashboard(plan=plan, as_of=as_of)
    return render(
        request,
        "public/dashboard.html",
        {
            "nav": "dashboard" if is_home else "",
            "plan": plan,
            "plans": plans,
            "is_home": is_home,
            "dashboard": dashboard,
            "disagreements": civil_selectors.plan_disagreements(plan=plan),
            "as_of": as_of,
            "rollup": dashboard.plan_rollup,
            "statuses": [(s, status_label(s)) for s in selectors.STATUSES],
            "breadcrumbs": [(reverse("public:plan-list"), _("Plans d'action"))],
            "current_crumb": loc_text(plan, "title"),
            "reports": list(report_selectors.reports_published(plan=plan)[:5]),
        },
    )


@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard of the latest published plan (``?plan=<slug>`` for another one)."""
    plans = list(selectors.plans_for_chooser())
    slug = request.GET.get("plan")
    if slug:
        plan = next((p for p in plans if p.slug == slug), None)
        if plan is None:
            raise Http404("plan")
        return redirect("public:plan-detail", plan_slug=plan.slug, permanent=False)
    if not plans:
        return render(request, "public/no_plan.html", {"nav": "dashboard"})
    return _dashboard(request, plans[0], plans, is_home=True)


@cache_public_page
def plan_detail(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plans = list(selectors.plans_for_chooser())
    plan = next((p for p in plans if p.slug == plan_slug), None)
    if plan is None:
        raise Http404("plan")
    return _dashboard(request, plan, plans, is_home=False)


@cache_public_page
def plan_list(request: HttpRequest) -> HttpResponse:
    """The published plans, newest first, a page at a time: the ids of the page, then those
    plans with their roll-up and illustrative flag (four queries whatever the number)."""
    paginator = Paginator(selectors.plans_public().values_list("pk", flat=True), PLANS_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    plans = list(selectors.plans_with_rollups(list(page.object_list)))
    return render(
        request,
        "public/plan_list.html",
        {
            "nav": "",
            "plans": plans,
            "page": page,
            "page_numbers": page_numbers(page),
            "current_crumb": _("Plans d'action"),
            "csv_url": csv_download_url("plan", request.GET, filterset_class=None),
            "csv_detail": _("les plans publiés et leurs chiffres"),
            "has_illustrative": any(p.has_illustrative for p in plans),
        },
    )
