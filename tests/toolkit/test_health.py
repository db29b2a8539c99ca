from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_is_200_when_the_database_answers(client, settings):
    settings.REDIS_URL = None
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"]["ok"] is True
    assert "redis" not in response.json()["checks"]


def test_healthz_is_503_when_the_database_is_unreachable(client, settings):
    settings.REDIS_URL = None
    with mock.patch(
        "toolkit.health.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == {"ok": False, "error": "OperationalError"}


def test_healthz_says_degraded_when_configured_redis_does_not_answer(client, settings):
    """The site keeps answering from the database: 200 for the load balancer, and which part
    is degraded for the operator."""
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["degraded"] == ["redis"]
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_healthz_checks_the_real_redis(client, settings, redis_url):
    settings.REDIS_URL = redis_url
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["redis"]["ok"] is True


def test_healthz_runs_on_the_real_postgresql(client, postgres):
    response = client.get("/healthz")
    assert response.status_code == 200
