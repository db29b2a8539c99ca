"""What every public API endpoint shares: links, pagination, CSV, conditional requests, errors,
throttling and the OpenAPI description of all of it.

The public API (``/api/v1/``, see ``pgo_portal/api.py``) is read-only and anonymous. Each list
endpoint is a four-line viewset built on ``api_base.PublicReadOnlyViewSet``. What DRF's settings
name (throttles, pagination, negotiation, exception handler) lives here, and this module must
not import DRF's views: DRF imports these classes while it defines ``APIView``.

* **Links**: ``absolute_url`` and ``public_page_url`` build the absolute links of each object
  from the address the request came to (scheme, host and port, as ``request.scheme`` and
  ``request.get_host()`` give them, so ``SECURE_PROXY_SSL_HEADER`` and
  ``USE_X_FORWARDED_HOST`` count), set for the request by ``toolkit.middleware``; without a
  request (e-mails, jobs, bulk files: ``links_from_site_url()``) from ``SITE_URL``. They
  resolve the site's URL names once per process and fall back to the documented path when a
  page does not exist yet.
* **Pagination** (``api_pagination.ApiPagination``): ``page`` and ``page_size`` (default
  ``API_PAGE_SIZE``, maximum ``API_MAX_PAGE_SIZE``); a malformed or out-of-bounds value is a
  400, a page past the last one a 404. The response carries ``count``, ``next``, ``previous``
  and a ``Link`` header; the ordered keys of a list are kept for the data version.
* **CSV** (``api_csv.CsvRenderer``, ``?format=csv``): UTF-8 with a byte-order mark so
  spreadsheets pick the encoding, comma-separated, one row per object, nested objects
  flattened into dotted columns (``plan.slug``), lists joined with `` | ``. Without
  ``page``/``page_size`` a CSV holds *every* matching row (up to ``API_CSV_MAX_ROWS``, beyond
  which it answers 400 and says how to narrow the request).
* **Conditional requests** (``api_base.conditional``): a strong ``ETag`` (hash of the body)
  and a ``Last-Modified`` date on every 200; ``If-None-Match`` / ``If-Modified-Since`` answer
  304.
* **Errors** are always JSON: ``{"detail": message, "code": code, "errors": {param: [...]}}``.
* **Throttling** per client: ``API_THROTTLE_ANON`` for anonymous clients (by IP address),
  ``API_THROTTLE_USER`` for clients sending a token (or logged in); 429 with ``Retry-After``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

import orjson
from django.conf import settings
from django.core.signals import setting_changed
from django.db.models import Model
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.utils.encoders import JSONEncoder as DRFJSONEncoder

from .fast_serializer import FastSerializer, OptionalEmailField, OptionalURLField

log = logging.getLogger(__name__)

LICENCE_NAME = "Licence Ouverte / Open Licence 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

# Database ids are 64-bit; a longer number is refused before it reaches the database.
ID_PATTERN = r"[0-9]{1,18}"


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def page_size_default() -> int:
    return int(_setting("API_PAGE_SIZE", 50))


def page_size_max() -> int:
    return int(_setting("API_MAX_PAGE_SIZE", 1000))


def csv_max_rows() -> int:
    return int(_setting("API_CSV_MAX_ROWS", 10000))


# --- links -----------------------------------------------------------------------------------


_SITE: dict[str, str] = {}  # SITE_URL, read once: a settings lookup costs more than a link
# The base of the links while a request is served (``toolkit.middleware``); None: ``SITE_URL``.
_LINK_BASE: ContextVar[str | None] = ContextVar("pgo_link_base", default=None)


def site_url() -> str:
    """``SITE_URL``: the base of the links written where there is no request."""
    base = _SITE.get("url")
    if base is None:
        base = _SITE["url"] = settings.SITE_URL
    return base


def link_base() -> str:
    """The base of absolute links now: the request's address, or ``SITE_URL`` without one."""
    return _LINK_BASE.get() or site_url()


def absolute_url(path: str) -> str:
    """The base of the links (``link_base``) + ``path``."""
    return f"{_LINK_BASE.get() or site_url()}{path}"


@contextmanager
def links_from(base: str | None) -> Iterator[None]:
    """Build the links from ``base`` (``scheme://host[:port][/prefix]``, no trailing slash)
    inside the block; None: from ``SITE_URL``."""
    token = _LINK_BASE.set(base.rstrip("/") if base else None)
    try:
        yield
    finally:
        _LINK_BASE.reset(token)


def links_from_site_url():
    """Inside the block links come from ``SITE_URL`` whoever runs it (the bulk files: written
    after a request's commit too, they must not carry that request's host)."""
    return links_from(None)


_TEMPLATES: dict[tuple[str, tuple[str, ...]], str] = {}


def _path_template(name: str, params: tuple[str, ...], fallback: str) -> str:
    """The path of URL ``name`` as a ``str.format`` template, reversed once per process.

    ``reverse()`` costs tens of microseconds; a list of 1,000 objects with two links each would
    spend most of its time there. Reversing once with sentinel values and formatting after gives
    the same path. When the URL name does not exist (yet), ``fallback`` is used. The path is
    relative to the site's root (``SITE_URL`` carries any prefix); the site's URLs do not depend
    on the language.
    """
    sentinels = {p: f"zz{p.replace('_', '')}{n}zz" for n, p in enumerate(params)}
    numeric = {p: str(987654320 + n) for n, p in enumerate(params)}
    for values in (sentinels, numeric):
        try:
            path = reverse(name, kwargs=values, urlconf=settings.ROOT_URLCONF)
        except NoReverseMatch:
            continue
        prefix = get_script_prefix()
        if prefix != "/" and path.startswith(prefix):
            path = "/" + path[len(prefix) :]
        path = path.replace("{", "{{").replace("}", "}}")
        for param, value in values.items():
            path = path.replace(value, "{" + param + "}")
        return path
    return fallback


@receiver(setting_changed)
def _forget_cached_settings(*, setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":
        _TEMPLATES.clear()
    if setting == "SITE_URL":
        _SITE.clear()


def url_path(name: str, fallback: str, **values: Any) -> str:
    """Path of URL ``name`` with ``values``, or ``fallback`` (a template with the same fields)."""
    key = (name, tuple(values))
    template = _TEMPLATES.get(key)
    if template is None:
        template = _TEMPLATES[key] = _path_template(name, tuple(sorted(values)), fallback)
    return template.format(**values)


def public_page_url(kind: str, **values: Any) -> str:
    """Absolute link to an object's public page on the site.

    The site's URL names are tried first; the documented paths are the fallback, so the API
    gives the right link even before (or without) the page being wired.
    """
    name, fallback = PUBLIC_PAGES[kind]
    return absolute_url(url_path(name, fallback, **values))


# kind: (URL name on the site, path used when that name does not resolve)
PUBLIC_PAGES: dict[str, tuple[str, str]] = {
    "plan": ("public:plan-detail", "/plans/{plan_slug}/"),
    "commitment": (
        "public:commitment-detail",
        "/plans/{plan_slug}/engagements/{number}/",
    ),
    "administration": ("public:administration-detail", "/administrations/{slug}/"),
}


def api_url(basename: str, pk: int) -> str:
    """Absolute link to one object of the API (``api:<basename>-detail``)."""
    return absolute_url(url_path(f"api:{basename}-detail", f"/api/v1/{basename}s/{{pk}}/", pk=pk))


_drf_default = DRFJSONEncoder().default


def _json_default(value: Any) -> Any:
    """What orjson leaves to us, as DRF's encoder renders it; decimals (hundreds per page of
    scores and costs) first."""
    if value.__class__ is Decimal:
        return float(value)
    return _drf_default(value)


class OrjsonRenderer(JSONRenderer):
    """DRF's JSON renderer, an order of magnitude faster (orjson), with the same output.

    Compact UTF-8 like DRF's; what orjson does not know natively (decimals, lazy translations,
    dates, UUIDs…) goes through DRF's own encoder, so values render as DRF renders them. An
    indented rendering (``Accept: application/json; indent=4``) is left to DRF.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type or "", renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        try:
            body = orjson.dumps(data, default=_json_default, option=orjson.OPT_PASSTHROUGH_DATETIME)
        except TypeError:  # e.g. an integer beyond 64 bits: DRF's encoder knows it
            return super().render(data, accepted_media_type, renderer_context)
        # DRF escapes the line and paragraph separators (text pasted from a word processor
        # carries them; JavaScript before ES2019 cannot parse them raw in a string)
        if b"\xe2\x80\xa8" in body or b"\xe2\x80\xa9" in body:
            body = body.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
        return body


# --- errors ----------------------------------------------------------------------------------


class InvalidParameter(exceptions.ValidationError):
    """A bad query parameter: 400 with the parameter named."""

    default_code = "invalid_parameter"

    def __init__(self, parameter: str, message: str):
        super().__init__({parameter: [message]}, code=self.default_code)


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    detail = serializers.CharField(help_text="Message lisible (français par défaut).")
    code = serializers.CharField(
        help_text="Code stable de l'erreur : invalid_parameter, not_found, throttled, "
        "not_acceptable, method_not_allowed, authentication_failed, server_error…"
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Pour une erreur 400 : les messages par paramètre fautif.",
    )
    retry_after = serializers.IntegerField(
        required=False, help_text="Pour une erreur 429 : secondes à attendre."
    )


def _first_code(detail: Any) -> str | None:
    if isinstance(detail, exceptions.ErrorDetail):
        return detail.code
    if isinstance(detail, list | tuple):
        for item in detail:
            code = _first_code(item)
            if code:
                return code
    if isinstance(detail, dict):
        for item in detail.values():
            code = _first_code(item)
            if code:
                return code
    return None


def _messages(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [f"{k} : {m}" for k, v in value.items() for m in _messages(v)]
    if isinstance(value, list | tuple):
        return [m for v in value for m in _messages(v)]
    return [str(value)]


def api_exception_handler(exc: Exception, context: dict) -> Response:
    """Every error as JSON with a clear message; never an HTML page, never a bare 500."""
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        log.exception("unexpected error in the API", exc_info=exc)
        return Response(
            {
                "detail": _("Erreur interne du serveur. L'équipe technique a été prévenue."),
                "code": "server_error",
            },
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    detail = getattr(exc, "detail", None)
    code = _first_code(detail) or getattr(exc, "default_code", "error")
    body: dict[str, Any]
    if isinstance(exc, exceptions.ValidationError):
        raw = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        errors: dict[str, list[str]] = {str(k): _messages(v) for k, v in raw.items()}
        parts = " ; ".join(f"{name} : {' '.join(msgs)}" for name, msgs in errors.items())
        request = context.get("request")
        if request is None or request.method in ("GET", "HEAD", "OPTIONS"):
            body = {
                "detail": _("Paramètre invalide. %(errors)s") % {"errors": parts},
                "code": "invalid_parameter",
                "errors": errors,
            }
        else:
            body = {
                "detail": _("Données invalides. %(errors)s") % {"errors": parts},
                "code": "invalid_data",
                "errors": errors,
            }
    elif isinstance(exc, exceptions.Throttled):
        wait = max(1, math.ceil(exc.wait or 1))
        response["Retry-After"] = str(wait)
        body = {
            "detail": _(
                "Trop de requêtes : réessayez dans %(seconds)d secondes. Un jeton d'accès donne "
                "une limite plus élevée ; les téléchargements en masse évitent de parcourir "
                "toutes les pages."
            )
            % {"seconds": wait},
            "code": "throttled",
            "retry_after": wait,
        }
    else:
        body = {"detail": " ".join(_messages(detail)) if detail else str(exc), "code": code}
    response.data = body
    return response


# --- content negotiation and renderers -------------------------------------------------------


class ApiContentNegotiation(DefaultContentNegotiation):
    """``?format=`` names a known format or the request is refused with a 400 (not a 404)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if wanted:
            known = [r.format for r in renderers]
            if wanted not in known:
                raise InvalidParameter(
                    "format",
                    _("Format inconnu « %(format)s » : choisissez parmi %(known)s.")
                    % {"format": wanted[:40], "known": ", ".join(known)},
                )
        return super().select_renderer(request, renderers, format_suffix)


# --- querysets ------------------------------------------------------------------------------


def own_fields(model: type[Model]) -> list[str]:
    """Every column of ``model`` itself, for ``.only()`` next to a few columns of related rows."""
    return [f.name for f in model._meta.concrete_fields]


# --- throttling ------------------------------------------------------------------------------


class _LiveRateMixin:
    """Read the rate at request time (settings can change in tests) and fail open when the
    cache is unreachable: an outage of the cache must not take the API down."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # type: ignore[attr-defined]

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)  # type: ignore[misc]
        except Exception:
            log.exception("throttle cache unavailable; request allowed")
            return True


class AnonApiThrottle(_LiveRateMixin, AnonRateThrottle):
    scope = "anon"


class UserApiThrottle(_LiveRateMixin, UserRateThrottle):
    scope = "user"


__all__ = [
    "LICENCE_NAME",
    "LICENCE_URL",
    "AnonApiThrottle",
    "ApiContentNegotiation",
    "ErrorSerializer",
    "FastSerializer",
    "InvalidParameter",
    "OptionalEmailField",
    "OptionalURLField",
    "OrjsonRenderer",
    "UserApiThrottle",
    "absolute_url",
    "api_exception_handler",
    "api_url",
    "link_base",
    "links_from",
    "links_from_site_url",
    "own_fields",
    "public_page_url",
    "site_url",
    "url_path",
]
