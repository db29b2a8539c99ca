"""Production: every secret from the environment, HTTPS assumed behind a proxy.

The documented environment (README, "Production") passes ``manage.py check --deploy`` with no
warning (tests/pgo_portal/test_production_settings.py).
"""

from django.core.exceptions import ImproperlyConfigured

from toolkit.staticfiles import SKIP_COMPRESS_EXTENSIONS

from .base import *  # noqa: F403
from .base import DATABASES, DEBUG, REDIS_URL, SECRET_KEY, env_bool, env_int
from .keys import secret_key_problem

_problem = secret_key_problem(SECRET_KEY)
if _problem:
    raise ImproperlyConfigured(f"DJANGO_SECRET_KEY {_problem}")
if DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be false in production.")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production (Celery broker, shared cache and rate limits)."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# Asks browsers' preload lists to know the site as HTTPS-only (submit it at hstspreload.org);
# hard to undo, so it can be turned off before the first deployment.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Every cookie the portal sets: HTTPS only, not sent by other sites' sub-requests.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # WhiteNoise's, recompressing only what changed since the last collectstatic
    "staticfiles": {"BACKEND": "toolkit.staticfiles.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = SKIP_COMPRESS_EXTENSIONS  # + source maps and Markdown
