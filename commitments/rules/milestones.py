"""Milestones under method v2: the reference due date, lateness and points.

A milestone is judged against its *reference date*: its original due date, moved only by an
approved revision that was requested in time (on or before the reference date in force when it
was requested). A cancellation approved in time leaves the milestone out of points, maximum and
progress; any other move or cancellation (late, refused or pending) changes nothing here. Facts
dated after ``as_of`` (completions, revisions decided later) are ignored.

A milestone without a due date ("échéance à préciser", as real plans often state them) is not
scored: no points, no maximum, no progress, never late, until a date is set. The calendar
criterion of measurability counts it as a failure.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .numbers import HALF, ZERO, Number, dec

MILESTONE_POINTS = Decimal(10)  # M = 10 × weight

RESCHEDULE = "reschedule"
CANCELLATION = "cancellation"
COMPLETED = "completed"
OPEN_STATUSES = frozenset({"planned", "in_progress"})


def revision_is_timely(
    *, requested_on: datetime.date, reference_due_date: datetime.date | None
) -> bool:
    """Requested before the reference date had passed (on the reference date itself is in time:
    a milestone due today is not late). A milestone without a date cannot be late: dating it is
    always in time."""
    return reference_due_date is None or requested_on <= reference_due_date


@dataclass(frozen=True)
class RevisionInput:
    """An approved revision of a milestone's calendar.

    ``moves_reference``: approved *and* requested in time. Only those move the reference (or, for
    a cancellation, take the milestone out); the others are shown, never counted.
    """

    kind: str  # RESCHEDULE or CANCELLATION
    decided_on: datetime.date
    moves_reference: bool
    new_due_date: datetime.date | None = None
    order: int = 0  # breaks ties between revisions decided the same day (their id)


@dataclass(frozen=True)
class MilestoneReference:
    due_date: datetime.date | None  # the reference date on ``as_of``; None: to be set
    excluded: bool = False  # cancelled by an approved, timely revision

    @property
    def undated(self) -> bool:
        return self.due_date is None


def milestone_reference(
    *,
    original_due_date: datetime.date | None,
    revisions: Iterable[RevisionInput] = (),
    as_of: datetime.date,
) -> MilestoneReference:
    """The reference date on ``as_of``: the original due date, then each revision that moves the
    reference and was decided on or before ``as_of``, in the order they were decided."""
    due, excluded = original_due_date, False
    counted = sorted(
        (r for r in revisions if r.moves_reference and r.decided_on <= as_of),
        key=lambda r: (r.decided_on, r.order),
    )
    for revision in counted:
        if revision.kind == CANCELLATION:
            excluded = True
        elif revision.new_due_date is not None:
            due, excluded = revision.new_due_date, False
    return MilestoneReference(due, excluded)


def completed_by(
    *, status: str, completed_on: datetime.date | None, as_of: datetime.date
) -> datetime.date | None:
    """The completion date if the milestone was completed on or before ``as_of``, else None."""
    if status == COMPLETED and completed_on is not None and completed_on <= as_of:
        return completed_on
    return None


def milestone_is_late(
    *,
    status: str,
    completed_on: datetime.date | None,
    reference: MilestoneReference,
    as_of: datetime.date,
) -> bool:
    """Counted, not completed on ``as_of`` (whatever its status says otherwise), and its
    reference date has passed (due today is not late)."""
    if reference.excluded:
        return False
    if completed_by(status=status, completed_on=completed_on, as_of=as_of) is not None:
        return False
    return reference.due_date is not None and as_of > reference.due_date


@dataclass(frozen=True)
class MilestonePoints:
    points: Decimal
    maximum: Decimal
    penalty: Decimal  # ≥ 0, the part of ``points`` lost to lateness
    late: bool
    counted: bool  # not cancelled in time
    completed: bool  # completed on or before ``as_of``
    on_time: bool  # completed on or before its reference date
    undated: bool = False  # no due date yet: not scored


def milestone_points(
    *,
    status: str,
    completed_on: datetime.date | None,
    reference: MilestoneReference,
    weight: Number,
    as_of: datetime.date,
) -> MilestonePoints:
    """+M completed on or before the reference date, +M/2 completed after it, −M/2 not
    completed once the reference date has passed, 0 before; excluded when cancelled in time,
    and not scored while it has no due date."""
    if reference.excluded:
        return MilestonePoints(ZERO, ZERO, ZERO, False, False, False, False)
    if reference.due_date is None:
        return MilestonePoints(ZERO, ZERO, ZERO, False, False, False, False, undated=True)
    m = MILESTONE_POINTS * dec(weight)
    done = completed_by(status=status, completed_on=completed_on, as_of=as_of)
    if done is not None:
        on_time = done <= reference.due_date
        return MilestonePoints(m if on_time else m * HALF, m, ZERO, False, True, True, on_time)
    if as_of > reference.due_date:
        return MilestonePoints(-m * HALF, m, m * HALF, True, True, False, False)
    return MilestonePoints(ZERO, m, ZERO, False, True, False, False)
