"""Work that could not be scheduled during a Redis outage, kept in the database and handed back
to its owner once Redis answers again.

An app registers a *drainer* per kind in its ``AppConfig.ready`` (``scoring`` registers
``"scores"``: it marks the commitments dirty and schedules the coalesced recompute). When its
own scheduling fails it calls ``pending_add(kind, ids)``. The periodic task
``resilience.tasks.drain_pending_work`` (every minute, by Celery beat, which itself only runs
when Redis is back) calls each drainer with the ids and deletes the rows it accepted. A drainer
that fails leaves the rows for the next run. Running it twice does the work once: the rows are
deleted when handed over, and the drainers are idempotent.

This app registers one kind itself: ``"cache-version"``, a data-version bump the page cache
(``toolkit.cache``) could not store; its drainer makes the global bump once Redis answers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.db import transaction

from .models import PendingWork

log = logging.getLogger(__name__)

# kind -> callable(ids) that schedules the work and returns True when it did
DRAINERS: dict[str, Callable[[list[int]], bool]] = {}


def drainer_register(kind: str, drainer: Callable[[list[int]], bool]) -> None:
    DRAINERS[kind] = drainer


def pending_add(kind: str, ids: Iterable[int]) -> None:
    """Remember ``ids`` (never raises: it is the fallback of a failure)."""
    rows = [PendingWork(kind=kind, object_id=int(i)) for i in set(ids)]
    if not rows:
        return
    try:
        with transaction.atomic():  # a savepoint: a failure leaves the caller's transaction usable
            PendingWork.objects.bulk_create(rows, ignore_conflicts=True)
    except Exception:
        log.exception("could not remember the pending %s of %s", kind, sorted(set(ids)))
    else:
        log.warning("%s of %d objects deferred until Redis is back", kind, len(rows))


def pending_count() -> dict[str, int]:
    from django.db.models import Count

    return dict(
        PendingWork.objects.values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
    )


def pending_drain() -> dict[str, int]:
    """Hand every pending id back to its drainer; returns how many were handed over per kind."""
    done: dict[str, int] = {}
    for kind, drainer in DRAINERS.items():
        with transaction.atomic():
            rows = list(
                PendingWork.objects.select_for_update(skip_locked=True)
                .filter(kind=kind)
                .values_list("id", "object_id")
            )
            if not rows:
                continue
            ids = sorted({object_id for _pk, object_id in rows})
            if not drainer(ids):
                log.warning("%s of %d objects still deferred", kind, len(ids))
                continue
            PendingWork.objects.filter(pk__in=[pk for pk, _oid in rows]).delete()
            done[kind] = len(ids)
    return done


# --- a data-version bump the page cache could not store (``toolkit.cache``) -----------------

CACHE_VERSION_KIND = "cache-version"


def cache_bump_remember() -> None:
    """``toolkit.cache`` missed a bump (Redis down): keep it in the database, so it is made even
    if the process that missed it restarts before the cache is back."""
    pending_add(CACHE_VERSION_KIND, [0])


def cache_bump_drain(ids: list[int]) -> bool:
    """The drainer: make every cached page stale; False while the cache still fails (the bump
    is then kept for the next run)."""
    from toolkit.cache import data_version_bump
    from toolkit.redis_cache import cache_is_down

    data_version_bump()
    return not cache_is_down()
