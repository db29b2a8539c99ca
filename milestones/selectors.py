"""Reads of milestones for the workspace, with the permission check."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from commitments.permissions import commitments_editable_by

from .models import Milestone


def access_milestone_for_edit(user, *, pk: int) -> Milestone:
    """404 unless the milestone exists and belongs to a commitment the user may edit."""
    try:
        return Milestone.objects.select_related("commitment__plan").get(
            pk=pk, commitment__in=commitments_editable_by(user).values("pk")
        )
    except Milestone.DoesNotExist:
        raise Http404(_("Jalon introuvable.")) from None
