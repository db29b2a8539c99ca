"""Read configuration from the environment, failing loudly on malformed values.

Every parser raises ``ImproperlyConfigured`` with the variable's name, so a typo in a
deployment stops start-up with a message that says which variable to fix.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on", "vrai", "oui"}
_FALSE = {"0", "false", "no", "off", "faux", "non", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


_DB_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql", "psql"}


def env_database(name: str, default: str) -> dict:
    """Parse a database URL such as ``postgres://user@host:5432/db`` or ``sqlite:///path``."""
    value = _raw(name) or default
    scheme = value.split("://", 1)[0].lower() if "://" in value else ""
    if scheme not in _DB_SCHEMES:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a supported database URL: expected "
            "postgres://USER:PASSWORD@HOST:PORT/NAME or sqlite:///PATH."
        )
    try:
        parts = urlsplit(value)
        if scheme != "sqlite":
            parts.port  # noqa: B018 - raises ValueError on a non-numeric port
            if not parts.path.strip("/"):
                raise ValueError("no database name")
        config = environ.Env.db_url_config(value)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is malformed: {exc}.") from None
    if scheme == "sqlite" and config["NAME"] in ("", ":memory:"):
        config["NAME"] = ":memory:"
    return config


def env_redis_url(name: str) -> str | None:
    value = _raw(name)
    if not value:
        return None
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} has a malformed port.") from None
    if parts.scheme not in {"redis", "rediss", "unix"} or (
        parts.scheme != "unix" and not parts.hostname
    ):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a Redis URL: expected redis://HOST:PORT/DB."
        )
    return value
