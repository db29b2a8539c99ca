"""Method v1: progress, points and measurability, as pure functions.

No ORM and no clock: every input is a plain value and ``as_of`` is passed in. The set-wise
recomputation (``scoring.recompute``) feeds these same functions with aggregates computed in
SQL, so the public methodology page, the stored scores and the tests all share one definition.

Choices where PRODUCT.md is silent (also written on the methodology page):
- an indicator whose baseline or target is missing cannot be measured: progress 0, flagged
  "incomplete", and it still counts in the maximum, so a badly written indicator costs points;
- "target equal to baseline" (keep a level): met when the latest value equals the target;
- a part (milestones or indicators) whose weights sum to 0 counts as absent;
- a milestone due today is not late: it becomes late the day after its due date;
- a milestone completed after its due date is not "late" any more but earns half its points;
- roll-ups (plan, axis, administration) average the progress of the commitments that have one
  and skip the "not measurable" ones, in every branch; their score sums points and maxima.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

METHOD_VERSION = "1"

MILESTONE_POINTS = 10.0  # M = 10 × weight
INDICATOR_POINTS = 10.0  # I = 10 × weight

Number = float | int | Decimal


# --- indicators ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorProgress:
    value: float  # p in [0, 1]
    reported: bool  # at least one measurement
    complete: bool  # baseline and target known


def clamp01(x: float) -> float:
    return 0.0 if x < 0 else 1.0 if x > 1 else x


def indicator_progress(
    *,
    baseline: Number | None,
    target: Number | None,
    current: Number | None,
    kind: str = "quantitative",
    level_count: int | None = None,
) -> IndicatorProgress:
    """Progress of one indicator from its baseline to its target.

    Quantitative: clamp((current − baseline) / (target − baseline), 0, 1), which also handles
    indicators that must go down. Qualitative: level index / last level index (a scale of
    ``level_count`` levels, from the initial situation, index 0, to the target, last index).
    """
    if kind == "qualitative":
        if level_count is None or level_count < 2:
            return IndicatorProgress(0.0, current is not None, False)
        baseline, target = 0, level_count - 1
    complete = baseline is not None and target is not None
    if current is None:
        return IndicatorProgress(0.0, False, complete)
    if not complete:
        return IndicatorProgress(0.0, True, False)
    b, t, c = float(baseline), float(target), float(current)  # type: ignore[arg-type]
    if t == b:
        return IndicatorProgress(1.0 if c == t else 0.0, True, True)
    return IndicatorProgress(clamp01((c - b) / (t - b)), True, True)


# --- milestones ------------------------------------------------------------------------------

OPEN_STATUSES = frozenset({"planned", "in_progress"})


def milestone_is_late(*, status: str, due_date: datetime.date, as_of: datetime.date) -> bool:
    """Neither completed nor cancelled, and the due date has passed on ``as_of``."""
    return status in OPEN_STATUSES and as_of > due_date


def milestone_completion(*, status: str) -> float | None:
    """1 if completed, 0 otherwise; None for a cancelled milestone (left out)."""
    if status == "cancelled":
        return None
    return 1.0 if status == "completed" else 0.0


@dataclass(frozen=True)
class MilestonePoints:
    points: float
    maximum: float
    penalty: float  # ≥ 0, the part of ``points`` lost to lateness
    late: bool


def milestone_points(
    *,
    status: str,
    due_date: datetime.date,
    completed_on: datetime.date | None,
    weight: Number,
    as_of: datetime.date,
) -> MilestonePoints:
    m = MILESTONE_POINTS * float(weight)
    if status == "cancelled":
        return MilestonePoints(0.0, 0.0, 0.0, False)
    if status == "completed" and completed_on is not None and completed_on <= as_of:
        return MilestonePoints(m if completed_on <= due_date else m / 2, m, 0.0, False)
    if milestone_is_late(status=status, due_date=due_date, as_of=as_of):
        return MilestonePoints(-m / 2, m, m / 2, True)
    return MilestonePoints(0.0, m, 0.0, False)


# --- commitments -----------------------------------------------------------------------------


def weighted_mean(pairs: Iterable[tuple[Number, Number]]) -> float | None:
    """Σ w·x / Σ w over (x, w) pairs; None when there is nothing or the weights sum to 0."""
    total = weighted = 0.0
    for x, w in pairs:
        total += float(w)
        weighted += float(w) * float(x)
    return weighted / total if total > 0 else None


def progress_from_parts(milestone_part: float | None, indicator_part: float | None) -> float | None:
    """Half milestones, half indicators; a missing part lets the other count alone."""
    if milestone_part is None and indicator_part is None:
        return None
    if milestone_part is None:
        return 100.0 * indicator_part  # type: ignore[operator]
    if indicator_part is None:
        return 100.0 * milestone_part
    return 100.0 * (milestone_part + indicator_part) / 2


@dataclass(frozen=True)
class MilestoneInput:
    status: str
    due_date: datetime.date
    completed_on: datetime.date | None = None
    weight: Number = 1


@dataclass(frozen=True)
class IndicatorInput:
    baseline: Number | None
    target: Number | None
    current: Number | None
    kind: str = "quantitative"
    level_count: int | None = None
    weight: Number = 1


@dataclass(frozen=True)
class CommitmentScore:
    progress: float | None  # 0–100, None = not measurable
    points: float
    maximum: float
    penalty: float
    score: float | None  # 0–100, None when the maximum is 0
    late_milestones: int
    milestones_completed: int
    milestones_completed_on_time: int
    milestones_counted: int  # not cancelled
    indicators_not_reported: int


def score_from_points(points: float, maximum: float) -> float | None:
    """100 × max(points, 0) / maximum."""
    if maximum <= 0:
        return None
    return 100.0 * max(points, 0.0) / maximum


def commitment_score(
    *,
    milestones: Sequence[MilestoneInput],
    indicators: Sequence[IndicatorInput],
    as_of: datetime.date,
) -> CommitmentScore:
    points = maximum = penalty = 0.0
    late = completed = on_time = counted = 0
    m_pairs: list[tuple[float, Number]] = []
    for m in milestones:
        mp = milestone_points(
            status=m.status,
            due_date=m.due_date,
            completed_on=m.completed_on,
            weight=m.weight,
            as_of=as_of,
        )
        points += mp.points
        maximum += mp.maximum
        penalty += mp.penalty
        late += mp.late
        completion = milestone_completion(status=m.status)
        if completion is not None:
            counted += 1
            m_pairs.append((completion, m.weight))
            if m.status == "completed":
                completed += 1
                on_time += bool(m.completed_on and m.completed_on <= m.due_date)
    i_pairs: list[tuple[float, Number]] = []
    not_reported = 0
    for i in indicators:
        ip = indicator_progress(
            baseline=i.baseline,
            target=i.target,
            current=i.current,
            kind=i.kind,
            level_count=i.level_count,
        )
        not_reported += not ip.reported
        i_pairs.append((ip.value, i.weight))
        points += INDICATOR_POINTS * float(i.weight) * ip.value
        maximum += INDICATOR_POINTS * float(i.weight)
    return CommitmentScore(
        progress=progress_from_parts(weighted_mean(m_pairs), weighted_mean(i_pairs)),
        points=points,
        maximum=maximum,
        penalty=penalty,
        score=score_from_points(points, maximum),
        late_milestones=late,
        milestones_completed=completed,
        milestones_completed_on_time=on_time,
        milestones_counted=counted,
        indicators_not_reported=not_reported,
    )


def rollup_progress(values: Iterable[float | None]) -> float | None:
    """Equal-weight mean of the commitments' progress, skipping the not measurable ones."""
    known = [float(v) for v in values if v is not None]
    return sum(known) / len(known) if known else None


# --- measurability ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionResult:
    code: str
    met: bool
    reason: str = ""  # why it failed, in French, for the public page


@dataclass(frozen=True)
class MeasurabilityFacts:
    """What the eight criteria need to know about one commitment."""

    quantitative_indicators_with_baseline_and_target: int = 0
    indicators: int = 0
    indicators_incomplete: int = 0  # missing baseline, target, target date or data source
    milestones_with_due_date: int = 0  # not cancelled
    milestones_outside_period: int = 0
    cost_stated: bool = False
    lead_named: bool = False
    contact_named: bool = False
    vague_verbs: tuple[str, ...] = ()  # forms found in title and objective
    summary_present: bool = False
    unexplained_terms: tuple[str, ...] = ()
    action_type_explicit: bool = False


CRITERIA = (
    ("quantitative_indicator", "Au moins un indicateur quantitatif avec valeur initiale et cible"),
    (
        "indicators_complete",
        "Chaque indicateur a une valeur initiale, une cible, une date cible et une source",
    ),
    ("calendar", "Au moins deux jalons datés, tous dans la période du plan"),
    ("cost", "Coût ou moyens indiqués (ou « sans coût supplémentaire »)"),
    ("responsibility", "Administration porteuse et responsable nommés"),
    ("no_vague_verbs", "Intitulé et objectif sans verbe flou"),
    ("plain_summary", "Résumé en langage clair, chaque terme technique expliqué"),
    ("action_type", "Au moins un type d'action explicite"),
)
CRITERION_LABELS = dict(CRITERIA)


def _quoted(words: Iterable[str]) -> str:
    return ", ".join(f"« {w} »" for w in words)


def measurability(facts: MeasurabilityFacts) -> list[CriterionResult]:
    f = facts
    results = []

    def add(code: str, met: bool, reason: str) -> None:
        results.append(CriterionResult(code, met, "" if met else reason))

    add(
        "quantitative_indicator",
        f.quantitative_indicators_with_baseline_and_target > 0,
        "Aucun indicateur quantitatif n'a à la fois une valeur initiale et une cible.",
    )
    add(
        "indicators_complete",
        f.indicators > 0 and f.indicators_incomplete == 0,
        "Aucun indicateur."
        if f.indicators == 0
        else f"{f.indicators_incomplete} indicateur(s) sur {f.indicators} sans valeur initiale, "
        "cible, date cible ou source.",
    )
    if f.milestones_with_due_date < 2:
        calendar_reason = (
            f"{f.milestones_with_due_date} jalon(s) daté(s) : il en faut au moins deux."
        )
    else:
        calendar_reason = f"{f.milestones_outside_period} jalon(s) hors de la période du plan."
    add(
        "calendar",
        f.milestones_with_due_date >= 2 and f.milestones_outside_period == 0,
        calendar_reason,
    )
    add("cost", f.cost_stated, "Ni coût, ni moyens, ni « sans coût supplémentaire » indiqués.")
    missing = [
        label
        for ok, label in (
            (f.lead_named, "l'administration porteuse"),
            (f.contact_named, "le responsable"),
        )
        if not ok
    ]
    add("responsibility", not missing, "Non nommé(s) : " + " et ".join(missing) + ".")
    add(
        "no_vague_verbs",
        not f.vague_verbs,
        f"Verbe(s) flou(s) dans l'intitulé ou l'objectif : {_quoted(f.vague_verbs)}.",
    )
    if not f.summary_present:
        summary_reason = "Pas de résumé en langage clair."
    else:
        summary_reason = f"Terme(s) non expliqué(s) : {_quoted(f.unexplained_terms)}."
    add("plain_summary", f.summary_present and not f.unexplained_terms, summary_reason)
    add(
        "action_type",
        f.action_type_explicit,
        "Aucun type d'action explicite (texte, norme, outil, données, consultation).",
    )
    return results


def measurability_count(results: Iterable[CriterionResult]) -> int:
    return sum(r.met for r in results)


# --- glossary terms in a summary ---------------------------------------------------------------

_ACRONYM = re.compile(r"\b[A-ZÀ-Ý]{2,}[0-9]*\b")


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    explained: bool  # has a definition
    aliases: tuple[str, ...] = field(default=())


def unexplained_terms(summary: str, glossary: Iterable[GlossaryEntry]) -> tuple[str, ...]:
    """Glossary terms used in ``summary`` without a definition, and acronyms not in the glossary.

    A plain-language summary may use a technical term only if the glossary explains it (the site
    then explains it in place); an acronym nobody defined is jargon by construction.
    """
    text = summary or ""
    lowered = text.lower()
    known: dict[str, bool] = {}
    for entry in glossary:
        for name in (entry.term, *entry.aliases):
            if name:
                known[name.lower()] = known.get(name.lower(), False) or entry.explained
    missing: list[str] = []
    for name, explained in sorted(known.items()):
        if not explained and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", lowered):
            missing.append(name)
    for acronym in _ACRONYM.findall(text):
        if acronym.lower() not in known and acronym not in missing:
            missing.append(acronym)
    return tuple(missing)
