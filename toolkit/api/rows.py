"""Rows read as plain dicts instead of model instances, for the API's lists.

Building a model instance costs a few microseconds per object (``Model.__init__`` sets every
field, ``select_related`` builds one more instance per related row and links them); a page of
100 commitments with their plan, axis and lead administration is 400 instances, a large share
of the page's time. The API only reads values, so ``as_rows(queryset)`` yields ``Row``
objects instead: dicts of the selected columns (``attname`` keys, ``pk`` too), the
``select_related`` objects nested as rows under their field name, the annotations as keys. A
``Row`` also answers attribute access (``row.plan.slug``), so serializers and helpers written
for model instances read it unchanged, as long as they read fields, not model methods or
properties.

Forward ``select_related`` (foreign keys) and annotations are supported; ``prefetch_related``
and reverse one-to-one relations are refused.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, Lookup, QuerySet
from django.db.models.query import BaseIterable


class Row(dict):
    """A row: a dict whose keys are also read as attributes."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _reader(klass_info: dict, select: list) -> Callable[[tuple], Row | None]:
    """A function building the row of one model (and its related rows) from a result row."""
    if klass_info.get("from_parent"):
        raise NotImplementedError("as_rows: multi-table inheritance is not supported")
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    names = [column[0].target.attname for column in select[start:end]]
    pk_index = names.index(klass_info["model"]._meta.pk.attname)
    related = []
    for info in klass_info.get("related_klass_infos", ()):
        if info["reverse"]:
            raise NotImplementedError("as_rows: reverse select_related is not supported")
        related.append((info["field"].name, _reader(info, select)))

    def read(result: tuple) -> Row | None:
        values = result[start:end]
        key = values[pk_index]
        if key is None:  # a LEFT JOIN found no related row
            return None
        row = Row(zip(names, values, strict=True))
        row["pk"] = key
        for name, read_related in related:
            row[name] = read_related(result)
        return row

    return read


class RowIterable(BaseIterable):
    """Like Django's ``ModelIterable``, but yields ``Row`` dicts."""

    def __iter__(self) -> Iterator[Row]:
        queryset: Any = self.queryset
        if queryset._prefetch_related_lookups:
            raise ValueError("as_rows: prefetch_related is not supported; use JSONRows")
        compiler = queryset.query.get_compiler(using=queryset.db)
        results = compiler.execute_sql(chunked_fetch=self.chunked_fetch, chunk_size=self.chunk_size)
        read = _reader(compiler.klass_info, compiler.select)
        annotations = list(compiler.annotation_col_map.items())
        for result in compiler.results_iter(results):
            row = read(result)
            assert row is not None  # a row's own primary key is never null
            for name, index in annotations:
                row[name] = result[index]
            yield row


def as_rows(queryset: QuerySet) -> QuerySet:
    """The same queryset, yielding ``Row`` dicts instead of model instances."""
    clone: Any = queryset._chain()  # type: ignore[attr-defined]
    clone._iterable_class = RowIterable
    return clone


class AnyOf(Lookup):
    """``field__any=[1, 2, 3]``: the field is one of the values, sent as *one* parameter.

    ``__in`` writes one placeholder per value, which Django prepares one by one: for the 100
    keys of an API page that is most of the time spent building the query. Here the list is
    a single array (PostgreSQL: ``= ANY(%s)``) or JSON document (SQLite: ``json_each``).
    Integer values only (primary keys).
    """

    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [int(value) for value in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", (*lhs_params, values)
        if connection.vendor == "sqlite":
            sql = f"{lhs} IN (SELECT value FROM json_each(%s))"  # noqa: S608 - lhs is a column
            return sql, (*lhs_params, json.dumps(values))
        if not values:
            raise EmptyResultSet
        placeholders = ", ".join(["%s"] * len(values))
        return f"{lhs} IN ({placeholders})", (*lhs_params, *values)


Field.register_lookup(AnyOf)
