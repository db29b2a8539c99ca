"""Indicator progress: how far the latest value has moved from the baseline to the target."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .numbers import ONE, ZERO, Number, clamp01, dec


@dataclass(frozen=True)
class IndicatorProgress:
    value: Decimal  # p in [0, 1], exact
    reported: bool  # at least one measurement on or before the computation date
    complete: bool  # baseline and target known


def indicator_progress(
    *,
    baseline: Number | None,
    target: Number | None,
    current: Number | None,
    kind: str = "quantitative",
    level_count: int | None = None,
) -> IndicatorProgress:
    """Quantitative: clamp((current − baseline) / (target − baseline), 0, 1), which also handles
    indicators that must go down; a target equal to the baseline is met (1) when the latest value
    equals it, else 0. Qualitative: level index / last level index, on a scale of
    ``level_count`` levels from the initial situation (index 0) to the target (last index).
    No measurement: 0, "not reported". No baseline or target: 0, "incomplete"."""
    if kind == "qualitative":
        if level_count is None or level_count < 2:
            return IndicatorProgress(ZERO, current is not None, False)
        baseline, target = 0, level_count - 1
    complete = baseline is not None and target is not None
    if current is None:
        return IndicatorProgress(ZERO, False, complete)
    if baseline is None or target is None:
        return IndicatorProgress(ZERO, True, False)
    b, t, c = dec(baseline), dec(target), dec(current)
    if t == b:
        return IndicatorProgress(ONE if c == t else ZERO, True, True)
    return IndicatorProgress(clamp01((c - b) / (t - b)), True, True)
