"""What production refuses as a secret key (pure: tested in isolation)."""

from __future__ import annotations

# The keys written in this repository: known to everyone, so never a secret.
KNOWN_KEYS = frozenset(
    {
        "local-development-only-not-a-secret",
        "test-only-not-a-secret",
        "build-only-build-only-build-only-build-only",
    }
)
MIN_LENGTH = 50  # Django's own deployment check (security.W009) asks for 50
MIN_UNIQUE_CHARACTERS = 10


def secret_key_problem(key: str | None) -> str:
    """Why ``key`` is not acceptable in production, or "" when it is."""
    if not key:
        return "must be set (at least 50 random characters)."
    if key in KNOWN_KEYS or any(known in key for known in KNOWN_KEYS):
        return "is a key written in the repository: generate a new one."
    if key.startswith("django-insecure-"):
        return "is a development key (django-insecure-…): generate a new one."
    if len(key) < MIN_LENGTH:
        return f"is too short ({len(key)} characters): at least {MIN_LENGTH} random characters."
    if len(set(key)) < MIN_UNIQUE_CHARACTERS:
        return "is too weak (too few different characters): generate a random one."
    return ""
