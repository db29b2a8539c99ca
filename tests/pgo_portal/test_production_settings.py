"""Production hardening (issue 14, item 5): the documented production environment passes
``check --deploy`` with no warning, refuses known or weak keys, and every cookie and HTML
response carries the security attributes and headers."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from pgo_portal.settings.keys import secret_key_problem

STRONG_KEY = "Zq3v9-Kp2LmN8xR4tY7uW1eS6dF0gH5jB_cV2nM8qA3zX7wE9rT4yU1iO6pL0kJ"


def documented_production_env(**extra) -> dict:
    """The environment README.md's "Production" section documents (values of an example)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="pgo_portal.settings.production",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="pgo.example.fr,testserver",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://pgo.example.fr",
        SITE_URL="https://pgo.example.fr",
        DATABASE_URL="postgres://pgo@127.0.0.1:5432/pgo",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    env.update(extra)
    return env


def _manage(*args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=documented_production_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_gives_no_warning_under_the_documented_environment():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("", "must be set"),
        ("local-development-only-not-a-secret", "written in the repository"),
        ("test-only-not-a-secret", "written in the repository"),
        ("django-insecure-" + "a1b2c3d4e5" * 5, "development key"),
        ("Zq3v9-Kp2LmN8xR4tY7uW1eS6", "too short"),
        ("ab" * 40, "too weak"),
    ],
)
def test_weak_or_known_keys_are_refused(key, why):
    assert why in secret_key_problem(key)


def test_a_strong_key_is_accepted():
    assert secret_key_problem(STRONG_KEY) == ""


def test_production_refuses_the_development_key_at_start_up():
    result = _manage("check", DJANGO_SECRET_KEY="local-development-only-not-a-secret")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is a key written in the repository" in result.stderr


PROBE = """
import json, django
django.setup()
from django.test import Client
from django.test.utils import override_settings
from django.conf import settings
# the pages' static URLs without a collectstatic run (the manifest is the start path's job)
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
c = Client()
out = {}
r = c.post("/langue/", {"language": "en", "next": "/"}, secure=True)
out["language"] = {k: str(v) for k, v in r.cookies[settings.LANGUAGE_COOKIE_NAME].items()}
r = c.get("/compte/connexion/", secure=True)
out["csrf"] = {k: str(v) for k, v in r.cookies[settings.CSRF_COOKIE_NAME].items()}
out["headers"] = {k: r.get(k, "") for k in ("Strict-Transport-Security", "Content-Security-Policy")}
out["session"] = [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_SAMESITE]
print(json.dumps(out))
"""


def test_every_cookie_is_secure_and_same_site_and_hsts_covers_subdomains():
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=documented_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    for cookie in ("language", "csrf"):
        assert out[cookie]["secure"] == "True", cookie
        assert out[cookie]["samesite"] == "Lax", cookie
    assert out["session"] == [True, "Lax"]
    hsts = out["headers"]["Strict-Transport-Security"]
    assert "includeSubDomains" in hsts and "preload" in hsts and "max-age=31536000" in hsts
    csp = out["headers"]["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
