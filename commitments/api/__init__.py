"""Public read API of the commitments app: plans, administrations, commitments, score
snapshots and changes.

Serializers list their fields explicitly (a new model field never leaks by accident); each list
runs a fixed number of SQL queries (see the ``*_for_api`` querysets); viewsets are four lines.
The bulk files (``opendata.bulk``) use these same querysets and serializers.
"""

from .changes import ChangeSerializer, ChangeViewSet, changes_for_api, public_actor
from .commitments import (
    CommitmentSerializer,
    CommitmentViewSet,
    ScoreSnapshotSerializer,
    ScoreSnapshotViewSet,
    commitments_for_api,
    score_snapshots_for_api,
)
from .plans import (
    AdministrationSerializer,
    AdministrationViewSet,
    PlanSerializer,
    PlanViewSet,
    administrations_for_api,
    plans_for_api,
)

__all__ = [
    "AdministrationSerializer",
    "AdministrationViewSet",
    "ChangeSerializer",
    "ChangeViewSet",
    "CommitmentSerializer",
    "CommitmentViewSet",
    "PlanSerializer",
    "PlanViewSet",
    "ScoreSnapshotSerializer",
    "ScoreSnapshotViewSet",
    "administrations_for_api",
    "changes_for_api",
    "commitments_for_api",
    "plans_for_api",
    "public_actor",
    "score_snapshots_for_api",
]
