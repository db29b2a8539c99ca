"""CSV of the public API: ``?format=csv`` on every list and the CSV files of the bulk downloads.

UTF-8 with a byte-order mark so spreadsheets pick the encoding, comma-separated, one row per
object, nested objects flattened into dotted columns (``plan.slug``), lists joined with
`` | ``, and a text cell that starts like a formula prefixed with ``'`` (CSV injection), never a
number (``-17.90``, a list of numbers ``-17.90 | 3``: a spreadsheet reads them as numbers and
they cannot hold a formula; decimals come as text from the serializers). The
columns come from the serializer's fields; the cells of a row are built by one generated
function per serializer class (``_row_of``), checked equal to the plain rule
(``_cell(_pluck(row, path))``) by ``tests/api/test_csv.py``.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = " | "
_NUMBER = r"[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?"
# A number, or numbers joined as a list cell is: no formula can hide there.
NUMBERS_RE = re.compile(rf"{_NUMBER}(?: \| {_NUMBER})*")


def _guard(text: str) -> str:
    """``text`` prefixed with ``'`` when it starts like a formula and is not a number."""
    if text.startswith(FORMULA_PREFIXES) and NUMBERS_RE.fullmatch(text) is None:
        return "'" + text
    return text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    text = str(value)
    # A text cell starting like a formula would run in a spreadsheet (CSV injection).
    return _guard(text) if isinstance(value, str) else text


@functools.lru_cache(maxsize=64)
def _columns_of(serializer_class: type) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(_walk(serializer_class()))


def _walk(serializer: serializers.Serializer, prefix: tuple[str, ...] = ()):
    """(header, path) for every leaf field, nested serializers flattened; ``*`` in a path
    stands for every item of a list."""
    for name, field in serializer.fields.items():
        path = (*prefix, name)
        if isinstance(field, serializers.ListSerializer) and isinstance(
            field.child, serializers.Serializer
        ):
            for header, sub in _walk(field.child, ()):
                yield f"{'.'.join(path)}.{header}", (*path, "*", *sub)
        elif isinstance(field, serializers.Serializer):
            yield from _walk(field, path)
        else:
            yield ".".join(path), path


def _pluck(item: Any, path: Sequence[str]) -> Any:
    for n, key in enumerate(path):
        if key == "*":
            rest = path[n + 1 :]
            values = [_pluck(element, rest) for element in item or ()]
            return LIST_SEPARATOR.join(_cell(v) for v in values)
        if item is None:
            return None
        item = item.get(key)
    if isinstance(item, list) and all(not isinstance(v, dict | list) for v in item):
        return LIST_SEPARATOR.join(_cell(v) for v in item)
    return item


def _leaf_cell(value: Any) -> str:
    """``_cell`` of what ``_pluck`` gives for ``value`` at the end of a path (a list of plain
    values is joined), with the common cases first."""
    kind = value.__class__
    if kind is str:
        return _guard(value) if value.startswith(FORMULA_PREFIXES) else value
    if value is None:
        return ""
    if kind is int:
        return str(value)
    if kind is list and all(not isinstance(v, dict | list) for v in value):
        return _cell(LIST_SEPARATOR.join(_cell(v) for v in value))
    return _cell(value)


@functools.lru_cache(maxsize=64)
def _row_of(serializer_class: type) -> Callable[[dict], list[str]]:
    """The cells of one serialized object, as one generated function per serializer class
    (a list display: no call per column but the cell's conversion); equal to
    ``[_cell(_pluck(row, path)) for each column]``, which ``tests/api/test_csv.py`` checks."""
    namespace: dict[str, Any] = {"cell": _leaf_cell}
    cells = []
    for n, (_header, path) in enumerate(_columns_of(serializer_class)):
        if "*" in path:
            namespace[f"c{n}"] = functools.partial(
                lambda row, path: _cell(_pluck(row, path)), path=path
            )
            cells.append(f"c{n}(row)")
            continue
        expression = f"row.get({path[0]!r})"
        for depth, key in enumerate(path[1:], start=1):
            expression = f"(None if (x{depth} := {expression}) is None else x{depth}.get({key!r}))"
        cells.append(f"cell({expression})")
    source = (
        "def cells(row):\n    return [\n" + "".join(f"        {c},\n" for c in cells) + "    ]\n"
    )
    exec(compile(source, f"<CSV of {serializer_class.__name__}>", "exec"), namespace)  # noqa: S102
    return namespace["cells"]


def csv_headers(serializer_class: type) -> list[str]:
    return [header for header, _path in _columns_of(serializer_class)]


def csv_bytes(serializer_class: type, rows: Iterable[dict]) -> bytes:
    """The CSV of ``rows`` (serialized by ``serializer_class``), UTF-8 with a byte-order mark."""
    columns = _columns_of(serializer_class)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for header, _path in columns])
    cells = _row_of(serializer_class)
    writer.writerows(cells(row) for row in rows)
    return buffer.getvalue().encode("utf-8")


class CsvRenderer(BaseRenderer):
    """``?format=csv``: one row per object, columns from the serializer's fields."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        view = (renderer_context or {}).get("view")
        serializer_class = view.get_serializer_class()
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        return csv_bytes(serializer_class, rows)
