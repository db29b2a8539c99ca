"""Celery tasks: thin wrappers that take a date and call one service."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone


@shared_task(acks_late=True)
def send_digests(as_of: str | None = None) -> dict:
    """Send the subscribers' digests due on ``as_of`` (default: today, Paris time). Idempotent:
    a rerun, or two workers at once, send each digest once."""
    from .services import digests_send

    day = datetime.date.fromisoformat(as_of) if as_of else timezone.localdate()
    report = digests_send(as_of=day)
    return {"planned": report.planned, "sent": len(report.sent), "skipped": len(report.skipped)}


@shared_task(acks_late=True)
def purge_subscriptions() -> int:
    """Erase the addresses never confirmed within seven days."""
    from .services import purge_unconfirmed

    return purge_unconfirmed(now=timezone.now())
