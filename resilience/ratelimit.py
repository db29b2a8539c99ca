"""Fixed-window rate limits counted in the database, so they hold during a cache outage.

``limit_reached(keys)`` says whether any key is at its limit; ``limit_hit(keys)`` counts one
attempt for each key (one UPDATE per key, an INSERT for a new window). Expired rows are purged
by ``limit_hit`` as it goes (an index on the window start keeps that cheap).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import RateCounter

Limit = tuple[str, int, int]  # (key, maximum attempts, window in seconds)


def limit_reached(limits: Iterable[Limit]) -> bool:
    """True if one of the keys already counts its maximum within its window (one query)."""
    limits = list(limits)
    if not limits:
        return False
    now = timezone.now()
    rows = {
        key: (count, start)
        for key, count, start in RateCounter.objects.filter(
            key__in=[key for key, _max, _window in limits]
        ).values_list("key", "count", "window_start")
    }
    for key, maximum, window in limits:
        count, start = rows.get(key, (0, now))
        if start > now - datetime.timedelta(seconds=window) and count >= maximum:
            return True
    return False


def limit_hit(limits: Iterable[Limit]) -> None:
    """Count one attempt for each key."""
    now = timezone.now()
    for key, _maximum, window in limits:
        cutoff = now - datetime.timedelta(seconds=window)
        if RateCounter.objects.filter(key=key, window_start__gt=cutoff).update(
            count=F("count") + 1
        ):
            continue
        try:
            with transaction.atomic():
                RateCounter.objects.update_or_create(
                    key=key, defaults={"count": 1, "window_start": now}
                )
        except IntegrityError:  # another request created it meanwhile
            RateCounter.objects.filter(key=key).update(count=F("count") + 1)
    # Forget the windows long gone (a day covers every limit of the portal).
    RateCounter.objects.filter(window_start__lt=now - datetime.timedelta(days=1)).delete()


def limit_check_and_hit(limits: Iterable[Limit]) -> bool:
    """Count one attempt unless a key is at its limit: True if the attempt is allowed."""
    limits = list(limits)
    if limit_reached(limits):
        return False
    limit_hit(limits)
    return True
