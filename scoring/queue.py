"""Recompute scores after a change: once per transaction, after it commits, coalesced.

Services call ``scores_recompute_enqueue(commitment_ids=…)`` inside their transaction. The ids
of one transaction are gathered and handed over once, after the commit. With Redis they are
added to a set and a single recompute task is scheduled a few seconds later (``SET NX``), so a
burst of edits from many requests triggers one run; the task takes the whole set. Without Redis
(the embedded default) the task runs in-process right after the commit. When Redis is down the
ids are kept in the database (``resilience.pending``) and handed back by the periodic
``resilience.tasks.drain_pending_work`` once Redis answers: no silent staleness.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from .dirty import (  # noqa: F401 - the dirty set is read through this module too
    DIRTY,
    DIRTY_KEY,
    SCHEDULED_KEY,
    dirty_commitments_return,
    dirty_commitments_take,
)

log = logging.getLogger(__name__)


def _debounce() -> int:
    return int(getattr(settings, "SCORES_DEBOUNCE_SECONDS", 5))


_ATTR = "_pgo_scores_pending"


def scores_recompute_enqueue(*, commitment_ids: Iterable[int]) -> None:
    ids = {int(i) for i in commitment_ids}
    if not ids:
        return
    conn = transaction.get_connection()
    current = getattr(conn, _ATTR, None)
    # Still valid only while its callback is registered: a rollback discards both.
    if current is not None and any(entry[1] is current[1] for entry in conn.run_on_commit):
        current[0].update(ids)
        return
    pending: set[int] = set(ids)

    def flush() -> None:
        if getattr(conn, _ATTR, None) is state:
            setattr(conn, _ATTR, None)
        scores_recompute_schedule(commitment_ids=pending)

    state = (pending, flush)
    if conn.in_atomic_block:
        setattr(conn, _ATTR, state)
    transaction.on_commit(flush)


def scores_recompute_schedule(*, commitment_ids: Iterable[int]) -> bool:
    """Mark commitments dirty and make sure one recompute task is coming. True if scheduled."""
    from .tasks import recompute_dirty_scores, recompute_scores

    ids = sorted(set(commitment_ids))
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.REDIS_URL:
        recompute_scores.delay(commitment_ids=ids)
        return True
    return DIRTY.mark(
        ids,
        schedule=lambda countdown: recompute_dirty_scores.apply_async(countdown=countdown),
        countdown=_debounce(),
        lock_factor=12,
        fallback=_remember,
    )


PENDING_KIND = "scores"


def _remember(ids: list[int]) -> None:
    """Redis is down: keep the ids in the database; ``drain_pending_scores`` hands them back."""
    from resilience.pending import pending_add

    pending_add(PENDING_KIND, ids)


def drain_pending_scores(ids: list[int]) -> bool:
    """The drainer of ``resilience.pending``: mark the ids dirty and schedule the coalesced run
    (or run it at once without Redis). False while Redis still fails."""
    from .tasks import recompute_dirty_scores, recompute_scores

    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.REDIS_URL:
        recompute_scores.delay(commitment_ids=ids)
        return True
    try:
        DIRTY.mark(
            ids,
            schedule=lambda countdown: recompute_dirty_scores.apply_async(countdown=countdown),
            countdown=_debounce(),
            lock_factor=12,
            strict=True,
        )
    except Exception:
        log.warning("Redis still unavailable: %d recomputes stay pending", len(ids), exc_info=True)
        return False
    return True


# --- receivers of ``commitments.events`` (connected in ``ScoringConfig.ready``) ---------------


def on_commitments_changed(sender, *, commitment_ids: list[int], **kwargs) -> None:
    scores_recompute_enqueue(commitment_ids=commitment_ids)


def on_method_changed(sender, **kwargs) -> None:
    """Every commitment's measurability may change: recompute everything after the commit."""
    from .tasks import recompute_scores

    transaction.on_commit(lambda: recompute_scores.delay(commitment_ids=None))
