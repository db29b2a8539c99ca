"""Read-only serializers compiled into one generated Python function per class.

DRF spends most of a list's time in per-field machinery: ``get_attribute`` with its exception
handling, ``SkipField`` checks, a method call per value, and, for every serializer instance, a
deep copy of the declared fields. A ``FastSerializer`` keeps its fields declared as usual (the
OpenAPI schema and the CSV columns come from them), but builds its output with a function
generated once per class, whose body is a single dict display::

    def represent_row(obj):
        return {
            "id": (None if (v := obj["id"]) is None else int(v)),
            "plan": n3(obj),                     # a nested fast serializer
            "title": (None if (v := obj["title"]) is None else str(v)),
            ...
        }

so a value costs an inline expression instead of a few function calls. Two functions are
generated: one reading dicts (``toolkit.api.rows.Row``, ``JSONRows`` items), one reading model
instances; ``to_representation`` picks by the type of the object. Each conversion is the
cheapest one that gives exactly what DRF's field gives; a field with no inline form calls a
precompiled function. ``tests/api/test_fast_serializer.py`` compares the output with DRF's own
on every endpoint.

The functions are compiled on a prototype instance: a ``SerializerMethodField`` of a fast
serializer must not read ``self.context`` (or anything else of the instance).
"""

from __future__ import annotations

import keyword
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.signals import setting_changed
from django.db.models.manager import BaseManager
from django.dispatch import receiver
from django.utils import timezone
from rest_framework import serializers
from rest_framework.settings import api_settings

Represent = Callable[[Any], dict[str, Any]]


class OptionalURLField(serializers.URLField):
    """A URL that may be missing: null rather than an empty string (which is not a URI)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str | None:
        return value or None


class OptionalEmailField(serializers.EmailField):
    """An e-mail address that may be missing: null rather than an empty string."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str | None:
        return value or None


_COMPILED: dict[type, tuple[Represent, Represent]] = {}


@receiver(setting_changed)
def _forget_compiled(**kwargs: Any) -> None:
    _COMPILED.clear()  # compiled serializers keep time zones, formats…


def _none_or(read: str, convert: str) -> str:
    """``None`` when the value read is ``None``, else ``convert`` applied to it (``v``)."""
    return f"(None if (v := {read}) is None else {convert})"


class _Generator:
    """Writes the source of one representing function and collects the names it uses."""

    def __init__(self, serializer: FastSerializer, *, dicts: bool) -> None:
        self.serializer = serializer
        self.dicts = dicts
        self.namespace: dict[str, Any] = {"Decimal": Decimal, "BaseManager": BaseManager}

    def bind(self, value: Any) -> str:
        name = f"n{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def step(self, target: str, attr: str) -> str:
        if self.dicts:
            return f"{target}[{attr!r}]"
        if attr.isidentifier() and not keyword.iskeyword(attr):
            return f"{target}.{attr}"
        return f"getattr({target}, {attr!r})"

    def read(self, attrs: tuple[str, ...], obj: str) -> str:
        """The expression reading ``attrs`` from ``obj``; ``None`` once a step is ``None``."""
        if not attrs:  # source="*"
            return obj
        if self.dicts and len(attrs) > 1:  # a path through a dict may reach an object
            return f"{self.bind(_getter(attrs))}({obj})"
        expression = self.step(obj, attrs[0])
        for n, attr in enumerate(attrs[1:], start=1):
            inner = f"p{n}"
            access = self.step(inner, attr)
            expression = f"(None if ({inner} := {expression}) is None else {access})"
        return expression

    def nested(self, field: serializers.BaseSerializer, obj: str, depth: int) -> str:
        """A nested fast serializer read from dicts is written inline (a dict display, or a
        list of them); anything else calls a precompiled function."""
        plain_access = type(field).get_attribute is serializers.Field.get_attribute
        child = field.child if isinstance(field, serializers.ListSerializer) else field
        if not (self.dicts and plain_access and isinstance(child, FastSerializer)):
            return f"{self.bind(_nested(field))}({obj})"
        item = f"o{depth}"
        inline = self.display(child, list(child._readable_fields), item, depth + 1)
        fallback = self.bind(child.to_representation)  # not a dict: the child's own function
        one = f"({inline} if isinstance({item}, dict) else {fallback}({item}))"
        read = self.read(tuple(field.source_attrs), obj)
        if isinstance(field, serializers.ListSerializer):
            items = f"({item}s.all() if isinstance({item}s, BaseManager) else {item}s)"
            return f"(None if ({item}s := {read}) is None else [{one} for {item} in {items}])"
        return f"(None if ({item} := {read}) is None else {one})"

    def value(self, field: serializers.Field, serializer: FastSerializer, obj: str, depth: int):
        if isinstance(field, serializers.SerializerMethodField):
            return f"{self.bind(getattr(serializer, field.method_name))}({obj})"
        if isinstance(field, serializers.BaseSerializer):
            return self.nested(field, obj, depth)
        read = self.read(tuple(field.source_attrs), obj)
        if isinstance(field, OptionalURLField | OptionalEmailField):
            return f"({read} or None)"
        if isinstance(field, serializers.BooleanField):
            return _none_or(read, "bool(v)")
        if isinstance(field, serializers.IntegerField):
            return _none_or(read, "int(v)")
        if isinstance(field, serializers.ChoiceField):
            lookup = self.bind(field.choice_strings_to_values)
            return f"(v if (v := {read}) in ('', None) else {lookup}.get(str(v), v))"
        if isinstance(field, serializers.CharField):  # also slugs, URLs, e-mails
            return _none_or(read, "str(v)")
        if isinstance(field, serializers.DateField) and not isinstance(
            field, serializers.DateTimeField
        ):
            return _none_or(read, "v.isoformat()")
        output = getattr(field, "format", api_settings.DATETIME_FORMAT)
        if isinstance(field, serializers.DateTimeField) and str(output).lower() == "iso-8601":
            zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
            return _none_or(read, f"{self.bind(_instant(zone))}(v)")
        if isinstance(field, serializers.DecimalField) and not field.coerce_to_string:
            represent = self.bind(field.to_representation)
            return _none_or(read, f"(v if v.__class__ is Decimal else {represent}(v))")
        if isinstance(field, serializers.JSONField) and not field.binary:
            return read
        return _none_or(read, f"{self.bind(field.to_representation)}(v)")

    def display(self, serializer: FastSerializer, fields: list, obj: str, depth: int) -> str:
        indent = "    " * (depth + 1)
        entries = "".join(
            f"{indent}    {field.field_name!r}: {self.value(field, serializer, obj, depth)},\n"
            for field in fields
        )
        return f"{{\n{entries}{indent}}}"

    def function(self, fields: list[serializers.Field]) -> Represent:
        body = self.display(self.serializer, fields, "obj", 1)
        source = f"def represent(obj):\n    return {body}\n"
        kind = "dicts" if self.dicts else "objects"
        code = compile(source, f"<{type(self.serializer).__name__} for {kind}>", "exec")
        exec(code, self.namespace)  # noqa: S102 - generated from the declared fields only
        return self.namespace["represent"]


def _instant(zone: Any) -> Callable[[Any], str]:
    def instant(value: Any) -> str:
        text = (timezone.localtime(value, zone) if zone else value).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return instant


def _getter(attrs: tuple[str, ...]) -> Callable[[Any], Any]:
    """Reads ``attrs`` through dicts and objects alike; ``None`` once a step is ``None``."""

    def get(obj: Any) -> Any:
        for attr in attrs:
            if obj is None:
                return None
            obj = obj[attr] if isinstance(obj, dict) else getattr(obj, attr)
        return obj

    return get


def _nested(field: serializers.BaseSerializer) -> Callable[[Any], Any]:
    """A nested object or list: the child's own compiled function when it is a fast serializer
    read with the plain attribute walk, DRF's own access otherwise (a custom
    ``get_attribute``, another kind of serializer)."""
    get = _getter(tuple(field.source_attrs))
    plain_access = type(field).get_attribute is serializers.Field.get_attribute
    if plain_access and isinstance(field, serializers.ListSerializer):
        child = field.child
        if isinstance(child, FastSerializer):

            def many(obj: Any) -> list | None:
                items = get(obj)
                if items is None:
                    return None
                if isinstance(items, BaseManager):
                    items = items.all()
                represent = child.to_representation
                return [represent(item) for item in items]

            return many
    elif plain_access and isinstance(field, FastSerializer):
        return lambda obj: None if (v := get(obj)) is None else field.to_representation(v)

    def drf(obj: Any) -> Any:
        value = field.get_attribute(obj)
        return None if value is None else field.to_representation(value)

    return drf


# A read-only serializer compiled once per class (see the module's documentation). No
# docstring on purpose: drf-spectacular would show it as the public description of every
# serializer without its own.
class FastSerializer(serializers.Serializer):
    def _compiled(self) -> tuple[Represent, Represent]:
        cls = type(self)
        compiled = _COMPILED.get(cls)
        if compiled is None:
            prototype = self if not self.context and self.parent is None else cls()
            fields = list(prototype._readable_fields)
            compiled = (
                _Generator(prototype, dicts=True).function(fields),
                _Generator(prototype, dicts=False).function(fields),
            )
            _COMPILED[cls] = compiled
        return compiled

    def to_representation(self, instance: Any) -> dict[str, Any]:
        for_dicts, for_objects = self._compiled()
        return (for_dicts if isinstance(instance, dict) else for_objects)(instance)
