"""The pure rules of the reports to Parliament: their periods, the fingerprint of their data,
what changed since the previous report, and the costs as of a date. No ORM, no clock."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ANNUAL = "annual"
FINAL = "final"
CUSTOM = "custom"


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    kind: str  # ANNUAL, FINAL or CUSTOM


def _anniversary(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def plan_periods(start: datetime.date, end: datetime.date) -> list[Period]:
    """A plan's regular reports: one per year of the plan, counted from its start (the last
    year cut at the plan's end), then one for the whole plan at its end."""
    periods: list[Period] = []
    year_start, years = start, 1
    while year_start <= end:
        year_end = min(_anniversary(start, years) - datetime.timedelta(days=1), end)
        periods.append(Period(year_start, year_end, ANNUAL))
        year_start, years = year_end + datetime.timedelta(days=1), years + 1
    if len(periods) != 1:
        periods.append(Period(start, end, FINAL))
    else:
        periods = [Period(start, end, FINAL)]
    return periods


def periods_due(
    periods: Iterable[Period], *, today: datetime.date, catch_up_days: int
) -> list[Period]:
    """The periods whose draft is due today: ended (the end date is past), and not longer ago
    than ``catch_up_days`` (a job that missed a few days catches up; an old plan does not get
    drafts for periods ended years ago)."""
    return [p for p in periods if p.end < today and (today - p.end).days <= catch_up_days]


def period_is_valid(
    *, start: datetime.date, end: datetime.date, today: datetime.date
) -> str | None:
    """Why a chosen period cannot have a report (French), or None: figures are computed as of
    the end date, which must be past or today."""
    if end < start:
        return "La fin de la période doit suivre son début."
    if end > today:
        return "La fin de la période ne peut pas être dans le futur : les chiffres sont arrêtés à cette date."
    return None


# --- the fingerprint of a report's data ---------------------------------------------------------


def canonical_json(data: Any) -> bytes:
    """The one byte form of a report's data: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def data_sha256(data: Any) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


# --- what changed since the previous report -----------------------------------------------------

COMPARED = ("status", "progress", "score", "late_milestones")
HEADLINE_COMPARED = (
    "commitments",
    "progress",
    "score",
    "late_milestones",
    "milestones_completed",
    "milestones_completed_on_time",
)


def changes_since(previous: Mapping[str, Any] | None, current: Mapping[str, Any]) -> dict[str, Any]:
    """The differences between two reports' ``headline`` and ``commitments`` sections: the
    headline figures before → after, and per commitment (by number) what moved, which are new
    and which are gone. ``previous`` None: the first report."""
    if previous is None:
        return {"previous": None, "headline": [], "commitments": [], "added": [], "removed": []}
    before_h = previous.get("headline", {})
    after_h = current.get("headline", {})
    headline = [
        {"field": name, "before": before_h.get(name), "after": after_h.get(name)}
        for name in HEADLINE_COMPARED
        if before_h.get(name) != after_h.get(name)
    ]
    before = {c["number"]: c for c in previous.get("commitments", [])}
    after = {c["number"]: c for c in current.get("commitments", [])}
    moved = []
    for number in sorted(set(before) & set(after)):
        fields = [
            {"field": name, "before": before[number].get(name), "after": after[number].get(name)}
            for name in COMPARED
            if before[number].get(name) != after[number].get(name)
        ]
        if fields:
            moved.append({"number": number, "title": after[number]["title"], "fields": fields})
    return {
        "previous": None,  # filled by the caller (which report, which period)
        "headline": headline,
        "commitments": moved,
        "added": [
            {"number": n, "title": after[n]["title"]} for n in sorted(set(after) - set(before))
        ],
        "removed": [
            {"number": n, "title": before[n]["title"]} for n in sorted(set(before) - set(after))
        ],
    }


# --- costs: as stated in the plan, as recorded on a date ----------------------------------------

COST_FIELDS = ("cost_amount", "cost_staff_fte", "cost_funding_source", "no_additional_cost")


def costs_as_of(
    *,
    current: Mapping[str, Any],
    history: Sequence[tuple[datetime.date, Mapping[str, Sequence[Any]]]],
    as_of: datetime.date,
) -> dict[str, dict[str, Any]]:
    """For each cost field: ``stated`` (the value the commitment was created or imported with,
    from its audit trail, else today's) and ``recorded`` (the value on ``as_of``: today's value with
    the changes made after ``as_of`` undone). ``history``: (date, {field: [before, after]}),
    oldest first."""
    result: dict[str, dict[str, Any]] = {}
    first = history[0][1] if history else {}
    for name in COST_FIELDS:
        changes = [(day, c[name]) for day, c in history if name in c]
        if name in first:  # the creation (or import) record
            stated = first[name][1]
        elif changes:  # unchanged since the creation until this first change
            stated = changes[0][1][0]
        else:
            stated = current.get(name)
        recorded = current.get(name)
        later = [change for day, change in changes if day > as_of]
        if later:
            recorded = later[0][0]
        result[name] = {"stated": stated, "recorded": recorded, "changed": stated != recorded}
    return result


# --- a value as it stood on a date ---------------------------------------------------------------


def value_as_of(
    *,
    current: Any,
    current_since: datetime.date | None,
    history: Sequence[tuple[datetime.date, Any]],
    as_of: datetime.date,
) -> Any:
    """A value (a self-assessment's level) as it stood on ``as_of``: ``current`` when it was
    last written on or before that day, else ``current`` with the changes made after ``as_of``
    undone. ``history``: (date, value before the change), oldest first; the value before the
    first change is None (it did not exist yet)."""
    if current_since is None or current_since <= as_of:
        return current
    later = [before for day, before in history if day > as_of]
    return later[0] if later else current


# --- delay explanations as of a date -------------------------------------------------------------


def explanations_as_of(
    *,
    history: Sequence[tuple[datetime.date, str]],
    current: tuple[datetime.date | None, str],
    as_of: datetime.date,
) -> list[tuple[datetime.date, str]]:
    """The delay explanations given on or before ``as_of``, oldest first: those of the audit
    trail (``history``: day given, text) and today's (``current``, which the trail may lack
    when it was loaded without one), each once."""
    seen: set[tuple[datetime.date, str]] = set()
    given = []
    day, text = current
    candidates = [*history, *([(day, text.strip())] if day is not None and text.strip() else [])]
    for entry in sorted(candidates, key=lambda e: e[0]):
        if entry[0] <= as_of and entry not in seen:
            seen.add(entry)
            given.append(entry)
    return given
