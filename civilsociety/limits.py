"""Anti-abuse for public questions: counts per client address and per e-mail address, kept in
the database (``resilience.ratelimit``, like the log-in, password-reset and invitation limits),
so a cache outage does not lift them."""

from __future__ import annotations

import hashlib

from resilience.ratelimit import Limit, limit_hit, limit_reached

WINDOW_SECONDS = 60 * 60
MAX_PER_ADDRESS = 5  # questions per hour from one client address
MAX_PER_EMAIL = 3  # questions per hour for one e-mail address


def _limits(ip: str, email: str) -> list[Limit]:
    hashed = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:40]
    return [
        (f"question:ip:{ip}", MAX_PER_ADDRESS, WINDOW_SECONDS),
        (f"question:email:{hashed}", MAX_PER_EMAIL, WINDOW_SECONDS),
    ]


def exceeded(ip: str, email: str) -> str | None:
    """``"ip"`` or ``"email"`` when that limit is reached, else None."""
    for limit, name in zip(_limits(ip, email), ("ip", "email"), strict=True):
        if limit_reached([limit]):
            return name
    return None


def count(ip: str, email: str) -> None:
    limit_hit(_limits(ip, email))
