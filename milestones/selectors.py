"""Reads of milestones for the workspace, with the permission check."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from commitments.permissions import commitments_editable_by

from .models import Milestone, MilestoneRevision


def access_milestone_for_edit(user, *, pk: int) -> Milestone:
    """404 unless the milestone exists and belongs to a commitment the user may edit."""
    try:
        return Milestone.objects.select_related("commitment__plan").get(
            pk=pk, commitment__in=commitments_editable_by(user).values("pk")
        )
    except Milestone.DoesNotExist:
        raise Http404(_("Jalon introuvable.")) from None


def revisions_pending() -> list[MilestoneRevision]:
    """Requests waiting for the coordination team's decision, the oldest first. One query."""
    return list(
        MilestoneRevision.objects.filter(status=MilestoneRevision.Status.PENDING)
        .select_related("milestone__commitment__plan", "milestone__commitment__lead_administration")
        .order_by("requested_at", "id")
    )


def revision_pending_get(*, pk: int) -> MilestoneRevision:
    revision = (
        MilestoneRevision.objects.filter(pk=pk, status=MilestoneRevision.Status.PENDING)
        .select_related("milestone__commitment__plan")
        .first()
    )
    if revision is None:
        raise Http404(_("Demande introuvable ou déjà traitée."))
    return revision
