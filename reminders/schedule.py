"""When a reminder is due: pure rules, no ORM and no clock (``as_of`` is passed in)."""

from __future__ import annotations

import datetime

# Kinds of reminder (the values of ``ReminderOutbox.Kind``).
MILESTONE_DUE_30 = "milestone_due_30"
MILESTONE_DUE_7 = "milestone_due_7"
MILESTONE_DUE_1 = "milestone_due_1"
MILESTONE_OVERDUE = "milestone_overdue"
MILESTONE_OVERDUE_WEEKLY = "milestone_overdue_weekly"
LATE_DIGEST = "late_digest"
INDICATOR_STALE = "indicator_stale"

DUE_WINDOWS = {30: MILESTONE_DUE_30, 7: MILESTONE_DUE_7, 1: MILESTONE_DUE_1}

# A closed plan is over: its late milestones are reported in the end-of-term review, not nagged.
REMINDED_PLAN_STATUSES = ("draft", "in_progress")


def milestone_reminder_kind(*, due_date: datetime.date, as_of: datetime.date) -> str | None:
    """The reminder an open milestone due on ``due_date`` gets on ``as_of``, if any: 30, 7 and 1
    days before, the day after, then every 7 days while it stays late (8, 15, 22… days after)."""
    days_left = (due_date - as_of).days
    if days_left in DUE_WINDOWS:
        return DUE_WINDOWS[days_left]
    days_late = -days_left
    if days_late == 1:
        return MILESTONE_OVERDUE
    if days_late > 1 and (days_late - 1) % 7 == 0:
        return MILESTONE_OVERDUE_WEEKLY
    return None


def indicator_reminder_date(
    *, last_date: datetime.date, period_days: int, as_of: datetime.date
) -> datetime.date | None:
    """The date of the stale-indicator reminder covering ``as_of``, or None if not stale.

    Stale means no value for longer than the period: from ``last_date + period + 1`` on. The
    reminder dates are that start plus whole periods, so every run inside one period plans the
    same row, and a run that missed the exact day still catches up."""
    if period_days <= 0:
        return None
    start = last_date + datetime.timedelta(days=period_days + 1)
    if as_of < start:
        return None
    periods = (as_of - start).days // period_days
    return start + datetime.timedelta(days=periods * period_days)
