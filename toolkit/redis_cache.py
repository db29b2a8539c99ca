"""The Redis cache backend that fails open: a Redis outage slows no request by more than a
fraction of a second and breaks none.

* Short socket timeouts (``CACHE_SOCKET_TIMEOUT``, 0.25 s by default) for connecting and for
  every reply, and no retry: a stopped Redis (connection refused) answers at once, a frozen
  one (accepts and never replies) costs at most one timeout.
* A circuit breaker per process: after one failure the cache is considered down for
  ``CACHE_RETRY_SECONDS`` (5 s); meanwhile every call returns at once as a miss (``get`` gives
  the default, ``add`` and ``set`` store nothing, ``incr`` raises ``ValueError`` as for a
  missing key). One warning is logged per outage, and one line when the cache is back.
* ``cache_status()`` tells ``/healthz`` whether this process sees the cache as degraded.

Everything that reads the cache (pages, data versions, API keys lists, throttling) thereby
works from the database during an outage. Counters that must survive an outage (log-in
failures) are kept in the database instead (``accounts.login``).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)

DEFAULT_SOCKET_TIMEOUT = 0.25
DEFAULT_RETRY_SECONDS = 5.0

_state_lock = threading.Lock()
_state: dict[str, Any] = {"down_until": 0.0, "since": None, "error": ""}


def _errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.RedisError, OSError)


def cache_status() -> dict:
    """``{"ok": bool, "error": str}`` as this process sees the shared cache right now."""
    with _state_lock:
        down = _state["since"] is not None
        return {"ok": not down, "error": _state["error"] if down else ""}


def cache_is_down() -> bool:
    """True while the circuit is open: callers may skip their own Redis work at once."""
    return time.monotonic() < _state["down_until"]


def _trip(exc: BaseException, retry_seconds: float) -> None:
    with _state_lock:
        first = _state["since"] is None
        _state["down_until"] = time.monotonic() + retry_seconds
        _state["error"] = exc.__class__.__name__
        if first:
            _state["since"] = time.time()
    if first:
        log.warning(
            "cache unavailable (%s: %s): serving from the database, next try in %.0f s",
            exc.__class__.__name__,
            exc,
            retry_seconds,
        )


def _recovered() -> None:
    if _state["since"] is None:
        return
    with _state_lock:
        since, _state["since"], _state["error"] = _state["since"], None, ""
    if since is not None:
        log.warning("cache available again after %.0f s", time.time() - since)
        for callback in list(RECOVERY_CALLBACKS):
            try:
                callback()
            except Exception:  # a callback must never break the request that saw the recovery
                log.exception("cache recovery callback failed")


# Called once in the process that sees the cache come back (e.g. re-bump a missed version).
RECOVERY_CALLBACKS: list = []


def reset_state() -> None:
    """Forget any outage (tests)."""
    with _state_lock:
        _state.update(down_until=0.0, since=None, error="")


def _fail_open(default: Any = None, *, raise_value_error: bool = False):
    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if cache_is_down():
                if raise_value_error:
                    raise ValueError("cache unavailable")
                return default() if callable(default) else default
            try:
                result = method(self, *args, **kwargs)
            except _errors() as exc:
                _trip(exc, self._retry_seconds)
                if raise_value_error:
                    raise ValueError("cache unavailable") from exc
                return default() if callable(default) else default
            _recovered()
            return result

        return wrapper

    return decorator


class FailOpenRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with short timeouts that never raises a
    Redis error. OPTIONS: ``socket_timeout``, ``socket_connect_timeout`` (seconds) and
    ``retry_seconds`` (how long to consider Redis down after a failure)."""

    def __init__(self, server, params):
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self._retry_seconds = float(options.pop("retry_seconds", DEFAULT_RETRY_SECONDS))
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_connect_timeout", options["socket_timeout"])
        options.setdefault("retry", Retry(NoBackoff(), 0))
        params["OPTIONS"] = options
        super().__init__(server, params)

    def get(self, key, default=None, version=None):
        if cache_is_down():
            return default
        try:
            result = super().get(key, default, version)
        except _errors() as exc:
            _trip(exc, self._retry_seconds)
            return default
        _recovered()
        return result

    add = _fail_open(False)(RedisCache.add)
    set = _fail_open(None)(RedisCache.set)
    touch = _fail_open(False)(RedisCache.touch)
    delete = _fail_open(False)(RedisCache.delete)
    get_many = _fail_open(dict)(RedisCache.get_many)
    has_key = _fail_open(False)(RedisCache.has_key)
    incr = _fail_open(raise_value_error=True)(RedisCache.incr)
    set_many = _fail_open(list)(RedisCache.set_many)
    delete_many = _fail_open(None)(RedisCache.delete_many)
    clear = _fail_open(False)(RedisCache.clear)
