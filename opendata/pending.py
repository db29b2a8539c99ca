"""The plans waiting for their bulk files: a Redis set shared by every process, filled by
``schedule`` after changes and emptied by the coalesced task
(``tasks.regenerate_pending_opendata``)."""

from __future__ import annotations

from collections.abc import Iterable

from toolkit.debounce import DebouncedIds

PENDING = DebouncedIds("opendata", what="open-data regeneration")
DIRTY_KEY, SCHEDULED_KEY = PENDING.dirty_key, PENDING.scheduled_key


def opendata_pending_take() -> list[int]:
    return PENDING.take()


def opendata_pending_return(plan_ids: Iterable[int]) -> None:
    PENDING.put_back(plan_ids)
