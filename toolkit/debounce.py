"""Coalesce a burst of changes into one Celery run, over Redis.

Ids are added to a Redis set; the first addition of a burst schedules one task ``countdown``
seconds later (``SET NX``); the task takes the whole set atomically and clears the schedule
mark, so the next change schedules a new run; a failed run puts its ids back. A broker or Redis
outage is logged, never raised: the change is already committed; the ids go to the ``fallback``
(``resilience.pending`` keeps them in the database until Redis is back), else the nightly job
catches up. Short socket timeouts, no retry: a frozen Redis costs a write half a second at most,
and none while the cache circuit is open (``toolkit.redis_cache``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.conf import settings

log = logging.getLogger(__name__)


class DebouncedIds:
    def __init__(self, name: str, *, what: str) -> None:
        self.name = name
        self.what = what  # for the log: "score recompute", "open-data regeneration"
        self.dirty_key = f"pgo:{name}:dirty"
        self.scheduled_key = f"pgo:{name}:scheduled"

    def _client(self):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        timeout = float(getattr(settings, "REDIS_SOCKET_TIMEOUT", 0.5))
        return redis.Redis.from_url(
            settings.REDIS_URL,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            retry=Retry(NoBackoff(), 0),
        )

    def mark(
        self,
        ids: Iterable[int],
        *,
        schedule: Callable[[int], object],
        countdown: int,
        lock_factor: int,
        fallback: Callable[[list[int]], object] | None = None,
        strict: bool = False,
    ) -> bool:
        """Add ``ids``; call ``schedule(countdown)`` if no run is coming yet. True if scheduled.

        When Redis or the broker fails: ``strict`` raises, else ``fallback(ids)`` is called."""
        import redis
        from kombu.exceptions import OperationalError

        from .redis_cache import cache_is_down

        ids = sorted(set(ids))
        try:
            if cache_is_down():
                raise redis.ConnectionError("the cache circuit is open")
            client = self._client()
            client.sadd(self.dirty_key, *ids)
            if client.set(self.scheduled_key, "1", nx=True, ex=countdown * lock_factor):
                schedule(countdown)
                return True
        except (redis.RedisError, OperationalError, OSError):
            if strict:
                raise
            log.warning("could not schedule the %s of %s", self.what, ids, exc_info=True)
            if fallback is not None:
                fallback(ids)
        return False

    def take(self) -> list[int]:
        """Take the whole set atomically, and let the next change schedule a new run."""
        pipe = self._client().pipeline(transaction=True)
        pipe.delete(self.scheduled_key)
        pipe.smembers(self.dirty_key)
        pipe.delete(self.dirty_key)
        _, members, _ = pipe.execute()
        return sorted(int(m) for m in members)

    def put_back(self, ids: Iterable[int]) -> None:
        """The run failed: keep the ids for the retry or the next run."""
        ids = list(ids)
        if ids:
            self._client().sadd(self.dirty_key, *ids)
