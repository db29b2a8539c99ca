"""What the bulk files hold: one resource per API list, each read exactly as the API reads it.

A resource is an API route (``commitments``), the serializer that writes its rows (JSON and
CSV), the FilterSet that picks them (``?plan=<slug>``; its ``Meta.model`` is the model a row
is), and the queryset of the list. The bulk files (``bulk``), the Table Schemas
(``tableschema``) and the data packages (``package``) all start from this list, so a column
added to a serializer shows in the CSV, its schema and its package at once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from commitments.models import ActionPlan


@dataclass(frozen=True)
class Resource:
    name: str  # the API route, e.g. "score-snapshots"; the CSV file is "<name>.csv"
    serializer_class: type
    filterset_class: type
    queryset: Callable[[datetime.date], QuerySet]  # the API list's rows on that date

    @property
    def model(self) -> type[Model]:
        return self.filterset_class._meta.model

    def rows(self, plan: ActionPlan | None, as_of: datetime.date) -> list[Any]:
        """The rows the API list returns for ``?plan=<slug>`` (every published plan when
        ``plan`` is None): the same queryset, the same FilterSet, the same order."""
        data = {"plan": plan.slug} if plan is not None else {}
        if self.name == "plans":  # the plan itself: its list has no plan filter
            queryset = self.queryset(as_of)
            return list(queryset.filter(pk=plan.pk) if plan is not None else queryset)
        filterset = self.filterset_class(data, queryset=self.queryset(as_of))
        if not filterset.is_valid():  # the plan was unpublished meanwhile
            return []
        return list(filterset.qs)


# Resources of the apps above this one (the reports to Parliament), which opendata may not
# import: each registers, in its ``AppConfig.ready``, a function returning its Resource.
_REGISTERED: dict[str, Callable[[], Resource]] = {}


def register(name: str, make: Callable[[], Resource]) -> None:
    """Add (or replace, same name) a resource of a higher app; idempotent, so ``ready`` may
    run twice. Its files come after the core ones."""
    _REGISTERED[name] = make


def resources() -> list[Resource]:
    """Every resource of a package, in the order of its files (plans first, then what points
    at them, then the resources registered by higher apps)."""
    return [*_core_resources(), *(make() for make in _REGISTERED.values())]


def _core_resources() -> list[Resource]:
    from civilsociety.api import (
        AssessmentSerializer,
        OrganisationSerializer,
        QuestionSerializer,
        assessments_for_api,
        organisations_for_api,
        questions_for_api,
    )
    from civilsociety.filters import AssessmentFilterSet, OrganisationFilterSet, QuestionFilterSet
    from commitments.api import (
        AdministrationSerializer,
        ChangeSerializer,
        CommitmentSerializer,
        PlanSerializer,
        ScoreSnapshotSerializer,
        administrations_for_api,
        changes_for_api,
        commitments_for_api,
        plans_for_api,
        score_snapshots_for_api,
    )
    from commitments.filters import (
        AdministrationFilterSet,
        ChangeFilterSet,
        CommitmentFilterSet,
        PlanFilterSet,
        ScoreSnapshotFilterSet,
    )
    from consultations.api import (
        ConsultationSerializer,
        ProposalSerializer,
        consultations_for_api,
        proposals_for_api,
    )
    from consultations.filters import ConsultationFilterSet, ProposalFilterSet
    from indicators.api import (
        IndicatorSerializer,
        MeasurementSerializer,
        indicators_for_api,
        measurements_for_api,
    )
    from indicators.filters import IndicatorFilterSet, MeasurementFilterSet
    from milestones.api import (
        MilestoneRevisionSerializer,
        MilestoneSerializer,
        milestones_for_api,
        revisions_for_api,
    )
    from milestones.filters import MilestoneFilterSet, MilestoneRevisionFilterSet

    return [
        Resource("plans", PlanSerializer, PlanFilterSet, lambda d: plans_for_api()),
        Resource(
            "administrations",
            AdministrationSerializer,
            AdministrationFilterSet,
            lambda d: administrations_for_api(),
        ),
        Resource(
            "commitments",
            CommitmentSerializer,
            CommitmentFilterSet,
            lambda d: commitments_for_api(),
        ),
        Resource(
            "indicators",
            IndicatorSerializer,
            IndicatorFilterSet,
            lambda d: indicators_for_api(as_of=d),
        ),
        Resource(
            "measurements",
            MeasurementSerializer,
            MeasurementFilterSet,
            lambda d: measurements_for_api(),
        ),
        Resource(
            "milestones",
            MilestoneSerializer,
            MilestoneFilterSet,
            lambda d: milestones_for_api(as_of=d),
        ),
        Resource(
            "milestone-revisions",
            MilestoneRevisionSerializer,
            MilestoneRevisionFilterSet,
            lambda d: revisions_for_api(),
        ),
        Resource(
            "score-snapshots",
            ScoreSnapshotSerializer,
            ScoreSnapshotFilterSet,
            lambda d: score_snapshots_for_api(),
        ),
        Resource("changes", ChangeSerializer, ChangeFilterSet, lambda d: changes_for_api()),
        Resource(
            "organisations",
            OrganisationSerializer,
            OrganisationFilterSet,
            lambda d: organisations_for_api(),
        ),
        Resource(
            "assessments",
            AssessmentSerializer,
            AssessmentFilterSet,
            lambda d: assessments_for_api(),
        ),
        Resource("questions", QuestionSerializer, QuestionFilterSet, lambda d: questions_for_api()),
        Resource(
            "consultations",
            ConsultationSerializer,
            ConsultationFilterSet,
            lambda d: consultations_for_api(),
        ),
        Resource("proposals", ProposalSerializer, ProposalFilterSet, lambda d: proposals_for_api()),
    ]


def resource_names() -> list[str]:
    return [r.name for r in resources()]
