"""Pagination of the public API lists: page numbers, a strict page size, a ``Link`` header, and
the ordered keys of each list kept for the current data version.

A watchdog's script walks a list page by page with the same filters. Counting the matching rows,
then sorting them all again to skip to page N, is most of what a page of a large list costs the
database. So the first page *beyond the first* asked for a list (one set of filters, one data
version) reads the primary keys of *all* its rows, in order, in one narrow query, and keeps them
in the cache in chunks of ``KEYS_CHUNK``; every other page of that list finds its count and its
keys there (one cache round trip) and reads only its own rows, by key. The first page itself
counts and reads its rows in the database (``page_by_keys``): most clients ask for one page
only, and reading every key for it made it grow with the database.

It is safe because:

* the cache key holds the data version (``toolkit.cache``) and the SQL of the keys query
  with its parameters (filters, today's date for "late"…). The services, the admin (signals)
  and the score recompute bump the version after their writes; a write that bypasses them
  (``QuerySet.update``, ``bulk_create``), or one made by another process when the cache is the
  per-process local memory, shows in the lists after ``PAGE_CACHE_SECONDS`` at most;
* the rows are still read through the list's own filtered queryset (``pk__any`` the page's
  keys), so a key that no longer matches can only make a page shorter, never show a row it
  should not;
* a missing chunk (eviction) or a cache outage just means reading from the database again.

A list longer than ``API_KEYS_CACHE_MAX`` rows is not kept: its pages count and skip in the
database (``page_by_keys``), and that decision is remembered for an hour, across writes. Chunks
are stored as compressed deltas: usually a few hundred bytes per thousand keys.
"""

from __future__ import annotations

import array
import hashlib
import itertools
import logging
import math
import re
import zlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from toolkit.cache import data_version, page_cache_seconds

from .rows import AnyOf  # noqa: F401 - registers the __any lookup
from .support import InvalidParameter, page_size_default, page_size_max

log = logging.getLogger(__name__)

KEYS_PREFIX = "pgo:api:keys:v2"  # v2: chunks of KEYS_CHUNK compressed deltas
KEYS_CHUNK = 1000  # keys per cache entry: a page (at most API_MAX_PAGE_SIZE) spans few chunks
TOO_LONG = object()  # what the cache says of a list too long to keep
TOO_LONG_SECONDS = 60 * 60  # how long "too long to keep" is remembered, across writes


def keys_cache_max() -> int:
    return int(getattr(settings, "API_KEYS_CACHE_MAX", 100_000))


def _strict_int(parameter: str, raw: str, *, minimum: int, maximum: int | None = None) -> int:
    text = raw.strip()
    if not re.fullmatch(r"[0-9]{1,18}", text):
        raise InvalidParameter(
            parameter, _("« %(value)s » n'est pas un nombre entier positif.") % {"value": raw[:40]}
        )
    value = int(text)
    if value < minimum or (maximum is not None and value > maximum):
        if maximum is None:
            message = _("La valeur doit être au moins %(min)d.") % {"min": minimum}
        else:
            message = _("La valeur doit être comprise entre %(min)d et %(max)d.") % {
                "min": minimum,
                "max": maximum,
            }
        raise InvalidParameter(parameter, message)
    return value


def page_by_keys(queryset: QuerySet, offset: int, size: int) -> QuerySet:
    """The rows of one page, found by their keys first.

    Sorting and skipping happen on the primary keys only (a narrow sub-query), then the page's
    rows are read whole by key, in the same order. Sorting the whole rows, wide text columns
    and joined tables included, to keep a hundred of them costs far more as the list grows.
    """
    keys = queryset.values("pk")[offset : offset + size]
    return queryset.filter(pk__in=keys)


def rows_in_order(queryset: QuerySet, keys: list[int]) -> list[Any]:
    """The rows of ``keys`` that ``queryset`` still holds, in the order of ``keys``.

    The keys are already in the list's order: the database only looks the rows up, and does
    not sort them again (nor join what the ordering needs).
    """
    if not keys:
        return []
    found = {row.pk: row for row in queryset.filter(pk__any=keys).order_by()}
    return [found[key] for key in keys if key in found]


def _pack(keys: list[int]) -> bytes:
    """A chunk of keys as compressed deltas: keys in list order are mostly close to each other,
    so a chunk of 1,000 keys (8 KB raw) usually takes a few hundred bytes."""
    deltas = array.array("q", [keys[0], *(b - a for a, b in itertools.pairwise(keys))])
    return zlib.compress(deltas.tobytes(), 1)


def _unpack(chunk: bytes) -> list[int]:
    deltas = array.array("q")
    deltas.frombytes(zlib.decompress(chunk))
    return list(itertools.accumulate(deltas))


class OrderedKeys:
    """The ordered primary keys of one filtered list, kept in the cache for the data version.

    Building one reads the cache (the data version): it raises when the cache is down, and
    the paginator then reads from the database.
    """

    def __init__(self, queryset: QuerySet) -> None:
        self.query = queryset.values_list("pk", flat=True)
        sql, params = self.query.query.sql_with_params()  # EmptyResultSet: nothing can match
        digest = hashlib.sha256(f"{queryset.db}|{sql}|{params!r}".encode()).hexdigest()[:40]
        self.prefix = f"{KEYS_PREFIX}:{data_version()}:{digest}"
        # A list too long to keep stays so across writes: that decision outlives the version.
        self.too_long_key = f"{KEYS_PREFIX}:too-long:{digest}"

    def _count_key(self) -> str:
        return f"{self.prefix}:n"

    def _chunk_key(self, index: int) -> str:
        return f"{self.prefix}:{index}"

    def cached(self, offset: int, size: int) -> tuple[int, list[int]] | object | None:
        """``(count, keys of the page)`` from the cache; ``TOO_LONG`` for a list not kept; None
        when nothing usable is cached."""
        first, last = offset // KEYS_CHUNK, (offset + size - 1) // KEYS_CHUNK
        names = [self._count_key(), self.too_long_key]
        names += [self._chunk_key(i) for i in range(first, last + 1)]
        try:
            found = cache.get_many(names)
        except Exception:  # a cache outage: read from the database
            log.exception("API keys cache unavailable")
            return None
        if found.get(self.too_long_key):
            return TOO_LONG
        count = found.get(names[0])
        if count is None:
            return None
        if offset >= count:
            return count, []
        keys: list[int] = []
        for index in range(first, min(last, (count - 1) // KEYS_CHUNK) + 1):
            chunk = found.get(self._chunk_key(index))
            if chunk is None:
                return None  # evicted: read again
            keys += _unpack(chunk)
        start = offset - first * KEYS_CHUNK
        return count, keys[start : start + size]

    def read(self) -> list[int] | None:
        """Every key, from the database; None when the list is too long to keep (and that is
        remembered)."""
        limit = keys_cache_max()
        # a key appears once even if a filter or an ordering joins a to-many relation
        keys = list(dict.fromkeys(self.query[: limit + 1]))
        if len(keys) <= limit:
            return keys
        self._store({self.too_long_key: True}, TOO_LONG_SECONDS)
        return None

    def keep(self, keys: list[int]) -> None:
        entries: dict[str, Any] = {self._count_key(): len(keys)}
        for index in range(0, len(keys), KEYS_CHUNK):
            entries[self._chunk_key(index // KEYS_CHUNK)] = _pack(keys[index : index + KEYS_CHUNK])
        self._store(entries, page_cache_seconds())

    @staticmethod
    def _store(entries: dict[str, Any], timeout: int) -> None:
        try:
            cache.set_many(entries, timeout=timeout)
        except Exception:
            log.exception("API keys cache unavailable")


class ApiPagination(BasePagination):
    """Page numbers with a strict ``page_size`` (documented maximum) and a ``Link`` header."""

    page_query_param = "page"
    page_size_query_param = "page_size"

    def requested(self, request) -> bool:
        params = request.query_params
        return bool(params.get(self.page_query_param) or params.get(self.page_size_query_param))

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:
            return page_size_default()
        return _strict_int(self.page_size_query_param, raw, minimum=1, maximum=page_size_max())

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.url = request.build_absolute_uri()
        self.links: dict[int, str] = {}
        size = self.get_page_size(request)
        raw = request.query_params.get(self.page_query_param)
        number = _strict_int(self.page_query_param, raw, minimum=1) if raw else 1
        self.number, self.size = number, size
        offset = (number - 1) * size
        try:
            ordered = OrderedKeys(queryset)
        except EmptyResultSet:  # a filter that nothing can match
            self._set_count(0)
            return []
        except Exception:  # the cache is down (the data version): read from the database
            log.exception("API keys cache unavailable")
            return self._from_database(queryset, offset, size)
        found = ordered.cached(offset, size)
        if found is None and offset == 0:
            # The first page, not kept yet: count and read its rows in the database (what one
            # page shows), without reading every key of the list: most clients ask for one
            # page, and a walk through the pages keeps the keys when it asks for the second.
            return self._from_database(queryset, offset, size)
        if found is None:
            keys = ordered.read()
            if keys is None:  # too long to keep: count and skip in the database
                return self._from_database(queryset, offset, size)
            ordered.keep(keys)
            found = (len(keys), keys[offset : offset + size])
        elif found is TOO_LONG:
            return self._from_database(queryset, offset, size)
        count, page_keys = found
        self._set_count(count)
        return rows_in_order(queryset, page_keys)

    def _from_database(self, queryset: QuerySet, offset: int, size: int) -> list[Any]:
        self._set_count(queryset.count())
        return list(page_by_keys(queryset, offset, size))

    def _set_count(self, count: int) -> None:
        self.count = count
        self.last = max(1, math.ceil(count / self.size))
        if self.number > self.last:
            raise exceptions.NotFound(
                _("La page %(page)d n'existe pas : cette liste compte %(last)d page(s).")
                % {"page": self.number, "last": self.last}
            )

    def _link(self, number: int) -> str:
        link = self.links.get(number)
        if link is None:
            if number == 1:
                link = remove_query_param(self.url, self.page_query_param)
            else:
                link = replace_query_param(self.url, self.page_query_param, number)
            self.links[number] = link
        return link

    def get_next_link(self) -> str | None:
        return self._link(self.number + 1) if self.number < self.last else None

    def get_previous_link(self) -> str | None:
        return self._link(self.number - 1) if self.number > 1 else None

    def headers(self) -> dict[str, str]:
        links = [
            f'<{url}>; rel="{rel}"'
            for rel, url in (
                ("first", self._link(1)),
                ("prev", self.get_previous_link()),
                ("next", self.get_next_link()),
                ("last", self._link(self.last)),
            )
            if url
        ]
        return {"Link": ", ".join(links), "X-Total-Count": str(self.count)}

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            },
            headers=self.headers(),
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "description": "Nombre total d'objets filtrés."},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Numéro de page, à partir de 1. Une page au-delà de la dernière "
                "répond 404.",
                "schema": {"type": "integer", "minimum": 1, "maximum": 10**18 - 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Objets par page : {page_size_default()} par défaut, "
                f"{page_size_max()} au plus (au-delà : 400).",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": page_size_max(),
                    "default": page_size_default(),
                },
            },
        ]
