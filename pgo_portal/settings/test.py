"""Test settings: whatever DATABASE_URL / REDIS_URL say (SQLite and no Redis by default).

Under pytest-xdist each worker gets its own Redis database (the configured one plus the
worker's number), so the tests that use Redis keys never meet another worker's; PostgreSQL
test databases are per worker already (pytest-django)."""

import os
import re


def _redis_url_for_this_worker(url: str, worker: str) -> str:
    match = re.fullmatch(r"(redis://[^/]*)(?:/(\d+))?", url)
    if not match or not worker.startswith("gw") or not worker[2:].isdigit():
        return url
    return f"{match[1]}/{(int(match[2] or 0) + int(worker[2:])) % 16}"


if os.environ.get("REDIS_URL"):
    os.environ["REDIS_URL"] = _redis_url_for_this_worker(
        os.environ["REDIS_URL"], os.environ.get("PYTEST_XDIST_WORKER", "")
    )

from .base import *  # noqa: E402, F403
from .base import SECRET_KEY  # noqa: E402

SECRET_KEY = SECRET_KEY or "test-only-not-a-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Files the tests write (the bulk open-data files…) stay out of the development ``var/media`` and
# apart from the other xdist workers'.
MEDIA_ROOT = VAR_DIR / "test-media" / (os.environ.get("PYTEST_XDIST_WORKER") or "main")  # noqa: F405
