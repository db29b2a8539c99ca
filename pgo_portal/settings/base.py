"""Settings shared by every environment. Everything that differs comes from the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from pgo_portal.env import (
    env_bool,
    env_database,
    env_int,
    env_list,
    env_redis_url,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# Behind a proxy that sets X-Forwarded-Host, links then use the address the visitor typed.
USE_X_FORWARDED_HOST = env_bool("DJANGO_USE_X_FORWARDED_HOST", False)
# The site's address for what is written without a request (e-mails, jobs, bulk files); the
# links of a page or an API response come from the request's own address (toolkit.middleware).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",  # API tokens: a higher throttling limit (issue 5)
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "dsfr",  # the French state design system: templates tags and static files, served locally
    "commitments",
    "indicators",
    "milestones",
    "scoring",
    "opendata",
    "reminders",
    "importexport",
    "consultations",
    "subscriptions",
    "sampledata",
    "accounts",
    "resilience",
    "civilsociety",
    "reports",
    "public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "toolkit.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "toolkit.middleware.RequestLinksMiddleware",  # absolute links from the request's address
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "pgo_portal.urls"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "public:home"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # also the validity of an invitation link
WSGI_APPLICATION = "pgo_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'pgo.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: opening a PostgreSQL connection costs more than a whole API page.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # The portal's data fits in memory: a random page read costs about a sequential one, and
    # the planner then uses the indexes of small joins (1.1, the usual SSD setting; the
    # server's default of 4 is for spinning disks). Empty: keep the server's setting.
    _page_cost = env_str("DATABASE_RANDOM_PAGE_COST", "1.1")
    if _page_cost:
        try:
            float(_page_cost)
        except ValueError:
            raise ImproperlyConfigured(
                f"DATABASE_RANDOM_PAGE_COST={_page_cost!r} is not a number."
            ) from None
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c random_page_cost={_page_cost}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: French first, English available; Paris time.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Where collectstatic writes and where the bulk open-data files go (a volume shared by the web
# process and the worker in docker-compose.yml); the end-to-end test points them elsewhere.
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
VAR_DIR.mkdir(parents=True, exist_ok=True)  # for the SQLite default
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

# Redis: Celery broker and cache when configured; otherwise in-process tasks and a file cache
# under var/ that every process shares (the server, a worker, a command in another terminal):
# the data version a command bumps after an import makes the server's cached pages stale at
# once. A per-process local-memory cache would show them for PAGE_CACHE_SECONDS more.
REDIS_URL = env_redis_url("REDIS_URL")
# A Redis outage degrades, never fails (toolkit/redis_cache.py): every cache call gives up after
# REDIS_SOCKET_TIMEOUT seconds and the cache is then skipped for REDIS_RETRY_SECONDS.
REDIS_SOCKET_TIMEOUT = env_int("REDIS_SOCKET_TIMEOUT_MS", 250) / 1000
REDIS_RETRY_SECONDS = env_int("REDIS_RETRY_SECONDS", 5)
EMBEDDED_CACHES: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("EMBEDDED_CACHE_DIR", str(VAR_DIR / "cache")),
        "KEY_PREFIX": "pgo",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "toolkit.redis_cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pgo",
            "OPTIONS": {
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                "retry_seconds": REDIS_RETRY_SECONDS,
            },
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = EMBEDDED_CACHES
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# At-least-once delivery (README, "Celery guarantees"): a task is acknowledged only once done
# (acks_late), so a worker killed mid-task leaves it unacknowledged, and Redis hands it to
# another worker after the visibility timeout (CELERY_VISIBILITY_TIMEOUT, 5 minutes; longer
# than any task of the portal, else a slow task would be run twice while still running). A
# worker reserves one task at a time (prefetch 1), so a killed worker holds back at most one.
# Every task is idempotent: run twice, done once.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 300)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # a web process publishing during an outage gives up quickly (its ids are kept in the
    # database, resilience.pending) instead of hanging on a frozen Redis
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# One beat, Europe/Paris times. Tasks are idempotent, so a beat restart that fires twice is safe.
CELERY_BEAT_SCHEDULE = {
    "nightly-score-recompute": {
        "task": "scoring.tasks.nightly_recompute",
        "schedule": crontab(hour=2, minute=30),
    },
    "daily-reminders": {
        # milestone reminders, stale indicators, and the late digest on Mondays
        "task": "reminders.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "drain-pending-work": {
        # writes made while Redis was down: their recompute is scheduled once it is back
        "task": "resilience.tasks.drain_pending_work",
        "schedule": float(env_int("PENDING_DRAIN_SECONDS", 60)),
    },
    "nightly-askers-erasure": {
        # askers' e-mail addresses, 30 days after their question closed
        "task": "civilsociety.tasks.erase_askers_addresses",
        "schedule": crontab(hour=4, minute=0),
    },
    "reports-to-parliament": {
        # the draft of each report whose period ended (each year of a plan, its end), once
        "task": "reports.tasks.generate_due_reports",
        "schedule": crontab(hour=6, minute=30),
    },
    "nightly-opendata": {
        # bulk files of every published plan, after the nightly score recompute
        "task": "opendata.tasks.nightly_opendata",
        "schedule": crontab(hour=3, minute=15),
    },
    "daily-subscription-digests": {
        # erases unconfirmed addresses, then sends the daily digests (and the weekly on Mondays)
        "task": "subscriptions.tasks.send_digests",
        "schedule": crontab(hour=7, minute=30),
    },
    "hourly-subscription-purge": {
        "task": "subscriptions.tasks.purge_subscriptions",
        "schedule": crontab(minute=45),
    },
}
# A missed run of the reports' job catches up on periods ended this many days ago at most.
REPORTS_CATCH_UP_DAYS = env_int("REPORTS_CATCH_UP_DAYS", 31)
# What ``manage.py load_demo`` (sampledata) adds from the apps it may not import: each a
# function that makes its demo data once and returns it, or None when it is already there.
DEMO_EXTRAS = ["reports.services.demo_report_publish"]
SCORES_DEBOUNCE_SECONDS = env_int("SCORES_DEBOUNCE_SECONDS", 5)

# E-mail
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Well under the reminder claim lease (10 min), so a stuck SMTP socket cannot outlive a claim.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "PGO <ne-pas-repondre@pgo.example.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
COORDINATION_EMAILS = env_list("COORDINATION_EMAILS", [])


# Public API (/api/v1/, pgo_portal/api.py and api_support.py): read-only, anonymous, throttled.
def _throttle_rate(name: str, default: str) -> str:
    import re

    value = env_str(name, default)
    if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a rate: expected N/second, N/minute, N/hour or N/day."
        )
    return value


API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50)
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 1000)
API_CSV_MAX_ROWS = env_int("API_CSV_MAX_ROWS", 10000)  # an unpaginated ?format=csv
API_KEYS_CACHE_MAX = env_int("API_KEYS_CACHE_MAX", 100000)  # longer lists count and skip in SQL
# Behind N reverse proxies, the client is the N-th address from the end of X-Forwarded-For;
# 0 trusts only the socket's address (a client cannot forge its identity to dodge throttling).
API_NUM_PROXIES = env_int("API_NUM_PROXIES", 0)
OPENDATA_DEBOUNCE_SECONDS = env_int("OPENDATA_DEBOUNCE_SECONDS", 300)
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "toolkit.api.base.PublicApiSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["toolkit.api.support.OrjsonRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "toolkit.api.support.ApiContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "toolkit.api.pagination.ApiPagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    "EXCEPTION_HANDLER": "toolkit.api.support.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "toolkit.api.support.AnonApiThrottle",
        "toolkit.api.support.UserApiThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": _throttle_rate("API_THROTTLE_ANON", "120/minute"),
        "user": _throttle_rate("API_THROTTLE_USER", "1200/minute"),
    },
    "NUM_PROXIES": API_NUM_PROXIES,
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API du portail PGO",
    "DESCRIPTION": (Path(__file__).resolve().parent.parent / "api_description.md").read_text(
        encoding="utf-8"
    ),
    "VERSION": "1.0.0",
    "LICENSE": {
        "name": "Données : Licence Ouverte / Open Licence 2.0",
        "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    },
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    # the enums as components, then nullable references valid for strict OpenAPI 3.0 validators
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "toolkit.api.schema_hooks.nullable_references",
    ],
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "commitments.models.ActionPlan.Status",
        "AdministrationKindEnum": "commitments.models.Administration.Kind",
        "IndicatorKindEnum": "indicators.models.Indicator.Kind",
        "MilestoneStatusEnum": "milestones.models.Milestone.Status",
        "RevisionKindEnum": "milestones.models.MilestoneRevision.Kind",
        "RevisionStatusEnum": "milestones.models.MilestoneRevision.Status",
        "RevisionDecisionEnum": [("approve", "approve"), ("refuse", "refuse")],
        "CommitmentStatusEnum": "commitments.filters.STATUS_CHOICES",
        "ChangeSourceEnum": "commitments.models.AuditRecord.Source",
        "ChangeActionEnum": "commitments.models.AuditRecord.Action",
        "ProposalOutcomeEnum": "consultations.models.Proposal.Outcome",
        "ProposalAuthorKindEnum": "consultations.models.Proposal.AuthorKind",
    },
    "TAGS": [
        {"name": "plans", "description": "Plans d'action nationaux publiés."},
        {"name": "administrations", "description": "Administrations porteuses."},
        {"name": "commitments", "description": "Engagements et leurs scores."},
        {"name": "indicators", "description": "Indicateurs : valeur initiale, cible, mesure."},
        {"name": "measurements", "description": "Mesures datées des indicateurs."},
        {"name": "milestones", "description": "Jalons : échéances, état, retard, preuve."},
        {"name": "score-snapshots", "description": "Historique des scores."},
        {"name": "changes", "description": "Journal public des modifications."},
        {"name": "consultations", "description": "Consultations publiques et leurs propositions."},
        {"name": "downloads", "description": "Téléchargements en masse par plan."},
        {"name": "index", "description": "Index de l'API."},
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    # No deep links: Swagger UI puts them as links inside each operation's button, which
    # screen readers cannot reach (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "filter": False},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# Public pages are cached for anonymous visitors and refreshed when the data changes
# (toolkit/cache.py); this bounds how long a page can lag behind a write made by another
# process when the cache is not shared (local memory).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# Public contact of the coordination team, given by the accessibility statement.
SITE_CONTACT_EMAIL = env_str("SITE_CONTACT_EMAIL", "")

# the API, and the open data served beside it (schemas, package files, the DCAT catalogue)
CORS_URLS_REGEX = r"^/(api/|schemas/|donnees-ouvertes/(catalogue\.jsonld|plans/|tous-les-plans/))"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = [
    "accept",
    "accept-language",
    "authorization",
    "if-modified-since",
    "if-none-match",
    "user-agent",
]
CORS_EXPOSE_HEADERS = [
    "Content-Disposition",
    "ETag",
    "Last-Modified",
    "Link",
    "Retry-After",
    "X-Total-Count",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
