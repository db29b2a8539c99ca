"""Celery task of the pending work (``resilience.pending``)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def drain_pending_work() -> dict:
    """Every minute (beat): hand the work deferred by a Redis outage back to its owner."""
    from .pending import pending_drain

    return pending_drain()
