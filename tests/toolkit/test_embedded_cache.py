"""Issue 15, item 3: in the embedded default (no Redis) the local-memory cache was per process,
so after ``import_plan`` in a terminal the server's ``/`` and ``/plans/`` stayed stale for five
minutes. The embedded cache is now a folder every process shares: the data version a command
bumps after its commit makes the server's cached pages stale at once."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches

from pgo_portal.settings.base import EMBEDDED_CACHES
from tests.factories import ActionPlanFactory
from toolkit.cache import data_version

pytestmark = pytest.mark.django_db


def _in_another_process(code: str, cache_dir) -> subprocess.CompletedProcess:
    """Run ``code`` like a management command in another terminal, with the embedded default."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "pgo_portal.settings.local",
        "EMBEDDED_CACHE_DIR": str(cache_dir),
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def embedded_cache(settings, tmp_path):
    settings.CACHES = {
        "default": {**EMBEDDED_CACHES["default"], "LOCATION": str(tmp_path / "cache")}
    }
    caches["default"].clear()
    yield tmp_path / "cache"
    caches["default"].clear()


def test_the_embedded_default_cache_lives_under_var_and_is_not_per_process():
    backend = EMBEDDED_CACHES["default"]
    assert backend["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert "locmem" not in backend["BACKEND"]


def test_a_command_in_another_process_makes_the_servers_cached_pages_stale_at_once(
    client, embedded_cache
):
    ActionPlanFactory(slug="pan-2015-2017")
    assert client.get("/plans/")["X-Cache"] == "miss"
    assert client.get("/plans/")["X-Cache"] == "hit"
    before = data_version()
    # what every write service does after its commit (commitments.events.data_changed)
    out = _in_another_process(
        "from toolkit.cache import data_version_bump; print(data_version_bump())", embedded_cache
    )
    assert out.returncode == 0, out.stderr
    token = out.stdout.strip()
    assert token and token in data_version() and data_version() != before
    assert client.get("/plans/")["X-Cache"] == "miss"


def test_what_the_server_caches_another_process_reads(embedded_cache):
    version = data_version()
    out = _in_another_process(
        "from toolkit.cache import data_version; print(data_version())", embedded_cache
    )
    assert out.stdout.strip() == version
