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


_SEEDED_BY_MIGRATIONS = (
    "commitments.migrations.0003_seed_vague_verbs_and_glossary",
    "commitments.migrations.0007_glossary_completed",
)
_TRANSACTIONAL = {"transactional_db", "live_server"}


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    ):
        return True
    return bool(_TRANSACTIONAL & set(request.fixturenames))


_state = {"flushed": False}


@pytest.fixture(autouse=True)
def _rows_seeded_by_migrations_survive_flushes(request):
    """A transactional test (browser, worker) ends with a flush that empties every table, including
    the rows migrations seed (the vague verbs, the glossary). Under xdist the files of one worker
    do not run in pytest-django's order (transactional last), so a later test would find no vague
    verb and pass or fail depending on the schedule. Once a flush may have happened, put them back
    before each database test (inside its transaction, so at the cost of one query)."""
    uses_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server", "django_db_setup"} & set(request.fixturenames)
    )
    if not uses_db:
        return
    transactional = _is_transactional(request)
    if transactional:
        _state["flushed"] = True
    if not _state["flushed"]:
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from importlib import import_module

    from django.apps import apps

    from commitments.models import VagueVerb

    if not VagueVerb.objects.exists():
        for module in _SEEDED_BY_MIGRATIONS:
            import_module(module).seed(apps, None)


@pytest.fixture(autouse=True)
def _each_test_starts_in_french():
    """A request in English (LocaleMiddleware) leaves English active in the thread after the
    response; the next test of the same worker would then read English messages where the
    portal speaks French. Each test starts in the default language, as a new request does."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
