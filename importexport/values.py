"""Read one value of the file into a Python value, or say why it cannot be read.

JSON values are taken as they are typed; spreadsheet cells are read leniently (a number in a
text column, ``oui``/``non``, a date cell). Dates are ISO ``YYYY-MM-DD`` in both encodings.
"""

from __future__ import annotations

import datetime
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from .schema import Spec


class Invalid(Exception):
    """A value that cannot be read; the message says why, in the user's language."""


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TRUE = {"oui", "o", "vrai", "true", "yes", "y", "x", "1"}
FALSE = {"non", "n", "faux", "false", "no", "0"}
LIST_SEPARATORS = re.compile(r"[;,\n]")
PLAN_SEPARATORS = re.compile(r"[;\n]")


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _number_text(value: int | float | Decimal) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_text(value: Any, *, lenient: bool) -> str:
    if isinstance(value, str):
        return value
    if lenient and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return _number_text(value)
    raise Invalid(_("Texte attendu, %(value)s reçu.") % {"value": shown(value)})


def as_slug(value: Any, *, lenient: bool) -> str:
    return as_text(value, lenient=lenient).strip()


def as_int(value: Any, *, lenient: bool = False) -> int:
    if isinstance(value, bool):
        raise Invalid(_("Nombre entier attendu, %(value)s reçu.") % {"value": shown(value)})
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal) and math.isfinite(value) and value == int(value):
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    raise Invalid(_("Nombre entier attendu, « %(value)s » reçu.") % {"value": shown(value)})


def as_decimal(value: Any, *, lenient: bool = False) -> Decimal:
    number: Decimal | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = re.sub(r"[\s\u00a0\u202f]", "", value).replace(",", ".")
        if re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text):
            try:
                number = Decimal(text)
            except InvalidOperation:
                number = None
    if number is None or not number.is_finite():
        raise Invalid(_("Nombre attendu, « %(value)s » reçu.") % {"value": shown(value)})
    return number


def as_date(value: Any, *, lenient: bool = False) -> datetime.date:
    if isinstance(value, datetime.datetime):
        if lenient and value.time() == datetime.time(0):
            return value.date()
    elif isinstance(value, datetime.date):
        return value
    elif isinstance(value, str) and ISO_DATE.match(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise Invalid(_("Date impossible : « %(value)s ».") % {"value": shown(value)}) from None
    raise Invalid(
        _("Date attendue au format AAAA-MM-JJ, « %(value)s » reçu.") % {"value": shown(value)}
    )


TO_BE_SET = {"à préciser", "a preciser", "à définir", "a definir", "non daté", "non date"}


def as_due(value: Any, *, lenient: bool = False) -> datetime.date | None:
    """A milestone's due date, or None for « à préciser » (an empty cell says the same)."""
    if isinstance(value, str) and value.strip().casefold() in TO_BE_SET:
        return None
    return as_date(value, lenient=lenient)


def as_bool(value: Any, *, lenient: bool = False) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in TRUE:
            return True
        if word in FALSE:
            return False
    raise Invalid(_("« oui » ou « non » attendu, « %(value)s » reçu.") % {"value": shown(value)})


def _aliases(choices) -> dict[str, str]:
    """Every accepted spelling of a code: the code, its French label, its label in the active
    language; compared case-insensitively."""
    pairs = choices.choices if hasattr(choices, "choices") else choices
    aliases: dict[str, str] = {}
    for code, label in pairs:
        aliases[str(code).casefold()] = code
        aliases[str(label).casefold()] = code
        with translation.override("fr"):
            aliases[str(label).casefold()] = code
    return aliases


def _codes_list(choices) -> str:
    pairs = choices.choices if hasattr(choices, "choices") else choices
    return ", ".join(str(code) for code, _label in pairs)


def as_enum(value: Any, *, choices, lenient: bool = False) -> str:
    if isinstance(value, str):
        code = _aliases(choices).get(value.strip().casefold())
        if code is not None:
            return code
    raise Invalid(
        _("Valeur inconnue « %(value)s » ; valeurs possibles : %(codes)s.")
        % {"value": shown(value), "codes": _codes_list(choices)}
    )


def _items(value: Any, *, separators: re.Pattern[str]) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [part for part in separators.split(value) if part.strip()]
    raise Invalid(_("Liste attendue, %(value)s reçu.") % {"value": shown(value)})


def as_codes(value: Any, *, choices, lenient: bool = False) -> tuple[str, ...]:
    codes = {as_enum(item, choices=choices) for item in _items(value, separators=LIST_SEPARATORS)}
    pairs = choices.choices if hasattr(choices, "choices") else choices
    return tuple(code for code, _label in pairs if code in codes)


def as_refs(value: Any, *, lenient: bool = False) -> tuple[str, ...]:
    refs: list[str] = []
    for item in _items(value, separators=re.compile(r"[;\n]")):
        ref = as_text(item, lenient=lenient).strip()
        if ref and ref not in refs:
            refs.append(ref)
    return tuple(refs)


def as_levels(value: Any, *, lenient: bool = False) -> tuple[str, ...]:
    """A qualitative scale: a JSON list, or one cell with a level per line (or separated by
    semicolons when the cell has a single line)."""
    if isinstance(value, str):
        separator = "\n" if "\n" in value.strip() else ";"
        value = [part for part in value.split(separator) if part.strip()]
    levels = []
    for item in _items(value, separators=LIST_SEPARATORS):
        if not isinstance(item, str) or not item.strip():
            raise Invalid(_("Chaque niveau doit être un libellé non vide."))
        levels.append(item.strip())
    return tuple(levels)


def as_measure(value: Any, *, lenient: bool = False) -> Decimal | str:
    """A number, or for a qualitative indicator the label of a level (resolved later)."""
    try:
        return as_decimal(value)
    except Invalid:
        if isinstance(value, str):
            return value.strip()
        raise


def _cells(value: Any, separators: re.Pattern[str]) -> list[Any]:
    return _items(value, separators=separators) if isinstance(value, str | list) else [value]


def _continued_one(value: Any, *, lenient: bool) -> list[tuple[str, int]]:
    if not isinstance(value, dict) or set(value) != {"plan", "number"}:
        raise Invalid(
            _(
                "Un engagement prolongé s'écrit avec le plan et le numéro "
                '({"plan": "pan-2015-2017", "number": 3}) ; plusieurs, en liste.'
            )
        )
    if is_empty(value["plan"]) or is_empty(value["number"]):
        raise Invalid(_("Indiquez à la fois le plan et le numéro de l'engagement prolongé."))
    if not lenient:
        return [(as_slug(value["plan"], lenient=False), as_int(value["number"], lenient=False))]
    # a spreadsheet: « 3; 5 » in the number column, one plan for all or one plan per number
    plans = [p for p in _cells(value["plan"], PLAN_SEPARATORS) if not is_empty(p)]
    numbers = [n for n in _cells(value["number"], LIST_SEPARATORS) if not is_empty(n)]
    if len(plans) not in (1, len(numbers)):
        raise Invalid(
            _(
                "%(plans)s plans pour %(numbers)s numéros : donnez un plan pour tous, ou un par "
                "numéro, dans le même ordre."
            )
            % {"plans": len(plans), "numbers": len(numbers)}
        )
    plans = plans * len(numbers) if len(plans) == 1 else plans
    return [
        (as_slug(plan, lenient=True), as_int(number, lenient=True))
        for plan, number in zip(plans, numbers, strict=True)
    ]


def as_continues(value: Any, *, lenient: bool = False) -> tuple[tuple[str, int], ...]:
    """The commitments of earlier plans this one continues: one ``{"plan", "number"}`` object
    or a list of them (a spreadsheet: numbers separated by « ; »)."""
    items = value if isinstance(value, list) else [value]
    found: list[tuple[str, int]] = []
    for item in items:
        for target in _continued_one(item, lenient=lenient):
            if target not in found:
                found.append(target)
    return tuple(found)


READERS = {
    "text": as_text,
    "slug": as_slug,
    "int": as_int,
    "decimal": as_decimal,
    "date": as_date,
    "due": as_due,
    "bool": as_bool,
    "refs": as_refs,
    "levels": as_levels,
    "measure": as_measure,
    "continues": as_continues,
}


def read_value(spec: Spec, value: Any, *, lenient: bool) -> Any:
    """The value of ``spec`` in the file, or its meaning when empty. Raises ``Invalid``."""
    if is_empty(value):
        if spec.required:
            raise Invalid(_("Valeur obligatoire."))
        return list(spec.empty) if isinstance(spec.empty, tuple) else spec.empty
    if spec.kind in ("enum", "codes"):
        reader = as_enum if spec.kind == "enum" else as_codes
        result = reader(value, choices=spec.choices, lenient=lenient)
    else:
        result = READERS[spec.kind](value, lenient=lenient)
    return list(result) if isinstance(result, tuple) else result
