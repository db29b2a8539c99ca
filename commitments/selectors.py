"""Reads of plans and commitments, each in a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ActionPlan, Commitment


def plans_public() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(published=True).order_by("-period_start", "slug")


def commitments_of_plan(*, plan: ActionPlan) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(plan=plan)
        .select_related("axis", "lead_administration")
        .order_by("number")
    )
