"""A commitment's figures under method v2: progress, points, score and status; roll-ups.

Exact decimals throughout; ``commitment_score`` rounds each stored figure (progress, points,
maximum, penalty, score) half-up to two decimals once, at the end, and the status reads the
rounded progress (it is "completed" only at 100 % as stored).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .indicators import indicator_progress
from .milestones import RevisionInput, milestone_points, milestone_reference
from .numbers import HALF, HUNDRED, ZERO, Number, dec, round2

INDICATOR_POINTS = Decimal(10)  # I = 10 × weight

# --- commitment status ------------------------------------------------------------------------

STATUS_NOT_MEASURABLE = "not_measurable"
STATUS_NOT_STARTED = "not_started"
STATUS_ON_TRACK = "on_track"
STATUS_LATE = "late"
STATUS_MILESTONES_DONE = "milestones_done"
STATUS_COMPLETED = "completed"
# The order of the rule (first that applies) is not the order pages list them in.
STATUSES = (
    STATUS_COMPLETED,
    STATUS_ON_TRACK,
    STATUS_MILESTONES_DONE,
    STATUS_LATE,
    STATUS_NOT_STARTED,
    STATUS_NOT_MEASURABLE,
)


def commitment_status(
    *,
    milestones_counted: int,
    milestones_completed: int,
    late_milestones: int,
    indicators: int,
    indicators_measured: int,
    progress: Decimal | None,
) -> str:
    """The first that applies: not measurable (no counted milestone and no indicator);
    completed (progress = 100 % as stored); late (a counted milestone not completed past its
    reference date); milestones done, target not reached (every counted milestone completed,
    progress < 100 %); on track (a milestone completed or an indicator measured, nothing
    late); not started."""
    if milestones_counted == 0 and indicators == 0:
        return STATUS_NOT_MEASURABLE
    if progress is not None and progress >= HUNDRED:
        return STATUS_COMPLETED
    if late_milestones > 0:
        return STATUS_LATE
    if milestones_counted > 0 and milestones_completed == milestones_counted:
        return STATUS_MILESTONES_DONE
    if milestones_completed > 0 or indicators_measured > 0:
        return STATUS_ON_TRACK
    return STATUS_NOT_STARTED


# --- a commitment ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneInput:
    status: str
    original_due_date: datetime.date | None  # None: "échéance à préciser", not scored
    completed_on: datetime.date | None = None
    weight: Number = 1
    revisions: tuple[RevisionInput, ...] = ()


@dataclass(frozen=True)
class IndicatorInput:
    baseline: Number | None
    target: Number | None
    current: Number | None
    kind: str = "quantitative"
    level_count: int | None = None
    weight: Number = 1


def weighted_mean(pairs: Iterable[tuple[Number, Number]]) -> Decimal | None:
    """Σ w·x / Σ w over (x, w) pairs; None when there is nothing or the weights sum to 0."""
    total = weighted = ZERO
    for x, w in pairs:
        total += dec(w)
        weighted += dec(w) * dec(x)
    return weighted / total if total > 0 else None


def progress_from_parts(
    milestone_part: Number | None, indicator_part: Number | None
) -> Decimal | None:
    """Half milestones, half indicators (in %); a missing part lets the other count alone."""
    if milestone_part is None and indicator_part is None:
        return None
    if milestone_part is None:
        return HUNDRED * dec(indicator_part)  # type: ignore[arg-type]
    if indicator_part is None:
        return HUNDRED * dec(milestone_part)
    return HUNDRED * (dec(milestone_part) + dec(indicator_part)) * HALF


def score_from_points(points: Number, maximum: Number) -> Decimal | None:
    """100 × max(points, 0) / maximum (exact); None when the maximum is 0."""
    points, maximum = dec(points), dec(maximum)
    if maximum <= 0:
        return None
    return HUNDRED * max(points, ZERO) / maximum


@dataclass(frozen=True)
class CommitmentScore:
    """The stored figures of one commitment: rounded once, at the end."""

    progress: Decimal | None  # 0–100, None = not measurable
    points: Decimal
    maximum: Decimal
    penalty: Decimal
    score: Decimal | None  # 0–100, None when the maximum is 0
    late_milestones: int
    milestones_completed: int
    milestones_completed_on_time: int
    milestones_counted: int  # not cancelled in time, and dated
    indicators: int
    indicators_measured: int
    status: str
    exact: dict[str, Decimal | None] = field(default_factory=dict, compare=False)

    @property
    def indicators_not_reported(self) -> int:
        return self.indicators - self.indicators_measured


def commitment_score(
    *,
    milestones: Sequence[MilestoneInput],
    indicators: Sequence[IndicatorInput],
    as_of: datetime.date,
) -> CommitmentScore:
    points = maximum = penalty = ZERO
    late = completed = on_time = counted = 0
    m_pairs: list[tuple[Number, Number]] = []
    for m in milestones:
        reference = milestone_reference(
            original_due_date=m.original_due_date, revisions=m.revisions, as_of=as_of
        )
        mp = milestone_points(
            status=m.status,
            completed_on=m.completed_on,
            reference=reference,
            weight=m.weight,
            as_of=as_of,
        )
        points += mp.points
        maximum += mp.maximum
        penalty += mp.penalty
        late += mp.late
        if mp.counted:
            counted += 1
            m_pairs.append((1 if mp.completed else 0, m.weight))
            completed += mp.completed
            on_time += mp.on_time
    i_pairs: list[tuple[Number, Number]] = []
    measured = 0
    for i in indicators:
        ip = indicator_progress(
            baseline=i.baseline,
            target=i.target,
            current=i.current,
            kind=i.kind,
            level_count=i.level_count,
        )
        measured += ip.reported
        i_pairs.append((ip.value, i.weight))
        points += INDICATOR_POINTS * dec(i.weight) * ip.value
        maximum += INDICATOR_POINTS * dec(i.weight)
    progress = progress_from_parts(weighted_mean(m_pairs), weighted_mean(i_pairs))
    score = score_from_points(points, maximum)
    stored_progress = round2(progress)
    return CommitmentScore(
        progress=stored_progress,
        points=round2(points),  # type: ignore[arg-type]
        maximum=round2(maximum),  # type: ignore[arg-type]
        penalty=round2(penalty),  # type: ignore[arg-type]
        score=round2(score),
        late_milestones=late,
        milestones_completed=completed,
        milestones_completed_on_time=on_time,
        milestones_counted=counted,
        indicators=len(indicators),
        indicators_measured=measured,
        status=commitment_status(
            milestones_counted=counted,
            milestones_completed=completed,
            late_milestones=late,
            indicators=len(indicators),
            indicators_measured=measured,
            progress=stored_progress,
        ),
        exact={"progress": progress, "points": points, "maximum": maximum, "score": score},
    )


# --- roll-ups (plan, axis, administration) ----------------------------------------------------


def rollup_progress(values: Iterable[Number | None]) -> Decimal | None:
    """Equal-weight mean of the commitments' stored progress, skipping the not measurable ones
    (exact; round it once)."""
    known = [dec(v) for v in values if v is not None]
    return sum(known, ZERO) / len(known) if known else None
