from django.http import Http404
from django.shortcuts import render

from .selectors import commitments_of_plan, plans_public


def home(request):
    plans = list(plans_public())
    slug = request.GET.get("plan") or None
    if slug:
        plan = next((p for p in plans if p.slug == slug), None)
        if plan is None:
            raise Http404("Plan inconnu")
    else:
        plan = plans[0] if plans else None
    commitments = list(commitments_of_plan(plan=plan)) if plan else []
    return render(
        request,
        "commitments/home.html",
        {"plan": plan, "plans": plans, "commitments": commitments},
    )
