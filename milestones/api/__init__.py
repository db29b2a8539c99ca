"""Milestones in the API: the public list (``read``), the requests to move or cancel them and
the coordination team's decisions (``revisions``), and the write endpoints (``write``)."""

from .read import MilestoneSerializer, MilestoneViewSet, milestones_for_api
from .revisions import (
    MilestoneRevisionSerializer,
    MilestoneRevisionViewSet,
    RevisionDecisionView,
    RevisionRequestView,
    revisions_for_api,
)
from .write import DelayExplanationView, MilestoneStatusView

__all__ = [
    "DelayExplanationView",
    "MilestoneRevisionSerializer",
    "MilestoneRevisionViewSet",
    "MilestoneSerializer",
    "MilestoneStatusView",
    "MilestoneViewSet",
    "RevisionDecisionView",
    "RevisionRequestView",
    "milestones_for_api",
    "revisions_for_api",
]
