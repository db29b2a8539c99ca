"""Shared fixtures. Services (PostgreSQL, Redis) are real: without them a test skips locally
and fails when ``CI`` is set, so CI can never pass by skipping."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.db import connection

IN_CI = bool(os.environ.get("CI"))


def service_missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI is set: a missing service is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        service_missing("needs PostgreSQL: set DATABASE_URL=postgres://…")
    return connection


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL") or settings.REDIS_URL
    if not url:
        service_missing("needs Redis: set REDIS_URL=redis://…")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        service_missing(f"Redis at {url} does not answer: {exc}")
    return url


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "postgres" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)
        if "redis_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.redis)
