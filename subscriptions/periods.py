"""When a digest is due and which days it covers: pure rules, no Django, no clock.

A daily digest sent on day D covers D-1 (the whole day, Paris time); a weekly digest is sent on
Mondays and covers the seven days before. A period is ``[start, end)`` in days.
"""

from __future__ import annotations

import datetime

DAILY = "daily"
WEEKLY = "weekly"
FREQUENCIES = (WEEKLY, DAILY)
MONDAY = 0
UNCONFIRMED_KEPT_DAYS = 7


def is_due(frequency: str, as_of: datetime.date) -> bool:
    """Whether a digest of ``frequency`` goes out on ``as_of``."""
    if frequency == DAILY:
        return True
    if frequency == WEEKLY:
        return as_of.weekday() == MONDAY
    raise ValueError(f"unknown frequency: {frequency!r}")


def period(frequency: str, as_of: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The days ``[start, end)`` a digest sent on ``as_of`` covers."""
    length = 1 if frequency == DAILY else 7
    return as_of - datetime.timedelta(days=length), as_of


def dedup_key(subscription_id: int, frequency: str, end: datetime.date) -> str:
    """One digest per subscription, frequency and period: the outbox's unique key."""
    return f"digest:{subscription_id}:{frequency}:{end.isoformat()}"


def unconfirmed_cutoff(now: datetime.datetime) -> datetime.datetime:
    """Addresses never confirmed and created before this moment are erased (seven days)."""
    return now - datetime.timedelta(days=UNCONFIRMED_KEPT_DAYS)
