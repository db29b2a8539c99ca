"""Strict, documented filters for django-filter, shared by every app's FilterSets.

Every filter validates its parameter strictly, so a bad value is a form error (a 400 in the API,
a message next to the field on the site) and never reaches the database as something it cannot
handle: references must exist, integers are bounded, dates and instants must be real ones, text
is bounded. Empty values are ignored, as an HTML form submits them. ``documented`` and
``DocumentedMixin`` give drf-spectacular the exact schema of each query parameter.

``PublicFilterSet`` starts from the public rows of its model when no queryset is given, and is
cheaper per request than django-filter's own ``FilterSet``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

import copy
import datetime
import re
from typing import Any

import django_filters as df
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

ID_RE = r"[0-9]{1,18}"
SLUG_RE = r"[-a-zA-Z0-9_]{1,80}"
SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 10


# --- building blocks ---------------------------------------------------------------------------


def documented(schema: dict[str, Any]):
    """Class decorator: the OpenAPI schema of a filter's query parameter (drf-spectacular),
    completed with the filter's help text as description."""

    def decorate(cls):
        cls.openapi_schema = schema
        return cls

    return decorate


class DocumentedMixin:
    """Gives drf-spectacular the exact schema (type, bounds, pattern) and description."""

    openapi_schema: dict[str, Any] | None = None

    def __init__(self, *args: Any, schema: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base = schema if schema is not None else self.openapi_schema
        if base is not None:
            help_text = self.extra.get("help_text") or self.label or ""  # type: ignore[attr-defined]
            self._spectacular_annotation = {
                "field": {**base, "description": str(help_text)} if help_text else dict(base)
            }


class ReferenceField(forms.ModelChoiceField):
    """A reference by slug or id: the form of the value is checked before any query."""

    def __init__(self, *args: Any, pattern: str = ID_RE, **kwargs: Any) -> None:
        self.pattern = pattern
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if not isinstance(value, str | int) or not re.fullmatch(self.pattern, str(value)):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": str(value)[:80]},
            )
        return super().to_python(value)


class ReferenceFilter(DocumentedMixin, df.ModelChoiceFilter):
    """``?plan=pan-2015-2017``: an existing public object, by slug (or id)."""

    field_class = ReferenceField

    def __init__(self, *args: Any, unknown: StrOrPromise = "", **kwargs: Any) -> None:
        pattern = kwargs.get("pattern", ID_RE)
        kwargs.setdefault("pattern", pattern)
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": unknown or _("Référence inconnue : « %(value)s ».")},
        )
        kwargs.setdefault("schema", {"type": "string", "pattern": f"^(|{pattern})$"})
        if pattern == ID_RE:
            kwargs["schema"] = {"type": "integer", "minimum": 1, "maximum": 10**18 - 1}
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.Field):
    TRUE = {"true", "1", "yes", "oui", "on"}
    FALSE = {"false", "0", "no", "non", "off"}

    def to_python(self, value: Any) -> bool | None:
        if value in self.empty_values:
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValidationError(
            _("« %(value)s » n'est pas un booléen : utilisez true ou false."),
            code="invalid",
            params={"value": str(value)[:40]},
        )


@documented({"type": "boolean"})
class StrictBooleanFilter(DocumentedMixin, df.BooleanFilter):
    """``true``/``false`` (also 1/0, yes/no, oui/non); anything else is an error, not ignored."""

    field_class = StrictBooleanField


class BoundedIntegerFilter(DocumentedMixin, df.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args: Any, min_value: int, max_value: int, **kwargs: Any) -> None:
        kwargs.setdefault("schema", {"type": "integer", "minimum": min_value, "maximum": max_value})
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)


class SinceField(df.fields.IsoDateTimeField):
    """An instant in ISO 8601 (a date alone means its midnight); Paris time without an offset."""

    def clean(self, value: Any) -> datetime.datetime | None:
        result = super().clean(value)
        if result is None:
            return None
        try:
            # In UTC: the database need not accept every offset Python does (+21:07).
            return result.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise ValidationError(
                _("Date hors des limites : « %(value)s »."),
                code="invalid",
                params={"value": str(value)[:40]},
            ) from None


@documented({"type": "string", "format": "date-time"})
class SinceFilter(DocumentedMixin, df.IsoDateTimeFilter):
    """Rows changed at or after an instant; ``also`` names other timestamps that count as a
    change (a plan whose figures were recomputed, for instance)."""

    field_class = SinceField

    def __init__(self, *args: Any, also: tuple[str, ...] = (), **kwargs: Any) -> None:
        kwargs.setdefault("lookup_expr", "gte")
        self.also = also
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if value in (None, "") or not self.also:
            return super().filter(qs, value)
        condition = Q(**{f"{self.field_name}__{self.lookup_expr}": value})
        for name in self.also:
            condition |= Q(**{f"{name}__{self.lookup_expr}": value})
        return qs.filter(condition)


@documented({"type": "string", "format": "date"})
class DateBoundFilter(DocumentedMixin, df.DateFilter):
    pass


@documented({"type": "string", "maxLength": SEARCH_MAX_LENGTH})
class TextSearchFilter(DocumentedMixin, df.CharFilter):
    """``?q=données ouvertes``: every word must appear in one of ``search_fields``
    (case-insensitive, accents significant)."""

    def __init__(self, *args: Any, search_fields: tuple[str, ...], **kwargs: Any) -> None:
        self.search_fields = search_fields
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        kwargs.setdefault("strip", False)
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        for word in (value or "").split()[:SEARCH_MAX_WORDS]:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": word})
            qs = qs.filter(condition)
        return qs


class OrderingChoiceField(df.fields.ChoiceField):
    """One item of ``?ordering=a,b``: an empty item (``?ordering=,``) is an error."""

    def validate(self, value: Any) -> None:
        if value in self.empty_values:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": ""}
            )
        super().validate(value)


class StableOrderingFilter(df.OrderingFilter):
    """``?ordering=-progress,title``; the id always breaks ties, so pages never overlap."""

    field_class = OrderingChoiceField

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        value = [param for param in value or () if param]  # "?ordering=,," is no ordering
        if not value:
            return qs
        ordering = [self.get_ordering_value(param) for param in value]
        if not any(o.lstrip("-") in ("id", "pk") for o in ordering):
            ordering.append("id")
        return qs.order_by(*ordering)


def since_filter(field_name: str = "updated_at", *, also: tuple[str, ...] = ()) -> SinceFilter:
    return SinceFilter(
        field_name=field_name,
        also=also,
        label=_("modifié depuis"),
        help_text=_(
            "Seulement ce qui a été créé ou modifié à cet instant ou après (ISO 8601, par "
            "exemple `2026-11-23T08:00:00+01:00` ; sans décalage : heure de Paris ; une date "
            "seule : minuit). Pour synchroniser : garder l'heure de la requête précédente."
        ),
    )


def search_filter(*fields: str, help_text: StrOrPromise) -> TextSearchFilter:
    return TextSearchFilter(search_fields=fields, label=_("recherche"), help_text=help_text)


_FORM_CLASSES: dict[type, type] = {}


def _copy_filter(filter_: df.Filter) -> df.Filter:
    new = copy.copy(filter_)
    if new.method is not None:
        new.method = new.method  # its FilterMethod must find the copy's parent
    return new


class PublicFilterSet(df.FilterSet):
    """Starts from the public rows when no queryset is given.

    Cheaper per request than django-filter's own ``FilterSet``, which costs about a millisecond
    per list: the filters are copied shallowly (a filter keeps no state of its own but its
    parent and model; django-filter deep-copies them), and the form class is built once per
    FilterSet class. So a filter's choices and querysets must not depend on the request.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self.public_queryset()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: _copy_filter(f) for name, f in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self

    def get_form_class(self):
        form_class = _FORM_CLASSES.get(type(self))
        if form_class is None:
            form_class = _FORM_CLASSES[type(self)] = super().get_form_class()
        return form_class

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return cls._meta.model._default_manager.all()
