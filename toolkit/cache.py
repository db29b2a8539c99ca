"""Cache of the public pages for anonymous visitors, refreshed whenever the data changes.

A *data version* token lives in the cache. Every cached page is stored under a key that contains
the current token, the language and the full URL, so ``data_version_bump()`` makes every cached
page stale at once without having to find and delete them. Write services call it after their
transaction commits (see ``commitments.events``), ``scores_recompute`` calls it when it wrote
something, and a signal safety net calls it once per transaction for writes that bypass the
services (the admin site, for instance).

With Redis every process shares the token. With the local-memory cache (the embedded default,
one process) a write made by another process, such as a management command, is seen when the
cached page expires (``PAGE_CACHE_SECONDS``, five minutes by default).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

log = logging.getLogger(__name__)

DATA_VERSION_KEY = "pgo:data-version"
PAGE_KEY_PREFIX = "pgo:page"
CACHE_HEADER = "X-Cache"
# Apps whose rows appear on the public pages; their writes make the pages stale.
PUBLIC_APPS = frozenset({"commitments", "indicators", "milestones"})
# Rows of those apps that never appear on a public page.
PRIVATE_MODELS = frozenset({"membership", "profile", "reminderoutbox"})


def page_cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 300))


def data_version() -> str:
    """The current data version token (created on first use)."""
    version = cache.get(DATA_VERSION_KEY)
    if version is None:
        cache.add(DATA_VERSION_KEY, uuid.uuid4().hex[:16], timeout=None)
        version = cache.get(DATA_VERSION_KEY) or "0"
    return str(version)


def data_version_bump() -> str:
    """Make every cached public page stale; returns the new token. Call it after a commit."""
    version = uuid.uuid4().hex[:16]
    try:
        cache.set(DATA_VERSION_KEY, version, timeout=None)
    except Exception:  # a cache outage must never break a write
        log.exception("could not bump the data version")
    return version


def page_cache_key(request: HttpRequest, *, version: str | None = None) -> str:
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
    language = getattr(request, "LANGUAGE_CODE", None) or get_language() or "fr"
    return f"{PAGE_KEY_PREFIX}:{version or data_version()}:{language}:{digest}"


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous GET requests from the cache, per language and full URL.

    Only complete 200 responses are stored; authenticated visitors always get a fresh page.
    The response says ``X-Cache: hit`` or ``miss``.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = page_cache_key(request)
        try:
            stored = cache.get(key)
        except Exception:
            log.exception("page cache unavailable")
            stored = None
        if stored is not None:
            content, content_type, headers = stored
            response = HttpResponse(content, content_type=content_type)
            for name, value in headers:
                response[name] = value
            response[CACHE_HEADER] = "hit"
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = [
                (name, response[name])
                for name in ("Content-Language", "Last-Modified")
                if response.has_header(name)
            ]
            try:
                cache.set(
                    key,
                    (response.content, response["Content-Type"], headers),
                    timeout=page_cache_seconds(),
                )
            except Exception:
                log.exception("could not store a page in the cache")
        response[CACHE_HEADER] = "miss"
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    return wrapper


# --- safety net: writes that do not go through a service -------------------------------------

_PENDING_ATTR = "_pgo_data_version_pending"


def data_version_bump_on_commit() -> None:
    """Bump once after the current transaction commits (at once outside a transaction)."""
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        data_version_bump()
        return
    pending = getattr(conn, _PENDING_ATTR, None)
    # Still registered? A rollback discards the callback, and then a new one is needed.
    if pending is not None and any(entry[1] is pending for entry in conn.run_on_commit):
        return

    def bump() -> None:
        if getattr(conn, _PENDING_ATTR, None) is bump:
            setattr(conn, _PENDING_ATTR, None)
        data_version_bump()

    setattr(conn, _PENDING_ATTR, bump)
    transaction.on_commit(bump)


def _on_model_change(sender: type, **kwargs: Any) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in PUBLIC_APPS or meta.model_name in PRIVATE_MODELS:
        return
    if kwargs.get("raw"):  # loading fixtures
        return
    data_version_bump_on_commit()


def _on_m2m_change(sender: type, action: str, instance: Any, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _on_model_change(type(instance))


post_save.connect(_on_model_change, dispatch_uid="pgo_cache_post_save")
post_delete.connect(_on_model_change, dispatch_uid="pgo_cache_post_delete")
m2m_changed.connect(_on_m2m_change, dispatch_uid="pgo_cache_m2m_changed")
