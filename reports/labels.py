"""The words of a report for the stored codes (statuses, kinds of revision)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from civilsociety.models import Level
from commitments.models import CommitmentStatus
from milestones.models import MilestoneRevision

STATUS_LABELS = dict(CommitmentStatus.choices)
REVISION_KIND_LABELS = dict(MilestoneRevision.Kind.choices)
LEVEL_LABELS = dict(Level.choices)
HEADLINE_LABELS = {
    "commitments": _("Engagements"),
    "progress": _("Avancement moyen"),
    "score": _("Score"),
    "late_milestones": _("Jalons en retard"),
    "milestones_completed": _("Jalons réalisés"),
    "milestones_completed_on_time": _("Jalons réalisés à temps"),
    "status": _("Statut"),
}
