"""Plain reads of plans and commitments for the interfaces of every app (the public site has
its own, richer ``public.selectors``)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from .models import ActionPlan, Axis


def plan_get(*, slug: str) -> ActionPlan:
    """Any plan, published or not (for the coordination team's tools); 404 when unknown."""
    plan = ActionPlan.objects.filter(slug=slug).first()
    if plan is None:
        raise Http404("plan")
    return plan


def plans_all() -> QuerySet[ActionPlan]:
    """Every plan, the most recent first (for the coordination team's tools)."""
    return ActionPlan.objects.order_by("-period_start")


def axes_of_plan(*, plan: ActionPlan) -> list[Axis]:
    return list(Axis.objects.filter(plan=plan).order_by("number"))
