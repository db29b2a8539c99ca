"""The columns of a resource's CSV, read from the serializer that writes it and the models
behind it: name, type, format, whether a value is always there, the allowed values, bounds,
and what it points at.

The walk is the CSV renderer's (``toolkit.api.csv_renderer``: nested objects flattened into
``a.b`` columns, lists joined with `` | ``), keeping each level's field so nothing is guessed:

* the **type** comes from the serializer field (``IntegerField`` → integer, ``DecimalField`` →
  number, ``DateTimeField`` → datetime…), for a method field from its ``extend_schema_field``
  annotation or its return type;
* a value is **required** (never empty) when no level of its path may be null or blank: the
  serializer fields (``allow_null``, ``allow_blank``) and, for text, the model field
  (``blank``); a column inside a list is never required (an empty list is an empty cell);
* the **allowed values** come from the choices (``ChoiceField``, the flags of ``FlagsField``,
  a method field annotated with a ``ChoiceField``), with their labels;
* **bounds** come from the model: positive integer fields, and check constraints that bound the
  column alone (``Q(progress__gte=0, progress__lte=100)``);
* a column **points at** another resource when its model field is a foreign key, or a unique
  field of another resource's model reached through a relation (``plan.slug``).
"""

from __future__ import annotations

import decimal
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import ForeignObjectRel, Q
from django.db.models.fields import PositiveIntegerRelDbTypeMixin
from drf_spectacular.drainage import get_override
from rest_framework import serializers

from toolkit.api.csv_renderer import LIST_SEPARATOR

SLUG_PATTERN = "[-a-zA-Z0-9_]+"
INTEGER_PATTERN = "-?[0-9]+"


@dataclass(frozen=True)
class Level:
    """One step of a column's path: the serializer class that declares the field, its name."""

    serializer_class: type
    name: str
    field: serializers.Field


@dataclass
class Column:
    name: str  # the CSV header, e.g. "lead_administration.slug"
    levels: list[Level]
    in_list: bool  # inside a list: the cell joins one value per item with " | "
    model_field: models.Field | None  # the model field the value is read from, if known
    type: str = "string"
    format: str | None = None
    required: bool = False
    unique: bool = False
    choices: list[tuple[str, Any]] = field(default_factory=list)  # (value, label)
    minimum: int | float | None = None
    maximum: int | float | None = None
    pattern: str | None = None
    references: tuple[type[models.Model], str] | None = None  # (model, unique field name)

    @property
    def leaf(self) -> serializers.Field:
        return self.levels[-1].field


def _walk(
    serializer: serializers.Serializer, prefix: tuple[Level, ...] = (), in_list: bool = False
) -> Iterator[tuple[tuple[Level, ...], bool]]:
    """(levels, in a list) for every leaf field, as ``csv_renderer._walk`` orders them."""
    for name, fld in serializer.fields.items():
        level = Level(type(serializer), name, fld)
        if isinstance(fld, serializers.ListSerializer) and isinstance(
            fld.child, serializers.Serializer
        ):
            for levels, _inside in _walk(fld.child, (*prefix, level), True):
                yield levels, True
        elif isinstance(fld, serializers.Serializer):
            yield from _walk(fld, (*prefix, level), in_list)
        else:
            yield (*prefix, level), in_list


def _model_field(root: type[models.Model], levels: list[Level]) -> models.Field | None:
    """The model field a leaf is read from, following each level's ``source`` through the
    relations; None when a level reads something that is not a model field (an annotation, a
    method, a prefetched list)."""
    model: type[models.Model] | None = root
    found: models.Field | None = None
    for level in levels:
        source = level.field.source
        if source == "*":
            continue
        for part in source.split("."):
            if model is None:
                return None
            try:
                found = model._meta.get_field(part)  # type: ignore[assignment]
            except FieldDoesNotExist:
                return None
            if isinstance(found, ForeignObjectRel):  # a reverse relation: a list, not a value
                return None
            model = found.related_model if found.is_relation else None  # type: ignore[union-attr,assignment]
    return found


def _method_output(level: Level) -> tuple[serializers.Field | None, type | None, bool]:
    """A method field's declared output: its annotation (a field), or its return type and
    whether it may be None."""
    method = getattr(level.serializer_class, f"get_{level.name}", None)
    if method is None:
        return None, None, True
    annotated = get_override(method, "field")
    if isinstance(annotated, serializers.Field):
        return annotated, None, False
    hint = typing.get_type_hints(method).get("return")
    args = typing.get_args(hint) or (hint,)
    kinds = [a for a in args if a is not type(None)]
    return None, (kinds[0] if len(kinds) == 1 else None), type(None) in args


_FIELD_TYPES: list[tuple[type, str, str | None]] = [
    # most specific first
    (serializers.BooleanField, "boolean", None),
    (serializers.IntegerField, "integer", None),
    (serializers.DecimalField, "number", None),
    (serializers.FloatField, "number", None),
    (serializers.DateTimeField, "datetime", None),
    (serializers.DateField, "date", None),
    (serializers.URLField, "string", "uri"),
    (serializers.EmailField, "string", "email"),
    (serializers.SlugField, "string", None),
    (serializers.ChoiceField, "string", None),
    (serializers.CharField, "string", None),
]
_PYTHON_TYPES = {
    bool: "boolean",
    int: "integer",
    float: "number",
    decimal.Decimal: "number",
    str: "string",
}


def _type_of(fld: serializers.Field) -> tuple[str, str | None]:
    for klass, kind, fmt in _FIELD_TYPES:
        if isinstance(fld, klass):
            return kind, fmt
    return "string", None  # JSON values, lists: their text


def _choices(fld: serializers.Field, root: type[models.Model]) -> list[tuple[str, Any]]:
    flags = getattr(fld, "flags", None)
    if flags is not None:  # FlagsField: the codes of the boolean columns that are set
        return [(code, root._meta.get_field(column).verbose_name) for code, column in flags]
    target = fld.child if isinstance(fld, serializers.ListField) else fld
    if isinstance(target, serializers.ChoiceField):
        return [(str(value), label) for value, label in target.choices.items()]
    return []


def _bounds(model_field: models.Field) -> tuple[int | float | None, int | float | None]:
    """Bounds of a model field: positive integer fields, and check constraints of its model that
    bound this field alone (``isnull`` or comparisons of this field with numbers)."""
    low: int | float | None = None
    high: int | float | None = None
    if isinstance(model_field, PositiveIntegerRelDbTypeMixin):
        low = 0
    name = model_field.name
    for constraint in model_field.model._meta.constraints:
        condition = getattr(constraint, "condition", None)
        leaves = list(_leaves(condition)) if isinstance(condition, Q) else []
        if not leaves or not all(key.startswith(f"{name}__") for key, _v in leaves):
            continue
        for key, value in leaves:
            lookup = key.removeprefix(f"{name}__")
            if not isinstance(value, int | float | decimal.Decimal) or isinstance(value, bool):
                continue
            number = int(value) if float(value).is_integer() else float(value)
            if lookup == "gte":
                low = number if low is None else max(low, number)
            elif lookup == "lte":
                high = number if high is None else min(high, number)
    return low, high


def _leaves(q: Q) -> Iterator[tuple[str, Any]]:
    for child in q.children:
        if isinstance(child, Q):
            yield from _leaves(child)
        else:
            yield child


def _required(column: Column, root: type[models.Model]) -> bool:
    if column.in_list:
        return False
    for level in column.levels:
        fld = level.field
        if getattr(fld, "allow_null", False) or getattr(fld, "allow_blank", False):
            return False
    if isinstance(column.leaf, serializers.ListField):
        return False  # an empty list is an empty cell
    model_field = column.model_field
    if isinstance(column.leaf, serializers.SerializerMethodField):
        # a method's text is there when it is a code (annotated choice) or a link
        return column.type != "string" or bool(column.choices) or column.format == "uri"
    if column.type == "string":
        # text is never empty only when its model field says so
        return model_field is not None and not model_field.blank and not model_field.null
    return not (model_field is not None and model_field.null)


def columns_of(serializer_class: type, filterset_class: type) -> list[Column]:
    """The CSV columns of ``serializer_class``, whose rows are picked by ``filterset_class``
    (rows of its ``Meta.model``), in the CSV's order."""
    root: type[models.Model] = filterset_class._meta.model
    by_filter = _filter_constraints(filterset_class)
    result = []
    for levels, in_list in _walk(serializer_class()):
        levels_list = list(levels)
        column = Column(
            name=".".join(level.name for level in levels_list),
            levels=levels_list,
            in_list=in_list,
            model_field=None
            if in_list or isinstance(levels_list[-1].field, serializers.SerializerMethodField)
            else _model_field(root, levels_list),
        )
        leaf = column.leaf
        nullable_method = False
        described: serializers.Field = leaf
        if isinstance(leaf, serializers.SerializerMethodField):
            annotated, python_type, nullable_method = _method_output(levels_list[-1])
            if annotated is not None:
                described = annotated
                column.type, column.format = _type_of(annotated)
            else:
                column.type = _PYTHON_TYPES.get(python_type, "string")  # type: ignore[arg-type]
                if column.name.rsplit(".", 1)[-1].endswith("url"):
                    column.format = "uri"
        elif isinstance(leaf, serializers.ListField | serializers.JSONField):
            column.type = "string"
        else:
            column.type, column.format = _type_of(leaf)
        column.choices = _choices(described, root)
        if column.in_list or isinstance(leaf, serializers.ListField):
            _as_joined_list(column, described)
        else:
            column.required = _required(column, root) and not nullable_method
            if isinstance(described, serializers.SlugField):
                column.pattern = SLUG_PATTERN
            if column.model_field is not None:
                column.minimum, column.maximum = _bounds(column.model_field)
                column.unique = (
                    column.model_field.unique
                    and column.model_field.model is root
                    and len(levels_list) == 1
                )
                column.references = _reference(column, root)
                _narrow(
                    column, by_filter.get(column.model_field.name) if len(levels) == 1 else None
                )
        result.append(column)
    return result


def _filter_constraints(filterset_class: type) -> dict[str, dict[str, Any]]:
    """What the FilterSet accepts for a model field of its rows: the choices of a
    ``ChoiceFilter``, the bounds of a bounded number filter (``measurability_min`` 0–8)."""
    found: dict[str, dict[str, Any]] = {}
    for filter_ in filterset_class.base_filters.values():
        if filter_.method is not None:
            continue
        entry = found.setdefault(filter_.field_name, {})
        choices = filter_.extra.get("choices")
        if choices:
            entry["choices"] = [(str(value), label) for value, label in choices]
        if "min_value" in filter_.extra:
            entry["minimum"] = filter_.extra["min_value"]
        if "max_value" in filter_.extra:
            entry["maximum"] = filter_.extra["max_value"]
    return found


def _narrow(column: Column, accepted: dict[str, Any] | None) -> None:
    if not accepted:
        return
    if not column.choices and accepted.get("choices"):
        column.choices = accepted["choices"]
    if accepted.get("minimum") is not None:
        low = accepted["minimum"]
        column.minimum = low if column.minimum is None else max(column.minimum, low)
    if accepted.get("maximum") is not None:
        high = accepted["maximum"]
        column.maximum = high if column.maximum is None else min(column.maximum, high)


def _as_joined_list(column: Column, described: serializers.Field) -> None:
    """A cell holding one value per item, joined with " | ": text, with a pattern when the
    items are codes, slugs or integers."""
    item = described.child if isinstance(described, serializers.ListField) else described
    choices = [value for value, _label in column.choices]
    if choices:
        one = "(" + "|".join(re.escape(c) for c in choices) + ")"
    elif isinstance(item, serializers.SlugField):
        one = SLUG_PATTERN
    elif isinstance(item, serializers.IntegerField):
        one = INTEGER_PATTERN
    else:
        one = None
    separator = LIST_SEPARATOR.replace("|", "\\|")
    column.type, column.format = "string", None
    column.pattern = None if one is None else f"{one}({separator}{one})*"


def _reference(column: Column, root: type[models.Model]) -> tuple[type[models.Model], str] | None:
    """What the column points at: a foreign key's target, or a unique field of another model."""
    model_field = column.model_field
    if model_field is None:
        return None
    if isinstance(model_field, models.ForeignKey):
        return model_field.related_model, model_field.target_field.name  # type: ignore[return-value]
    if model_field.unique and model_field.model is not root:
        return model_field.model, model_field.name
    return None
