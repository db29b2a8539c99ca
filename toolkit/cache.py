"""Cache of the public pages for anonymous visitors, made stale per scope when data changes.

Every cached page (and every API keys list, ``toolkit.api.pagination``) is stored under a key
that contains *version tokens*: the global one, plus the one of the page's scope:

* ``commitment:<plan slug>:<number>``: a commitment's page and feed;
* ``plan:<plan slug>``: a plan's page and feed;
* ``administration:<slug>``: an administration's page and feed;
* ``lists``: every page that shows many commitments across plans (home, lists, method page,
  glossary, open data…) and the API lists.

The scope of a page is read from its URL arguments (``page_scope``). ``scopes_bump(scopes)``
gives new tokens to some scopes, which makes only their pages stale; ``data_version_bump()``
gives a new global token (everything stale). Who bumps what (see ARCHITECTURE.md):

* a write service (``commitments.events.data_changed``) bumps the changed commitments' own
  scopes after its commit: their pages are fresh at once, every other page stays warm;
* the score recompute of those commitments (coalesced, a few seconds later) bumps their
  commitment, plan and administration scopes and ``lists``: the pages that show their scores
  and roll-ups refresh once per run, not once per write (``scores_recompute(bump_pages=False)``);
* anything else (the admin site, the full or nightly recompute, a method change) bumps the
  global token, through the signal safety net below.

The tokens live in the cache. A Redis outage makes every read a miss (``FailOpenRedisCache``):
pages are built from the database; a bump that could not be stored is replayed as a global bump
by the process that missed it, as soon as it sees the cache back. That memory dies with the
process (a restart, a gunicorn worker recycled), so the miss is also handed to the
``MISSED_BUMP_KEEPERS``: ``resilience`` stores it in the database, and its periodic drain makes
the global bump once Redis answers, whichever process missed it.

With the local-memory cache (the embedded default, one process) a write made by another
process, such as a management command, is seen when the cached page expires
(``PAGE_CACHE_SECONDS``, five minutes by default).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from .redis_cache import RECOVERY_CALLBACKS, cache_is_down

log = logging.getLogger(__name__)

DATA_VERSION_KEY = "pgo:data-version"
SCOPE_KEY_PREFIX = "pgo:scope-version"
PAGE_KEY_PREFIX = "pgo:page"
CACHE_HEADER = "X-Cache"
LISTS_SCOPE = "lists"
# Apps whose rows appear on the public pages; their writes make the pages stale.
PUBLIC_APPS = frozenset({"commitments", "indicators", "milestones"})
# Rows of those apps that never appear on a public page.
PRIVATE_MODELS = frozenset({"membership", "profile", "reminderoutbox"})

_missed_bump = {"global": False}


def page_cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 300))


def _scope_key(scope: str) -> str:
    return f"{SCOPE_KEY_PREFIX}:{scope}"


def _new_token() -> str:
    return uuid.uuid4().hex[:16]


# Called (never raising) each time a bump could not be stored: whoever keeps it beyond this
# process's memory registers here (``resilience.pending``, in the database).
MISSED_BUMP_KEEPERS: list[Callable[[], None]] = []


def _bump_missed() -> None:
    _missed_bump["global"] = True
    for keep in list(MISSED_BUMP_KEEPERS):
        try:
            keep()
        except Exception:  # the fallback of a failure must not fail the write
            log.exception("could not keep a missed data-version bump")


def _replay_missed_bump() -> None:
    if _missed_bump["global"]:
        _missed_bump["global"] = False
        data_version_bump()


RECOVERY_CALLBACKS.append(_replay_missed_bump)


def versions(scopes: Iterable[str] = ()) -> str:
    """The tokens of the global version and of ``scopes``, joined (created on first use).

    One cache round trip when they exist; a cache outage gives ``"0"`` for each (the caller's
    cache read then misses as well)."""
    if _missed_bump["global"] and not cache_is_down():
        _replay_missed_bump()
    keys = [DATA_VERSION_KEY, *(_scope_key(s) for s in scopes)]
    try:
        found = cache.get_many(keys)
    except Exception:
        log.warning("cache unavailable: data versions unknown", exc_info=True)
        found = {}
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None and not cache_is_down():
            try:
                cache.add(key, _new_token(), timeout=None)
                token = cache.get(key)
            except Exception:
                log.warning("cache unavailable: data versions unknown", exc_info=True)
        tokens.append(str(token or "0"))
    return ".".join(tokens)


def data_version() -> str:
    """The version of what the lists show (global and ``lists`` tokens)."""
    return versions((LISTS_SCOPE,))


def scopes_bump(scopes: Iterable[str]) -> None:
    """Make the pages of ``scopes`` stale. Call it after a commit."""
    scopes = sorted(set(scopes))
    if not scopes:
        return
    try:
        cache.set_many({_scope_key(s): _new_token() for s in scopes}, timeout=None)
    except Exception:
        log.warning("could not bump the versions of %s", scopes, exc_info=True)
    if cache_is_down():  # not stored: everything is made stale once the cache is back
        _bump_missed()


def data_version_bump() -> str:
    """Make every cached public page stale; returns the new global token. Call it after a
    commit."""
    version = _new_token()
    try:
        cache.set(DATA_VERSION_KEY, version, timeout=None)
    except Exception:  # a cache outage must never break a write
        log.warning("could not bump the data version", exc_info=True)
    if cache_is_down():
        _bump_missed()
    else:
        _missed_bump["global"] = False
    return version


def page_scope(kwargs: dict) -> str:
    """The scope of a public page, from its URL arguments (the convention of ``public.urls``)."""
    if "plan_slug" in kwargs and "number" in kwargs:
        return f"commitment:{kwargs['plan_slug']}:{kwargs['number']}"
    if "plan_slug" in kwargs:
        return f"plan:{kwargs['plan_slug']}"
    if "slug" in kwargs:
        return f"administration:{kwargs['slug']}"
    return LISTS_SCOPE


def _scope_of(request: HttpRequest, kwargs: dict) -> str:
    """``page_scope`` for the pages of ``public.urls`` (whose arguments follow its convention);
    the pages of other apps (an organisation's, a consultation's: a ``slug`` that is not an
    administration's) go with the lists."""
    match = getattr(request, "resolver_match", None)
    return page_scope(kwargs) if match is not None and match.namespace == "public" else LISTS_SCOPE


def page_cache_key(
    request: HttpRequest, *, version: str | None = None, scope: str = LISTS_SCOPE
) -> str:
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
    language = getattr(request, "LANGUAGE_CODE", None) or get_language() or "fr"
    return f"{PAGE_KEY_PREFIX}:{version or versions((scope,))}:{language}:{digest}"


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
        key = page_cache_key(request, scope=_scope_of(request, kwargs))
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
SCOPED_ATTR = "_pgo_data_version_scoped"


def scoped_invalidation_declared() -> None:
    """A write service calls it inside its transaction when it bumps the right scopes itself
    (``commitments.events.data_changed``): the safety net then skips its global bump for this
    transaction. Outside a transaction it does nothing."""
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        return
    marker = getattr(conn, SCOPED_ATTR, None)
    if marker is not None and any(entry[1] is marker for entry in conn.run_on_commit):
        return

    def clear() -> None:
        # A safety-net bump registered later in this commit clears the marker itself.
        if getattr(conn, _PENDING_ATTR, None) is None and getattr(conn, SCOPED_ATTR, None) is clear:
            setattr(conn, SCOPED_ATTR, None)

    setattr(conn, SCOPED_ATTR, clear)
    transaction.on_commit(clear)


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
        if getattr(conn, SCOPED_ATTR, None) is not None:  # a service bumps what changed
            setattr(conn, SCOPED_ATTR, None)
            return
        data_version_bump()

    marker = getattr(conn, SCOPED_ATTR, None)
    if marker is not None and not any(entry[1] is marker for entry in conn.run_on_commit):
        setattr(conn, SCOPED_ATTR, None)  # left over by a rolled-back transaction
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
