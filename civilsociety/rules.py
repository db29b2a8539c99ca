"""Pure rules of civil society's part: the OGP levels, disagreement, overdue questions, the
answer figures, the limits of a public question. No ORM, no cache, no clock: dates come in."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# The OGP completion scale, in order.
LEVELS = ("not_started", "limited", "substantial", "complete")
ON_TRACK_ANSWERS = ("yes", "no", "unknown")

# A question unanswered this many days after it was confirmed is shown as overdue.
OVERDUE_DAYS = 30
# An asker's address is erased this many days after the question closed (answered or hidden),
# or after it was asked when never confirmed.
ERASE_AFTER_DAYS = 30

QUESTION_MIN_LENGTH = 20
QUESTION_MAX_LENGTH = 2000
NAME_MAX_LENGTH = 80
MAX_LINKS = 2
ANSWER_MAX_LENGTH = 5000
ASSESSMENT_MAX_LENGTH = 10000
MAX_EVIDENCE_LINKS = 10

_LINK_RE = re.compile(r"(https?://|www\.)", re.IGNORECASE)


def level_rank(level: str) -> int:
    return LEVELS.index(level)


def disagrees(level: str | None, self_level: str | None) -> bool:
    """An organisation's level differs from the self-assessment by one level or more (both
    known)."""
    if not level or not self_level or level not in LEVELS or self_level not in LEVELS:
        return False
    return abs(level_rank(level) - level_rank(self_level)) >= 1


def level_gap(level: str, self_level: str) -> int:
    """Signed distance: positive when the organisation sees more done than the administration."""
    return level_rank(level) - level_rank(self_level)


def links_in(text: str) -> int:
    return len(_LINK_RE.findall(text or ""))


def days_open(confirmed_on: datetime.date, as_of: datetime.date) -> int:
    return (as_of - confirmed_on).days


def is_overdue(
    *, confirmed_on: datetime.date | None, answered: bool, hidden: bool, as_of: datetime.date
) -> bool:
    """Confirmed, still unanswered, not hidden, and asked ``OVERDUE_DAYS`` days ago or more."""
    if confirmed_on is None or answered or hidden:
        return False
    return days_open(confirmed_on, as_of) >= OVERDUE_DAYS


def erase_due(
    *,
    closed_on: datetime.date | None,
    asked_on: datetime.date,
    confirmed: bool,
    as_of: datetime.date,
) -> bool:
    """The asker's address must go: ``ERASE_AFTER_DAYS`` after the question closed; a question
    never confirmed counts from the day it was asked."""
    start = closed_on if confirmed else asked_on
    if start is None:
        return False
    return (as_of - start).days >= ERASE_AFTER_DAYS


@dataclass(frozen=True)
class AnswerFigures:
    questions: int
    answered: int
    rate: Decimal | None  # percent, 2 decimals, half-up
    median_days: Decimal | None  # days, 1 decimal, half-up

    @property
    def unanswered(self) -> int:
        return self.questions - self.answered


def _median(values: list[Decimal]) -> Decimal:
    values = sorted(values)
    n = len(values)
    middle = n // 2
    if n % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) / 2


def answer_figures(
    questions: Iterable[tuple[datetime.datetime, datetime.datetime | None]],
) -> AnswerFigures:
    """From (confirmed at, answered at or None) pairs: the share answered and the median time
    to answer, in days (exact, rounded once at the end)."""
    rows = list(questions)
    answered = [(a - c) for c, a in rows if a is not None]
    rate = None
    if rows:
        rate = (Decimal(100) * len(answered) / len(rows)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    median = None
    if answered:
        days = [Decimal(d.total_seconds()) / Decimal(86400) for d in answered]
        median = _median(days).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return AnswerFigures(questions=len(rows), answered=len(answered), rate=rate, median_days=median)
