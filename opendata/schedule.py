"""Regenerating the bulk files after a change: once the transaction commits, coalesced over a
few minutes with Redis, in-process without it."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from commitments.models import Commitment

from .pending import (  # noqa: F401 - the pending set is read through this module too
    DIRTY_KEY,
    PENDING,
    SCHEDULED_KEY,
    opendata_pending_return,
    opendata_pending_take,
)


def _debounce() -> int:
    return int(getattr(settings, "OPENDATA_DEBOUNCE_SECONDS", 300))


def opendata_regenerate_soon(plan_ids: Iterable[int]) -> None:
    """Ask for the files of these plans to be regenerated after the current transaction commits.

    With Redis, the plan ids join a set and one task is scheduled ``OPENDATA_DEBOUNCE_SECONDS``
    later (long enough for the score recompute to finish first); a burst of changes makes one
    run. Without Redis (the embedded default) the task runs in-process after the commit.
    """
    ids = sorted({int(i) for i in plan_ids})
    if not ids:
        return
    transaction.on_commit(lambda: opendata_schedule(plan_ids=ids))


def opendata_schedule(*, plan_ids: list[int]) -> bool:
    from .tasks import regenerate_opendata, regenerate_pending_opendata

    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.REDIS_URL:
        regenerate_opendata.delay(plan_ids=plan_ids)
        return True
    return PENDING.mark(
        plan_ids,
        schedule=lambda countdown: regenerate_pending_opendata.apply_async(countdown=countdown),
        countdown=_debounce(),
        lock_factor=4,
    )


def on_commitments_changed(sender, *, commitment_ids: list[int], **kwargs) -> None:
    """Receiver of ``commitments.events.commitments_changed`` (connected in ``ready``): the bulk
    files of the plans concerned are regenerated (debounced) after the commit."""
    opendata_regenerate_soon(
        Commitment.objects.filter(pk__in=commitment_ids)
        .values_list("plan_id", flat=True)
        .distinct()
    )
