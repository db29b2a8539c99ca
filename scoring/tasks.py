"""Celery tasks of the score recompute: thin wrappers that take ids or dates and call one
service."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone


def _as_of(value: str | None) -> datetime.date:
    return datetime.date.fromisoformat(value) if value else timezone.localdate()


@shared_task(acks_late=True)
def recompute_scores(commitment_ids: list[int] | None = None, as_of: str | None = None) -> dict:
    """Recompute the given commitments (all when None) and every roll-up."""
    from .recompute import scores_recompute

    report = scores_recompute(as_of=_as_of(as_of), commitment_ids=commitment_ids)
    return {"commitments": report.commitments, "changed": report.commitments_changed}


@shared_task(acks_late=True)
def recompute_dirty_scores() -> dict:
    """The coalesced run: take every commitment marked dirty since the last run."""
    from .dirty import dirty_commitments_return, dirty_commitments_take
    from .recompute import scores_recompute

    ids = dirty_commitments_take()
    if not ids:
        return {"commitments": 0, "changed": 0}
    try:
        report = scores_recompute(as_of=timezone.localdate(), commitment_ids=ids)
    except Exception:
        dirty_commitments_return(ids)
        raise
    return {"commitments": report.commitments, "changed": report.commitments_changed}


@shared_task(acks_late=True)
def nightly_recompute() -> dict:
    """Days pass: milestones become late with no edit, so everything is recomputed nightly."""
    return recompute_scores(commitment_ids=None)
