"""A Redis outage degrades the site, never breaks it (issue 14, item 1).

Two outages: Redis stopped (a closed port: the connection is refused) and Redis frozen (a
socket that accepts and never replies, served by a thread in the test). Under both, every
public page, feed, the API and the log-in answer, each within one second more than with a
working cache; log-in failures are still limited; a write made during the outage is kept in the
database and recomputed once Redis is back.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from django.core.cache import caches

from commitments.models import Commitment
from resilience.models import PendingWork
from toolkit import redis_cache

pytestmark = pytest.mark.django_db


class FrozenRedis:
    """Accepts connections and never answers a byte."""

    def __init__(self) -> None:
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = self.server.getsockname()[1]
        self.clients: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.clients.append(conn)

    def close(self) -> None:
        self.server.close()
        for conn in self.clients:
            conn.close()


def _closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there any more
    return port


@contextlib.contextmanager
def redis_broken(kind: str, settings) -> Iterator[str]:
    frozen = None
    if kind == "stopped":
        url = f"redis://127.0.0.1:{_closed_port()}/0"
    else:
        frozen = FrozenRedis()
        url = f"redis://127.0.0.1:{frozen.port}/0"
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "toolkit.redis_cache.FailOpenRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "pgo",
            "OPTIONS": {"socket_timeout": 0.25, "retry_seconds": 5},
        }
    }
    redis_cache.reset_state()
    try:
        yield kind
    finally:
        redis_cache.reset_state()
        if frozen:
            frozen.close()
        caches["default"].close()


@pytest.fixture(params=["stopped", "frozen"])
def broken_redis(request, settings) -> Iterator[str]:
    with redis_broken(request.param, settings) as kind:
        yield kind


def _urls(plan) -> list[str]:
    c = Commitment.objects.filter(plan=plan).select_related("lead_administration").first()
    admin = c.lead_administration.slug
    return [
        "/",
        "/plans/",
        f"/plans/{plan.slug}/",
        f"/plans/{plan.slug}/flux.atom",
        "/engagements/",
        "/engagements/?status=late",
        f"/plans/{plan.slug}/engagements/{c.number}/",
        f"/plans/{plan.slug}/engagements/{c.number}/flux.atom",
        "/administrations/",
        f"/administrations/{admin}/",
        f"/administrations/{admin}/flux.atom",
        "/methode/",
        "/glossaire/",
        "/donnees-ouvertes/",
        "/accessibilite/",
        "/mentions-legales/",
        "/plan-du-site/",
        "/compte/connexion/",
        "/api/v1/commitments/",
        "/api/v1/plans/",
    ]


def _timed(client, url: str, **extra) -> tuple[int, float]:
    started = time.monotonic()
    response = client.get(url, **extra)
    return response.status_code, time.monotonic() - started


@pytest.mark.parametrize("outage", ["stopped", "frozen"])
def test_every_page_feed_and_api_list_answers_during_an_outage(client, demo, settings, outage):
    urls = _urls(demo)
    normal = {}
    for url in urls:  # with the working (local-memory) cache, uncached first visit
        status, normal[url] = _timed(client, url)
        assert status == 200, url
    with redis_broken(outage, settings):
        for url in urls:
            status, seconds = _timed(client, url)
            assert status == 200, (outage, url)
            assert seconds < normal[url] + 1.0, (outage, url, seconds, normal[url])
        assert redis_cache.cache_status()["ok"] is False


def test_a_frozen_redis_costs_one_timeout_then_nothing(broken_redis, client, demo):
    """The circuit breaker: the first request pays at most the socket timeouts, the next ones
    do not touch Redis at all."""
    first = _timed(client, "/")
    second = _timed(client, "/")
    assert first[0] == second[0] == 200
    assert second[1] < 0.5 + first[1]
    assert redis_cache.cache_is_down()


def test_log_in_works_and_failures_are_still_limited_during_an_outage(
    broken_redis, client, django_user_model
):
    django_user_model.objects.create_user("agent", "agent@x.fr", "Le-Bon-Mot-de-Passe-1")
    for _ in range(5):
        started = time.monotonic()
        response = client.post("/compte/connexion/", {"username": "agent", "password": "faux"})
        assert response.status_code == 200
        assert time.monotonic() - started < 1.5
    refused = client.post(
        "/compte/connexion/", {"username": "agent", "password": "Le-Bon-Mot-de-Passe-1"}
    )
    assert "Trop de tentatives" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    django_user_model.objects.create_user("autre", "autre@x.fr", "Le-Bon-Mot-de-Passe-2")
    ok = client.post(
        "/compte/connexion/", {"username": "autre", "password": "Le-Bon-Mot-de-Passe-2"}
    )
    assert ok.status_code == 302


def test_healthz_names_redis_as_degraded(broken_redis, client):
    started = time.monotonic()
    body = client.get("/healthz").json()
    assert time.monotonic() - started < 1.5
    assert body["status"] == "degraded"
    assert "redis" in body["degraded"]
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db(transaction=True)
def test_a_write_during_an_outage_is_recomputed_once_redis_is_back(broken_redis, settings):
    """The write commits at once; its recompute waits in the database, then the periodic task
    hands it back (here with Redis "back" as the in-process default) and the score moves."""
    from milestones.models import Milestone
    from resilience.tasks import drain_pending_work
    from scoring import queue
    from tests.factories import CommitmentFactory, MilestoneFactory

    settings.CELERY_TASK_ALWAYS_EAGER = False
    c = CommitmentFactory()
    MilestoneFactory(commitment=c)
    Milestone.objects.filter(commitment=c).update(
        status="completed", completed_on=c.plan.period_start
    )
    started = time.monotonic()
    queue.scores_recompute_schedule(commitment_ids=[c.pk])
    assert time.monotonic() - started < 1.0
    assert list(PendingWork.objects.filter(kind="scores").values_list("kind", "object_id")) == [
        ("scores", c.pk)
    ]
    assert drain_pending_work.apply().get() == {}  # Redis still down: kept
    assert PendingWork.objects.filter(kind="scores").count() == 1

    settings.REDIS_URL = None  # Redis is back (here: the in-process default)
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert drain_pending_work.apply().get()["scores"] == 1
    assert not PendingWork.objects.filter(kind="scores").exists()
    c.refresh_from_db()
    assert c.progress == 100
    assert "scores" not in drain_pending_work.apply().get()  # twice: done once


def test_a_bump_missed_during_an_outage_outlives_the_process_and_the_drain_makes_it(settings):
    """A write's bump that Redis did not store was remembered only in the memory of the process
    that missed it: a restart before Redis came back lost it, and the cached pages stayed
    stale. It is kept in the database too, and the periodic drain makes it once Redis is back."""
    from resilience.tasks import drain_pending_work
    from toolkit import cache as page_cache

    with redis_broken("stopped", settings):
        page_cache.data_version_bump()  # a write's bump, after its commit
        assert page_cache.cache_is_down()
        assert list(PendingWork.objects.values_list("kind", "object_id")) == [("cache-version", 0)]
        assert drain_pending_work.apply().get() == {}  # still down: kept for the next run
        assert PendingWork.objects.count() == 1

    # The process restarts (its memory of the miss is gone) and Redis is back.
    page_cache._missed_bump["global"] = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    before = page_cache.data_version()
    assert page_cache.data_version() == before  # nothing in this process replays it
    assert drain_pending_work.apply().get() == {"cache-version": 1}
    assert page_cache.data_version() != before
    assert not PendingWork.objects.exists()
    again = page_cache.data_version()
    assert drain_pending_work.apply().get() == {}  # done once
    assert page_cache.data_version() == again
