"""Reads of indicators for the workspace, with the permission check."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from commitments.permissions import commitments_editable_by

from .models import Indicator


def access_indicator_for_edit(user, *, pk: int) -> Indicator:
    """404 unless the indicator exists and belongs to a commitment the user may edit."""
    try:
        return Indicator.objects.select_related("commitment__plan").get(
            pk=pk, commitment__in=commitments_editable_by(user).values("pk")
        )
    except Indicator.DoesNotExist:
        raise Http404(_("Indicateur introuvable.")) from None
