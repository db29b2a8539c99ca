"""The commitments waiting for a recompute: a Redis set shared by every process, filled by
``queue`` after writes and emptied by the coalesced task (``tasks.recompute_dirty_scores``)."""

from __future__ import annotations

from collections.abc import Iterable

from toolkit.debounce import DebouncedIds

DIRTY = DebouncedIds("scores", what="score recompute")
DIRTY_KEY, SCHEDULED_KEY = DIRTY.dirty_key, DIRTY.scheduled_key


def dirty_commitments_take() -> list[int]:
    """Take the whole dirty set atomically, and let the next change schedule a new run."""
    return DIRTY.take()


def dirty_commitments_return(ids: Iterable[int]) -> None:
    """Put ids back (the run failed) so the retry or the next run picks them up."""
    DIRTY.put_back(ids)
