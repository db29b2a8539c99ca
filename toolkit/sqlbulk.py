"""Set-wise writes in one SQL statement whatever the number of rows, on PostgreSQL and SQLite.

Rows travel as one JSON parameter, unpacked by the database (``jsonb_to_recordset`` on
PostgreSQL, ``json_each`` on SQLite ≥ 3.33), so an UPDATE of 50,000 rows is one statement
and no batch size or parameter limit applies.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from typing import Any

from django.db import connection

# (column name, PostgreSQL type); SQLite needs no type.
Columns = Sequence[tuple[str, str]]


def _source(columns: Columns) -> str:
    if connection.vendor == "postgresql":
        spec = ", ".join(f"{name} {sqltype}" for name, sqltype in columns)
        return f"jsonb_to_recordset(%s::jsonb) AS v({spec})"
    fields = ", ".join(f"json_extract(j.value, '$.{name}') AS {name}" for name, _ in columns)
    return f"(SELECT {fields} FROM json_each(%s) AS j) AS v"


def _payload(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(rows), default=str, separators=(",", ":"))


def bulk_update_json(
    *, table: str, key: str, columns: Columns, rows: Sequence[dict[str, Any]], extra_set: str = ""
) -> int:
    """UPDATE ``table`` SET each column (but ``key``) from ``rows`` matched on ``key``."""
    if not rows:
        return 0
    quote = connection.ops.quote_name
    assignments = [f"{quote(name)} = v.{name}" for name, _ in columns if name != key]
    if extra_set:
        assignments.append(extra_set)
    sql = (
        f"UPDATE {quote(table)} SET {', '.join(assignments)} "
        f"FROM {_source(columns)} WHERE {quote(table)}.{quote(key)} = v.{key}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_payload(rows)])
        return cursor.rowcount


def bulk_upsert_json(
    *,
    table: str,
    conflict: Sequence[str],
    columns: Columns,
    rows: Sequence[dict[str, Any]],
) -> int:
    """INSERT rows, updating the non-conflict columns of rows that already exist."""
    if not rows:
        return 0
    quote = connection.ops.quote_name
    names = [name for name, _ in columns]
    updates = ", ".join(f"{quote(n)} = excluded.{quote(n)}" for n in names if n not in conflict)
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(map(quote, names))}) "
        f"SELECT {', '.join(f'v.{n}' for n in names)} FROM {_source(columns)} WHERE true "
        f"ON CONFLICT ({', '.join(map(quote, conflict))}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_payload(rows)])
        return cursor.rowcount


def delete_except_json(*, table: str, key: str, keep: Sequence[Any]) -> int:
    """DELETE the rows of ``table`` whose ``key`` is not in ``keep``."""
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        values = "SELECT jsonb_array_elements_text(%s::jsonb)"
    else:
        values = "SELECT value FROM json_each(%s)"
    sql = f"DELETE FROM {quote(table)} WHERE {quote(key)} NOT IN ({values})"
    with connection.cursor() as cursor:
        cursor.execute(sql, [json.dumps([str(k) for k in keep])])
        return cursor.rowcount


def db_timestamp(moment: datetime.datetime) -> str:
    """``moment`` as the database stores it, for a JSON row: UTC (SQLite compares timestamps as
    text, so the format must be Django's)."""
    stamp = moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return f"{stamp}+00:00" if connection.vendor == "postgresql" else stamp


def timestamp_sql(column: str, moment: datetime.datetime) -> str:
    """``column = <moment>`` for an ``extra_set``: a literal built from our own clock."""
    if connection.vendor == "postgresql":
        return f"{connection.ops.quote_name(column)} = TIMESTAMPTZ '{db_timestamp(moment)}'"
    return f"{connection.ops.quote_name(column)} = '{db_timestamp(moment)}'"
