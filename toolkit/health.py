"""``/healthz``: which part answers and which is degraded.

* ``database``: without it nothing works: ``"status": "error"``, HTTP 503.
* ``redis`` (cache, Celery broker, debounce): the site keeps answering from the database, so
  ``"status": "degraded"`` with HTTP 200 (a load balancer must keep sending visitors); the
  check says whether Redis answers a PING within half a second and whether this process's
  cache circuit is open (``toolkit.redis_cache``).
* checks registered by higher apps (``HEALTH_CHECKS``; ``resilience`` reports the work
  deferred by an outage): informative, they mark the status degraded when not ok.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .redis_cache import cache_status

# name -> callable returning {"ok": bool, ...}; filled in AppConfig.ready of higher apps
HEALTH_CHECKS: dict[str, Callable[[], dict]] = {}


def _check_database() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def _check_redis(url: str) -> dict:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    started = time.monotonic()
    circuit = "open" if not cache_status()["ok"] else "closed"
    try:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=0.5, socket_timeout=0.5, retry=Retry(NoBackoff(), 0)
        )
        client.ping()
    except Exception as exc:
        return {
            "ok": False,
            "error": exc.__class__.__name__,
            "impact": "pages served from the database; recomputes deferred",
            "cache_circuit": circuit,
        }
    return {
        "ok": True,
        "ms": round((time.monotonic() - started) * 1000, 1),
        "cache_circuit": circuit,
    }


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _check_database()}
    if settings.REDIS_URL:
        checks["redis"] = _check_redis(settings.REDIS_URL)
    if checks["database"]["ok"]:
        for name, check in HEALTH_CHECKS.items():
            try:
                checks[name] = check()
            except Exception as exc:
                checks[name] = {"ok": False, "error": exc.__class__.__name__}
    degraded = sorted(name for name, check in checks.items() if not check["ok"])
    if not checks["database"]["ok"]:
        status, code = "error", 503
    elif degraded:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "degraded": degraded, "checks": checks}, status=code)
