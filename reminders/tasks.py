"""Celery tasks: thin wrappers that take a date and call one service."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone


@shared_task(acks_late=True)
def send_reminders(as_of: str | None = None) -> dict:
    """Plan and send the reminders due on ``as_of`` (default: today, Paris time): milestones
    30, 7 and 1 days before their due date, the day after, weekly while late; the weekly digest
    of late milestones on Mondays; stale indicators. Idempotent: a rerun sends nothing twice."""
    from .services import reminders_send

    day = datetime.date.fromisoformat(as_of) if as_of else timezone.localdate()
    report = reminders_send(as_of=day)
    return {"planned": report.planned, "sent": report.counts, "retrying": len(report.retrying)}
