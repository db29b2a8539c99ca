"""Method v2: progress, points, score, status and measurability, as pure functions.

No ORM and no clock: every input is a plain value and ``as_of`` is passed in. The set-wise
recompute (``scoring.recompute``) reads the inputs in a few queries and applies these same
functions, so the public methodology page, the stored scores and the tests share one
definition. ``METHOD_VERSION`` is stored with every figure.

What v2 changed from v1 (written on the methodology page too): lateness, "on time" and
penalties are judged against a milestone's *reference date*, which only an approved revision
requested in time moves; a cancellation counts only when approved in time; facts dated after
``as_of`` are ignored; one status rule; exact decimals rounded half-up once, at the end.

Choices where PRODUCT.md is silent (also written on the methodology page):
- an indicator whose baseline or target is missing cannot be measured: progress 0, flagged
  "incomplete", and it still counts in the maximum, so a badly written indicator costs points;
- "target equal to baseline" (keep a level): met when the latest value equals the target;
- a part (milestones or indicators) whose weights sum to 0 counts as absent;
- roll-ups (plan, axis, administration) average the stored progress of the commitments that
  have one and skip the "not measurable" ones; their score sums stored points and maxima (an
  administration is scored on the commitments it leads).
"""

from .indicators import IndicatorProgress, indicator_progress
from .measurability import (
    CRITERIA,
    CRITERION_LABELS,
    CriterionResult,
    GlossaryEntry,
    MeasurabilityFacts,
    measurability,
    measurability_count,
    unexplained_terms,
)
from .milestones import (
    CANCELLATION,
    MILESTONE_POINTS,
    OPEN_STATUSES,
    RESCHEDULE,
    MilestonePoints,
    MilestoneReference,
    RevisionInput,
    completed_by,
    milestone_is_late,
    milestone_points,
    milestone_reference,
    revision_is_timely,
)
from .numbers import dec, round2
from .scores import (
    INDICATOR_POINTS,
    STATUS_COMPLETED,
    STATUS_LATE,
    STATUS_MILESTONES_DONE,
    STATUS_NOT_MEASURABLE,
    STATUS_NOT_STARTED,
    STATUS_ON_TRACK,
    STATUSES,
    CommitmentScore,
    IndicatorInput,
    MilestoneInput,
    commitment_score,
    commitment_status,
    progress_from_parts,
    rollup_progress,
    score_from_points,
    weighted_mean,
)

METHOD_VERSION = "v2"

__all__ = [
    "CANCELLATION",
    "CRITERIA",
    "CRITERION_LABELS",
    "INDICATOR_POINTS",
    "METHOD_VERSION",
    "MILESTONE_POINTS",
    "OPEN_STATUSES",
    "RESCHEDULE",
    "STATUSES",
    "STATUS_COMPLETED",
    "STATUS_LATE",
    "STATUS_MILESTONES_DONE",
    "STATUS_NOT_MEASURABLE",
    "STATUS_NOT_STARTED",
    "STATUS_ON_TRACK",
    "CommitmentScore",
    "CriterionResult",
    "GlossaryEntry",
    "IndicatorInput",
    "IndicatorProgress",
    "MeasurabilityFacts",
    "MilestoneInput",
    "MilestonePoints",
    "MilestoneReference",
    "RevisionInput",
    "commitment_score",
    "commitment_status",
    "completed_by",
    "dec",
    "indicator_progress",
    "measurability",
    "measurability_count",
    "milestone_is_late",
    "milestone_points",
    "milestone_reference",
    "progress_from_parts",
    "revision_is_timely",
    "rollup_progress",
    "round2",
    "score_from_points",
    "unexplained_terms",
    "weighted_mean",
]
