"""Anti-abuse for public questions: counts per client address and per e-mail address kept in
the cache (like the log-in limits of ``accounts.login``)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache

WINDOW_SECONDS = 60 * 60
MAX_PER_ADDRESS = 5  # questions per hour from one client address
MAX_PER_EMAIL = 3  # questions per hour for one e-mail address


def _keys(ip: str, email: str) -> list[tuple[str, int]]:
    hashed = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:40]
    return [
        (f"pgo:question:ip:{ip}", MAX_PER_ADDRESS),
        (f"pgo:question:email:{hashed}", MAX_PER_EMAIL),
    ]


def exceeded(ip: str, email: str) -> str | None:
    """``"ip"`` or ``"email"`` when that limit is reached, else None."""
    for (key, limit), name in zip(_keys(ip, email), ("ip", "email"), strict=True):
        if (cache.get(key) or 0) >= limit:
            return name
    return None


def count(ip: str, email: str) -> None:
    for key, _limit in _keys(ip, email):
        if not cache.add(key, 1, WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, WINDOW_SECONDS)
