"""Related rows read inside the main query, as one JSON array per row.

``prefetch_related`` costs one more query per relation and a model instance per related row;
for the short lists of an API page (a commitment's co-owners and partners) that is most of the
page's time. ``JSONRows`` reads them in the same query as a correlated sub-query that
aggregates them into a JSON array (``json_agg`` on PostgreSQL, ``json_group_array`` on
SQLite); each row then carries a list of plain dicts::

    Commitment.objects.annotate(
        partner_list=JSONRows(
            Partner.objects.filter(commitments=OuterRef("pk")).values("id", "slug", "name"),
            order_by=("name", "id"),
        )
    )

The items are in ``order_by`` order: PostgreSQL sorts them inside the aggregate, with the
database's collation like the rest of the site; SQLite (which does not promise the order of an
aggregate's input) leaves it to Python, whose code-point order is SQLite's own ``BINARY`` one.

Only integer and text columns can be read: in JSON, other types would not come back as the
model field's Python values (dates as strings, decimals as floats, booleans as 0/1 on SQLite).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from django.db import NotSupportedError
from django.db.models import (
    AutoField,
    BigAutoField,
    CharField,
    IntegerField,
    QuerySet,
    Subquery,
    TextField,
)

# CharField covers slugs, URLs and e-mail addresses; IntegerField its small and big kinds.
READABLE_FIELDS = (AutoField, BigAutoField, IntegerField, CharField, TextField)


class JSONRowsField(TextField):
    """Output field of ``JSONRows``: decodes the array (and sorts it on SQLite)."""

    def __init__(self, *args: Any, order_by: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_by = tuple(order_by)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> list[dict]:
        rows = orjson.loads(value) if value else []
        if self.order_by and len(rows) > 1 and connection.vendor != "postgresql":
            keys = self.order_by
            rows.sort(key=lambda row: tuple((row[k] is None, row[k]) for k in keys))
        return rows


class JSONRows(Subquery):
    """The rows of ``queryset`` (a ``values()`` of concrete columns) as a list of dicts."""

    def __init__(self, queryset: QuerySet, *, order_by: Sequence[str] = ()) -> None:
        names = list(queryset.query.values_select)
        if not names or queryset.query.annotation_select:
            raise ValueError("JSONRows needs a values() of the model's own columns")
        meta = queryset.model._meta
        for name in names:
            field = meta.get_field(name)
            if not name.isidentifier() or getattr(field, "column", None) != name:
                raise ValueError(f"JSONRows: {name!r} is not a column of its own name")
            if not isinstance(field, READABLE_FIELDS):
                raise ValueError(f"JSONRows: {name!r} is neither an integer nor a text column")
        unknown = set(order_by) - set(names)
        if unknown:
            raise ValueError(f"JSONRows: cannot sort on unread columns {sorted(unknown)}")
        self.names = names
        self.order_by = tuple(order_by)
        super().__init__(queryset.order_by(), output_field=JSONRowsField(order_by=order_by))

    def as_sql(self, compiler, connection, template=None, **extra_context):
        if connection.vendor == "postgresql":
            # the names are model field names (identifiers), checked in __init__
            order = ", ".join(f"_rows.{connection.ops.quote_name(name)}" for name in self.order_by)
            order = f" ORDER BY {order}" if order else ""
            template = (
                f"(SELECT COALESCE(json_agg(row_to_json(_rows){order}), '[]')::text "  # noqa: S608
                "FROM (%(subquery)s) _rows)"
            )
        elif connection.vendor == "sqlite":
            # the names are model field names (identifiers), checked in __init__
            pairs = ", ".join(
                f"'{name}', _rows.{connection.ops.quote_name(name)}" for name in self.names
            )
            template = (
                f"(SELECT COALESCE(json_group_array(json_object({pairs})), '[]') "  # noqa: S608
                "FROM (%(subquery)s) _rows)"
            )
        else:
            raise NotSupportedError(f"JSONRows does not support {connection.vendor}")
        return super().as_sql(compiler, connection, template=template, **extra_context)
