"""Server-rendered SVG charts. Each chart is an image with a title and a description, and the
page also shows the same numbers in a table: the chart is never the only way to read them.

Shapes and line styles, not only colours, tell the series apart: the planned trajectory is
dashed, the measurements are a solid line with round points, the baseline a square and the
target a diamond.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import template
from django.utils.dateformat import format as date_format
from django.utils.formats import date_format as localized_date
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .pgo import _plain_number

register = template.Library()

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 20, 40


@dataclass(frozen=True)
class Point:
    date: datetime.date
    value: float


def _nice_step(span: float, count: int) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) giving about ``count`` intervals over ``span``."""
    raw = span / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _nice_range(low: float, high: float, count: int = 4) -> tuple[float, float, list[float]]:
    """Round bounds around [low, high] and the ticks between them."""
    if high == low:
        low, high = low - 1, high + 1
    step = _nice_step(high - low, count)
    start = math.floor(low / step) * step
    end = math.ceil(high / step) * step
    ticks, n = [], 0
    while start + n * step <= end + step / 1000:
        ticks.append(round(start + n * step, 10))
        n += 1
    return start, end, ticks


def _label(value: float, levels: list[str] | None) -> str:
    """A tick's label: the number; for a qualitative indicator, the level's number, its whole
    name being given in the legend under the chart (a name cut to fit the axis said nothing)."""
    if levels:
        index = round(value)
        return str(index) if 0 <= index < len(levels) else ""
    return _plain_number(Decimal(str(round(value, 4))))


def _levels_legend(levels: list[str] | None, chart_id: str) -> SafeString:
    if not levels:
        return SafeString("")
    items = format_html_join("", "<li>{}</li>", ((str(level),) for level in levels))
    return format_html(
        '<ol class="pgo-chart__levels" start="0" aria-label="{}" id="{}-levels">{}</ol>',
        _("Niveaux de l’échelle"),
        chart_id,
        items,
    )


def _year_ticks(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    days = (end - start).days
    if days <= 0:
        return [start]
    if days <= 540:  # up to 18 months: every quarter
        ticks, year, month = [], start.year, ((start.month - 1) // 3) * 3 + 1
        while True:
            month += 3
            if month > 12:
                month -= 12
                year += 1
            tick = datetime.date(year, month, 1)
            if tick > end:
                return ticks or [start, end]
            ticks.append(tick)
    return [datetime.date(y, 1, 1) for y in range(start.year + 1, end.year + 1)] or [start, end]


@register.simple_tag
def indicator_chart(
    indicator: Any, chart_id: str, as_of: datetime.date | None = None
) -> SafeString:
    """Baseline → measurements → target, over time. Empty string when there is nothing to draw."""
    measurements = list(indicator.measurements.all())
    levels = indicator.levels if indicator.kind == "qualitative" else None
    points: list[Point] = [Point(m.date, float(m.value)) for m in measurements]
    baseline = (
        Point(indicator.baseline_date, float(indicator.baseline_value))
        if indicator.baseline_date and indicator.baseline_value is not None
        else None
    )
    target = (
        Point(indicator.target_date, float(indicator.target_value))
        if indicator.target_date and indicator.target_value is not None
        else None
    )
    everything = [p for p in (baseline, *points, target) if p is not None]
    if len(everything) < 2:
        return SafeString("")

    d0 = min(p.date for p in everything)
    d1 = max(p.date for p in everything)
    if d1 == d0:
        d1 = d0 + datetime.timedelta(days=1)
    if levels:
        v0, v1 = 0.0, float(max(len(levels) - 1, 1))
        ticks = [float(i) for i in range(len(levels))]
    else:
        values = [p.value for p in everything]
        low = min(values)
        low = 0.0 if low >= 0 and low <= (max(values) - low) else low  # start at 0 when sensible
        v0, v1, ticks = _nice_range(low, max(values))

    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(date: datetime.date) -> float:
        return LEFT + plot_w * (date - d0).days / (d1 - d0).days

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - v0) / (v1 - v0))

    parts: list[str] = []
    # grid and value labels
    for tick in ticks:
        parts.append(
            f'<line class="pgo-chart__grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
            f'y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
        )
        parts.append(
            f'<text class="pgo-chart__tick" x="{LEFT - 8}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end">{escape(_label(tick, levels))}</text>'
        )
    # time axis
    parts.append(
        f'<line class="pgo-chart__axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
        f'y1="{TOP + plot_h}" y2="{TOP + plot_h}"/>'
    )
    short = (d1 - d0).days <= 540
    for tick in _year_ticks(d0, d1):
        if d0 <= tick <= d1:
            label = date_format(tick, "M Y" if short else "Y")
            parts.append(
                f'<line class="pgo-chart__axis" x1="{x(tick):.1f}" x2="{x(tick):.1f}" '
                f'y1="{TOP + plot_h}" y2="{TOP + plot_h + 5}"/>'
                f'<text class="pgo-chart__tick" x="{x(tick):.1f}" y="{TOP + plot_h + 20}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    if as_of and d0 < as_of < d1:
        parts.append(
            f'<line class="pgo-chart__today" x1="{x(as_of):.1f}" x2="{x(as_of):.1f}" '
            f'y1="{TOP}" y2="{TOP + plot_h}"/>'
            f'<text class="pgo-chart__tick" x="{x(as_of) + 4:.1f}" y="{TOP + 10}">'
            f"{escape(_('aujourd’hui'))}</text>"
        )
    # planned trajectory
    if baseline and target:
        parts.append(
            f'<line class="pgo-chart__plan" x1="{x(baseline.date):.1f}" y1="{y(baseline.value):.1f}" '
            f'x2="{x(target.date):.1f}" y2="{y(target.value):.1f}"/>'
        )
    # measurements, from the baseline
    series = ([baseline] if baseline else []) + points
    if len(series) >= 2:
        path = " ".join(f"{x(p.date):.1f},{y(p.value):.1f}" for p in series)
        parts.append(f'<polyline class="pgo-chart__line" points="{path}"/>')
    for p in points:
        parts.append(
            f'<circle class="pgo-chart__point" cx="{x(p.date):.1f}" cy="{y(p.value):.1f}" r="5"/>'
        )
    if baseline:
        bx, by = x(baseline.date), y(baseline.value)
        parts.append(
            f'<rect class="pgo-chart__baseline" x="{bx - 5:.1f}" y="{by - 5:.1f}" width="10" height="10"/>'
        )
    if target:
        tx, ty = x(target.date), y(target.value)
        parts.append(
            f'<polygon class="pgo-chart__target" points="{tx:.1f},{ty - 8:.1f} {tx + 8:.1f},{ty:.1f} '
            f'{tx:.1f},{ty + 8:.1f} {tx - 8:.1f},{ty:.1f}"/>'
        )

    title = _("Évolution de l’indicateur « %(name)s »") % {"name": indicator.name}
    description = chart_description(indicator, baseline, points, target, levels)
    return format_html(
        '<svg class="pgo-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
        'focusable="false" xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title>'
        '<desc id="{}-desc">{}</desc>{}</svg>{}',
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        mark_safe("".join(parts)),  # noqa: S308 — built above from numbers and escaped labels
        _levels_legend(levels, chart_id),
    )


def _value_text(value: float, levels: list[str] | None, unit: str) -> str:
    if levels:
        index = round(value)
        return levels[index] if 0 <= index < len(levels) else _plain_number(Decimal(str(value)))
    text = _plain_number(Decimal(str(round(value, 4))))
    return f"{text} {unit}".strip()


def chart_description(
    indicator: Any,
    baseline: Point | None,
    points: list[Point],
    target: Point | None,
    levels: list[str] | None,
) -> str:
    unit = indicator.unit or ""
    sentences = []
    if baseline:
        sentences.append(
            _("Valeur initiale : %(value)s le %(date)s.")
            % {
                "value": _value_text(baseline.value, levels, unit),
                "date": localized_date(baseline.date),
            }
        )
    if points:
        last = points[-1]
        sentences.append(
            _("Dernière mesure : %(value)s le %(date)s (%(count)s mesure(s) au total).")
            % {
                "value": _value_text(last.value, levels, unit),
                "date": localized_date(last.date),
                "count": len(points),
            }
        )
    else:
        sentences.append(_("Aucune mesure pour l’instant."))
    if target:
        sentences.append(
            _("Cible : %(value)s le %(date)s.")
            % {
                "value": _value_text(target.value, levels, unit),
                "date": localized_date(target.date),
            }
        )
    return " ".join(sentences)
