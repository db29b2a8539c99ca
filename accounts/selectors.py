"""Reads of the workspace: what a contributor's administrations must update."""

from __future__ import annotations

import datetime

from django.db.models import Case, IntegerField, Value, When

from commitments.permissions import commitments_editable_by
from milestones.models import Milestone

SOON_DAYS = 30


def milestones_to_update(*, user, as_of: datetime.date):
    """Open milestones of the user's commitments: late first, then by due date."""
    return (
        Milestone.objects.filter(
            commitment__in=commitments_editable_by(user).values("pk"),
            status__in=[Milestone.Status.PLANNED, Milestone.Status.IN_PROGRESS],
        )
        .select_related("commitment__plan", "commitment__lead_administration")
        .annotate(
            urgency=Case(
                When(due_date__lt=as_of, then=Value(0)),
                When(due_date__lte=as_of + datetime.timedelta(days=SOON_DAYS), then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("urgency", "due_date", "pk")
    )
