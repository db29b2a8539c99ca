"""Exact decimal arithmetic for the method: every figure is computed with ``Decimal`` and
rounded half-up to two decimals once, at the end (``round2``)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

Number = Decimal | int | float | str

ZERO = Decimal(0)
ONE = Decimal(1)
HALF = Decimal("0.5")
HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")


def dec(value: Number) -> Decimal:
    """A Decimal from any number; a float goes through its shortest text form, so 0.1 is 0.1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def round2(value: Decimal | None) -> Decimal | None:
    """Half-up to two decimals (2.345 → 2.35, −2.345 → −2.35); None stays None."""
    if value is None:
        return None
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def clamp01(value: Decimal) -> Decimal:
    return ZERO if value < 0 else ONE if value > 1 else value
