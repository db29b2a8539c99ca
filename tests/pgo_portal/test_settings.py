"""Configuration comes from the environment; a malformed value names the variable."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from pgo_portal.env import env_bool, env_database, env_int, env_list, env_redis_url


@pytest.mark.parametrize(
    "url",
    [
        "not a url",
        "mysql://root@localhost/pgo",
        "postgres://user@host:notaport/db",
        "postgres://user@host:5432/",
    ],
)
def test_a_bad_database_url_names_the_variable(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_database("DATABASE_URL", "sqlite:///x.sqlite3")


def test_database_urls_are_parsed(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://pgo:secret@db.example:6543/pgo")
    config = env_database("DATABASE_URL", "sqlite:///x")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.example",
        6543,
        "pgo",
        "pgo",
    )
    monkeypatch.delenv("DATABASE_URL")
    assert env_database("DATABASE_URL", "sqlite:////tmp/pgo.sqlite3")["NAME"] == "/tmp/pgo.sqlite3"


def test_booleans_integers_and_lists(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "oui")
    assert env_bool("DJANGO_DEBUG") is True
    monkeypatch.setenv("DJANGO_DEBUG", "peut-être")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        env_bool("DJANGO_DEBUG")
    monkeypatch.setenv("EMAIL_PORT", "vingt-cinq")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 25)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "pgo.gouv.fr, www.pgo.gouv.fr ,")
    assert env_list("DJANGO_ALLOWED_HOSTS", []) == ["pgo.gouv.fr", "www.pgo.gouv.fr"]


def test_a_bad_redis_url_names_the_variable(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "http://localhost:6379")
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        env_redis_url("REDIS_URL")
    monkeypatch.setenv("REDIS_URL", "")
    assert env_redis_url("REDIS_URL") is None


def run_check(**env):
    full = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_start_up_stops_on_a_malformed_database_url_with_a_clear_message():
    result = run_check(DATABASE_URL="postgres://user@host:port/db")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "malformed" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check(
        DJANGO_SETTINGS_MODULE="pgo_portal.settings.production", DJANGO_SECRET_KEY=""
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_paris_time_and_french_first():
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.LANGUAGE_CODE == "fr"
    assert [code for code, _ in settings.LANGUAGES] == ["fr", "en"]


def test_without_redis_tasks_run_in_process(monkeypatch):
    """The embedded default needs no server: no REDIS_URL means eager tasks, memory broker."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "pgo_portal.settings.local"
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL, s.CACHES['default']['BACKEND'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert out.stdout.split() == [
        "True",
        "memory://",
        "django.core.cache.backends.filebased.FileBasedCache",  # shared by every process
    ]
    env["REDIS_URL"] = "redis://127.0.0.1:6379/3"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert out.stdout.split() == [
        "False",
        "redis://127.0.0.1:6379/3",
        "toolkit.redis_cache.FailOpenRedisCache",
    ]


def test_production_requires_postgresql_and_redis():
    key = "pgo-test-production-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    result = run_check(
        DJANGO_SETTINGS_MODULE="pgo_portal.settings.production",
        DJANGO_SECRET_KEY=key,
        DJANGO_DEBUG="false",
        DATABASE_URL="sqlite:////tmp/x.sqlite3",
    )
    assert result.returncode != 0 and "DATABASE_URL must point at PostgreSQL" in result.stderr
    result = run_check(
        DJANGO_SETTINGS_MODULE="pgo_portal.settings.production",
        DJANGO_SECRET_KEY=key,
        DJANGO_DEBUG="false",
        DATABASE_URL="postgres://u@127.0.0.1:5432/x",
        REDIS_URL="",
    )
    assert result.returncode != 0 and "REDIS_URL must be set" in result.stderr


def test_a_malformed_random_page_cost_stops_the_start_up_with_a_clear_message():
    result = run_check(
        DATABASE_URL="postgres://user@db.example:5432/pgo", DATABASE_RANDOM_PAGE_COST="vite"
    )
    assert result.returncode != 0
    assert "DATABASE_RANDOM_PAGE_COST" in result.stderr


def test_database_connections_are_kept_and_checked():
    database = settings.DATABASES["default"]
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["CONN_MAX_AGE"] == int(os.environ.get("DATABASE_CONN_MAX_AGE", 60))


def test_postgresql_sessions_plan_for_data_in_memory(postgres):
    expected = os.environ.get("DATABASE_RANDOM_PAGE_COST", "1.1")
    with postgres.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == float(expected)
