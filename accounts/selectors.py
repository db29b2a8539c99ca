"""Reads of the workspace: what a contributor's administrations must update."""

from __future__ import annotations

import datetime

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from rest_framework.authtoken.models import Token

from commitments.models import AuditRecord, Commitment
from commitments.permissions import access_commitment_for_edit, commitments_editable_by
from indicators.models import Indicator
from milestones.models import Milestone, MilestoneRevision

SOON_DAYS = 30


def milestones_to_update(*, user, as_of: datetime.date):
    """Milestones of the user's commitments still to deliver: late ones first (judged against
    their reference date; a cancellation not approved in time stays late), then those due
    within 30 days, then the others, by reference date."""
    return (
        Milestone.objects.filter(commitment__in=commitments_editable_by(user).values("pk"))
        .filter(
            Q(status__in=[Milestone.Status.PLANNED, Milestone.Status.IN_PROGRESS])
            | Q(
                status=Milestone.Status.CANCELLED,
                counts_in_score=True,
                reference_due_date__lt=as_of,
            )
        )
        .filter(counts_in_score=True)
        .select_related("commitment__plan", "commitment__lead_administration")
        .annotate(
            urgency=Case(
                When(reference_due_date__lt=as_of, then=Value(0)),
                When(
                    reference_due_date__lte=as_of + datetime.timedelta(days=SOON_DAYS),
                    then=Value(1),
                ),
                default=Value(2),
                output_field=IntegerField(),
            ),
            pending_requests=Count(
                "revisions", filter=Q(revisions__status=MilestoneRevision.Status.PENDING)
            ),
        )
        .order_by("urgency", "reference_due_date", "pk")
    )


def workspace_commitments(*, user, coordinator: bool) -> QuerySet[Commitment]:
    """The commitments the user may update (a coordinator: those of plans not closed)."""
    commitments = (
        commitments_editable_by(user)
        .select_related("plan", "lead_administration")
        .order_by("-plan__period_start", "plan__slug", "number")
    )
    if coordinator:
        commitments = commitments.filter(plan__status__in=["draft", "in_progress"])
    return commitments


def workspace_commitment(*, user, pk: int) -> Commitment:
    """A commitment the user may update, with its co-owners, milestones and indicators (and
    their measurements); 404 for anyone else."""
    allowed = access_commitment_for_edit(user, pk=pk)
    return (
        Commitment.objects.select_related("plan", "lead_administration")
        .prefetch_related(
            "co_owners",
            Prefetch(
                "milestones",
                queryset=Milestone.objects.order_by("due_date", "pk").prefetch_related("revisions"),
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related("measurements").order_by(
                    "position", "pk"
                ),
            ),
        )
        .get(pk=allowed.pk)
    )


def workspace_history(*, commitment: Commitment, limit: int = 20) -> list[AuditRecord]:
    return list(AuditRecord.objects.filter(commitment=commitment).select_related("actor")[:limit])


def api_token_of(*, user) -> Token | None:
    return Token.objects.filter(user=user).first()
