"""Celery tasks of the score recompute: thin wrappers that take ids or dates and call one
service."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone


def _as_of(value: str | None) -> datetime.date:
    return datetime.date.fromisoformat(value) if value else timezone.localdate()


def _recompute_some(ids: list[int], as_of: datetime.date):
    """Recompute some commitments and make stale only the pages that can show them: their own,
    their plans', their administrations' and the lists (``toolkit.cache``). The bump happens
    even when no score moved, so the list pages catch up with the writes that triggered the run
    (titles, milestones…): once per coalesced run, not once per write."""
    from django.db import transaction

    from commitments.cache_scopes import commitment_all_scopes
    from toolkit.cache import scopes_bump

    from .recompute import scores_recompute

    scopes = commitment_all_scopes(ids)
    report = scores_recompute(as_of=as_of, commitment_ids=ids, bump_pages=False)
    transaction.on_commit(lambda: scopes_bump(scopes))
    return report


@shared_task(acks_late=True)
def recompute_scores(commitment_ids: list[int] | None = None, as_of: str | None = None) -> dict:
    """Recompute the given commitments (all when None) and every roll-up."""
    from .recompute import scores_recompute

    if commitment_ids is None:
        report = scores_recompute(as_of=_as_of(as_of), commitment_ids=None)
    else:
        report = _recompute_some(list(commitment_ids), _as_of(as_of))
    return {"commitments": report.commitments, "changed": report.commitments_changed}


@shared_task(acks_late=True)
def recompute_dirty_scores() -> dict:
    """The coalesced run: take every commitment marked dirty since the last run."""
    from .dirty import dirty_commitments_return, dirty_commitments_take

    ids = dirty_commitments_take()
    if not ids:
        return {"commitments": 0, "changed": 0}
    try:
        report = _recompute_some(ids, timezone.localdate())
    except Exception:
        dirty_commitments_return(ids)
        raise
    return {"commitments": report.commitments, "changed": report.commitments_changed}


@shared_task(acks_late=True)
def nightly_recompute() -> dict:
    """Days pass: milestones become late with no edit, so everything is recomputed nightly."""
    return recompute_scores(commitment_ids=None)
