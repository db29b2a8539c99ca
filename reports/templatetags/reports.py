"""Filters of the report templates: the stored values (strings of exact decimals, ISO dates,
codes) written for a reader, in the current language."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import formats
from django.utils.translation import get_language

from reports.labels import HEADLINE_LABELS, LEVEL_LABELS, REVISION_KIND_LABELS, STATUS_LABELS

register = template.Library()
NNBSP = "\u202f"


def _french() -> bool:
    return (get_language() or "fr").split("-")[0] == "fr"


@register.filter
def rnum(value: Any) -> str:
    """An exact decimal as stored (two places at most), « 1 234,5 » in French."""
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(str(value)).normalize()
    except InvalidOperation:
        return str(value)
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    exponent = number.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return formats.number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def rpct(value: Any) -> str:
    if value is None or value == "":
        return "—"
    text = rnum(value)
    return f"{text}{NNBSP}%" if _french() else f"{text}%"


@register.filter
def rdate(value: Any) -> str:
    if not value:
        return "—"
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
    return formats.date_format(day, "DATE_FORMAT")


@register.filter
def status_label(code: Any) -> str:
    return str(STATUS_LABELS.get(code, code or "—"))


@register.filter
def revision_kind(code: Any) -> str:
    return str(REVISION_KIND_LABELS.get(code, code))


@register.filter
def level_label(code: Any) -> str:
    """A level of the OGP completion scale (« Substantiel »); « — » when none."""
    return str(LEVEL_LABELS.get(code, code or "—"))


@register.filter
def abs_value(value: Any) -> int:
    return abs(int(value or 0))


@register.filter
def figure_label(name: Any) -> str:
    return str(HEADLINE_LABELS.get(name, name))


@register.filter
def figure_value(value: Any, name: str) -> str:
    if name == "status":
        return status_label(value)
    if name in {"progress", "score"}:
        return rpct(value) if name == "progress" else f"{rnum(value)} / 100"
    return rnum(value)


@register.filter
def item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None
