"""Template helpers of the public site: numbers, progress bars, statuses, bilingual fields,
glossary terms explained in place, query strings."""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import formats
from django.utils.formats import number_format
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from public.selectors import (
    STATUS_COMPLETED,
    STATUS_LABELS,
    STATUS_LATE,
    STATUS_MILESTONES_DONE,
    STATUS_NOT_MEASURABLE,
    STATUS_NOT_STARTED,
    STATUS_ON_TRACK,
    commitment_status_of,
)

register = template.Library()

NNBSP = "\u202f"  # narrow no-break space, before « % » in French


def is_french() -> bool:
    return (get_language() or "fr").split("-")[0] == "fr"


# --- numbers -------------------------------------------------------------------------------


def _plain_number(value: Any, decimals: int | None = None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float):  # computed live: round like the stored scores (half up, 2 places)
        number = Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    else:
        number = Decimal(str(value))
    if decimals is not None:  # round half up here: number_format would truncate
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if decimals is None:
        number = number.normalize()
        if number == number.to_integral():
            number = number.quantize(Decimal(1))
        exponent = number.as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def num(value: Any, decimals: Any = None) -> str:
    """A number in the current language: « 1 234,5 » in French, "1,234.5" in English."""
    return _plain_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def percent(value: Any, decimals: Any = 0) -> str:
    """« 42 % » in French, "42%" in English; an empty value gives an empty string.

    Rounding never shows what is not true: 99.6 % reads « 99,6 % », not « 100 % » (only a
    completed commitment is at 100 %), and 0.4 % reads « 0,4 % », not « 0 % »."""
    if value is None or value == "":
        return ""
    places = int(decimals)
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
    if places == 0 and (Decimal("99.5") <= number < 100 or 0 < number < Decimal("0.5")):
        places = 1
        number = number.quantize(Decimal("0.1"), rounding=ROUND_DOWN if number > 99 else ROUND_UP)
    text = _plain_number(number, places)
    return f"{text}{NNBSP}%" if is_french() else f"{text}%"


@register.filter
def euros(value: Any) -> str:
    if value is None:
        return ""
    text = _plain_number(value, 0)
    return f"{text}{NNBSP}€" if is_french() else f"€{text}"


@register.filter
def signed(value: Any) -> str:
    """Points with their sign: « +10 », « −5 » (a real minus sign)."""
    if value is None:
        return ""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
    number = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = _plain_number(abs(number))
    if number > 0:
        return f"+{text}"
    if number < 0:
        return f"−{text}"
    return text


# --- progress bars and statuses ------------------------------------------------------------


@register.simple_tag
def progress_bar(value: Any, label: str = "", *, size: str = "md") -> SafeString:
    """A bar with its value written next to it: the number is the text alternative."""
    if value is None or value == "":
        return format_html(
            '<span class="pgo-progress pgo-progress--{}"><span class="pgo-progress__track '
            'pgo-progress__track--empty" aria-hidden="true"></span>'
            '<span class="pgo-progress__value pgo-progress__value--none">{}</span></span>',
            size,
            _("non mesurable"),
        )
    width = max(0.0, min(100.0, float(value)))
    hidden_label = format_html('<span class="fr-sr-only">{} </span>', label) if label else ""
    return format_html(
        '<span class="pgo-progress pgo-progress--{}"><span class="pgo-progress__track" '
        'aria-hidden="true"><span class="pgo-progress__fill" style="width: {}%"></span></span>'
        '<span class="pgo-progress__value">{}{}</span></span>',
        size,
        f"{width:.1f}",
        hidden_label,
        percent(value),
    )


STATUS_CSS = {
    STATUS_LATE: "fr-badge--error",
    STATUS_COMPLETED: "fr-badge--success",
    STATUS_ON_TRACK: "fr-badge--info",
    STATUS_NOT_STARTED: "fr-badge--no-icon pgo-badge--neutral",
    STATUS_MILESTONES_DONE: "fr-badge--warning",
    STATUS_NOT_MEASURABLE: "fr-badge--no-icon pgo-badge--neutral",
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS[status])


@register.filter
def status_name(status: str) -> str:
    """A stored status code in words (« Jalons réalisés, cible non atteinte »)."""
    return status_label(status)


@register.simple_tag
def status_badge(commitment: Any) -> SafeString:
    status = commitment_status_of(commitment)
    return format_html(
        '<span class="fr-badge fr-badge--sm {}">{}</span>', STATUS_CSS[status], status_label(status)
    )


def _badge(css: str, label: str) -> SafeString:
    return format_html('<span class="fr-badge fr-badge--sm {}">{}</span>', css, label)


@register.simple_tag
def milestone_badge(milestone: Any, as_of: Any) -> SafeString:
    """The milestone's state on ``as_of``, judged against its reference date (method v2);
    late is derived, never stored. The same words on every page. A milestone without a due
    date is shown as such: it is not scored until it has one."""
    if milestone.status == "completed" and milestone.completed_on:
        if milestone.reference_due_date is None:
            return _badge("fr-badge--success", _("Réalisé (sans échéance)"))
        if milestone.completed_on > milestone.reference_due_date:
            return _badge("fr-badge--warning", _("Réalisé en retard"))
        return _badge("fr-badge--success", _("Réalisé à temps"))
    if milestone.status == "cancelled" and not milestone.counts_in_score:
        return _badge("fr-badge--no-icon pgo-badge--neutral", _("Abandonné"))
    if milestone.is_late(as_of):
        if milestone.commitment.plan.status == "closed":
            return _badge("fr-badge--error", _("Non réalisé à la clôture du plan"))
        if milestone.status == "cancelled":
            return _badge("fr-badge--error", _("Abandonné après l'échéance : en retard"))
        return _badge("fr-badge--error", _("En retard"))
    if milestone.status == "cancelled":
        return _badge("fr-badge--warning", _("Abandon non encore validé"))
    if milestone.reference_due_date is None:
        return _badge("fr-badge--warning", _("Échéance à préciser"))
    label = _("En cours") if milestone.status == "in_progress" else _("Prévu")
    return _badge("fr-badge--info", label)


@register.simple_tag
def on_time(figures: Any) -> str:
    """« Jalons réalisés à temps », the same figure in the same format on every page: the
    milestones completed by their reference date, out of the milestones counted."""
    return f"{num(figures.milestones_completed_on_time)} / {num(figures.milestones_counted)}"


@register.filter
def days_late(milestone: Any, as_of: Any) -> int:
    """Days since the reference date, for a late milestone (0 otherwise)."""
    return milestone.days_late(as_of)


@register.simple_tag
def late_phrase(milestone: Any, as_of: Any) -> str:
    """How a late milestone is described on every page: in a closed plan, "not completed when
    the plan closed (N days after the due date)"; otherwise "late by N days"."""
    date = formats.date_format(milestone.reference_due_date, "DATE_FORMAT")
    plan = milestone.commitment.plan
    if plan.status == "closed":
        days = (plan.period_end - milestone.reference_due_date).days
        if days > 0:
            return ngettext(
                "Échéance : %(date)s, non réalisé à la clôture du plan (%(days)s jour après "
                "l'échéance).",
                "Échéance : %(date)s, non réalisé à la clôture du plan (%(days)s jours après "
                "l'échéance).",
                days,
            ) % {"date": date, "days": days}
        return _("Échéance : %(date)s, non réalisé à la clôture du plan.") % {"date": date}
    days = milestone.days_late(as_of)
    return ngettext(
        "Échéance : %(date)s, en retard de %(days)s jour.",
        "Échéance : %(date)s, en retard de %(days)s jours.",
        days,
    ) % {"date": date, "days": days}


@register.simple_tag
def delay_explanation(milestone: Any, as_of: Any) -> SafeString:
    """The public explanation of a late milestone's delay, or how long it has been missing."""
    if milestone.delay_explanation:
        when = (
            formats.date_format(milestone.delay_explained_on, "DATE_FORMAT")
            if milestone.delay_explained_on
            else ""
        )
        return format_html(
            '<span class="pgo-delay"><strong>{}</strong> {}{}</span>',
            _("Explication du retard :"),
            milestone.delay_explanation,
            format_html(' <span class="pgo-muted">({})</span>', when) if when else "",
        )
    if not milestone.is_late(as_of):
        return format_html("")
    days = milestone.days_late(as_of)
    return format_html(
        '<span class="pgo-delay pgo-delay--missing">{}</span>',
        ngettext(
            "Aucune explication donnée depuis %(days)s jour.",
            "Aucune explication donnée depuis %(days)s jours.",
            days,
        )
        % {"days": days},
    )


@register.simple_tag
def illustrative_badge() -> SafeString:
    return format_html(
        '<span class="fr-badge fr-badge--sm fr-badge--no-icon pgo-badge--illustrative">{}</span>',
        _("illustratif"),
    )


@register.filter
def days_between(later: Any, earlier: Any) -> int:
    try:
        return (later - earlier).days
    except TypeError:
        return 0


# --- bilingual fields ----------------------------------------------------------------------


@register.simple_tag
def loc(obj: Any, field: str) -> SafeString:
    """``obj.<field>_en`` in English when filled; otherwise the French text, marked lang="fr"."""
    french = getattr(obj, field, "") or ""
    if is_french():
        return conditional_escape(french)
    english = getattr(obj, f"{field}_en", "") or ""
    if english:
        return conditional_escape(english)
    if not french:
        return SafeString("")
    return format_html('<span lang="fr">{}</span>', french)


@register.simple_tag
def loc_text(obj: Any, field: str) -> str:
    """The plain text of ``loc`` (for attributes and titles)."""
    french = getattr(obj, field, "") or ""
    if is_french():
        return french
    return getattr(obj, f"{field}_en", "") or french


@register.simple_tag
def plan_options(plans: Any, selected: str = "") -> SafeString:
    """The ``<option>``s of a plan chooser, built in one pass: a template loop per plan made
    the pages with a chooser grow with the number of plans."""
    french = is_french()
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (
                p.slug,
                SafeString(" selected") if p.slug == selected else "",
                p.title if french else (p.title_en or p.title),
            )
            for p in plans
        ),
    )


@register.simple_tag
def french_only() -> SafeString:
    """Before a text that exists only in French, when the page is in another language."""
    if is_french():
        return SafeString("")
    return format_html('<span class="pgo-lang-note">{}</span>', _("(en français)"))


# --- glossary terms explained in place ------------------------------------------------------


def _glossary_pattern(terms: list[Any]) -> tuple[re.Pattern[str] | None, dict[str, Any]]:
    names: dict[str, Any] = {}
    for term in terms:
        if not (term.definition or "").strip():
            continue
        for name in (term.term, *term.alias_list):
            if name and name.lower() not in names:
                names[name.lower()] = term
    if not names:
        return None, names
    alternatives = sorted(names, key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(n) for n in alternatives) + r")(?!\w)", re.IGNORECASE
    )
    return pattern, names


def _definition(term: Any) -> SafeString:
    if is_french():
        return conditional_escape(term.definition)
    if term.definition_en:
        return conditional_escape(term.definition_en)
    return format_html('<span lang="fr">{}</span>', term.definition)


def _term_name(term: Any) -> str:
    return term.term if is_french() else (term.term_en or term.term)


def _paragraphs(text: str, render_line) -> SafeString:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    html = []
    for block in blocks:
        lines = [render_line(line) for line in block.splitlines()]
        html.append("<p>" + "<br>".join(lines) + "</p>")
    return mark_safe("".join(html))  # noqa: S308 — every piece is escaped by render_line


def terms_used(texts: list[str], terms: list[Any]) -> list[Any]:
    """The glossary terms (with a definition) that appear in any of ``texts``, by name."""
    pattern, names = _glossary_pattern(terms)
    if pattern is None:
        return []
    used: dict[str, Any] = {}
    for text in texts:
        for match in pattern.finditer(text or ""):
            term = names[match.group(1).lower()]
            used.setdefault(term.slug, term)
    return sorted(used.values(), key=lambda t: _term_name(t).lower())


@register.simple_tag
def glossify(text: str, terms: list[Any], prefix: str) -> SafeString:
    """Paragraphs of ``text`` with the first use of each glossary term explained in place.

    The term links to its glossary entry and is described by a tooltip (the design system's
    ``fr-tooltip``, reachable with the keyboard and read by screen readers). Pages also list the
    definitions after the text (``terms_used``), which works without JavaScript and in print.
    """
    if not text:
        return SafeString("")
    pattern, names = _glossary_pattern(terms)
    seen_here: set[str] = set()
    glossary_url = reverse("public:glossary")

    def render_line(line: str) -> str:
        if pattern is None:
            return str(escape(line))
        out, last = [], 0
        for match in pattern.finditer(line):
            term = names[match.group(1).lower()]
            if term.slug in seen_here:
                continue
            seen_here.add(term.slug)
            tip_id = f"tip-{prefix}-{term.slug}"
            out.append(str(escape(line[last : match.start()])))
            out.append(
                str(
                    format_html(
                        '<a class="pgo-term" href="{}#{}" aria-describedby="{}">{}</a>'
                        '<span class="fr-tooltip fr-placement" id="{}" role="tooltip" '
                        'aria-hidden="true">{}</span>',
                        glossary_url,
                        term.slug,
                        tip_id,
                        match.group(1),
                        tip_id,
                        _definition(term),
                    )
                )
            )
            last = match.end()
        out.append(str(escape(line[last:])))
        return "".join(out)

    return _paragraphs(text, render_line)


@register.simple_tag
def term_name(term: Any) -> str:
    return _term_name(term)


@register.simple_tag
def term_definition(term: Any) -> SafeString:
    return _definition(term)


@register.filter
def paragraphs(text: str) -> SafeString:
    """Blank-line separated paragraphs, single newlines as line breaks, everything escaped."""
    if not text:
        return SafeString("")
    return _paragraphs(text, lambda line: str(escape(line)))


@register.filter
def anchor(value: str) -> str:
    return slugify(value)


# --- links ---------------------------------------------------------------------------------


@register.simple_tag(takes_context=True)
def query(context: template.Context, **changes: Any) -> str:
    """The current query string with some parameters replaced (None or "" removes one).

    A change of anything but the page goes back to the first page.
    """
    request = context.get("request")
    params = request.GET.copy() if request is not None else {}
    if "page" not in changes and hasattr(params, "pop"):
        params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    pairs = [(k, v) for k in sorted(params) for v in params.getlist(k) if v != ""]
    return "?" + urlencode(pairs) if pairs else "?"


@register.simple_tag
def commitment_url(commitment: Any) -> str:
    return reverse(
        "public:commitment-detail",
        kwargs={"plan_slug": commitment.plan.slug, "number": commitment.number},
    )


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def pct01(value: Any, decimals: Any = 0) -> str:
    """A share between 0 and 1 as a percentage."""
    if value is None:
        return ""
    return percent(Decimal(str(value)) * 100, decimals)


@register.simple_tag(takes_context=True)
def query_without(context: template.Context, changes: dict[str, str]) -> str:
    """``query`` with the changes given as a mapping (a filter's "remove me" link)."""
    return query(context, **changes)


@register.simple_tag
def indicator_value(indicator: Any, value: Any) -> str:
    """A value of the indicator as a citizen reads it: the level's name for a qualitative
    indicator, the number and its unit otherwise."""
    if value is None:
        return ""
    if indicator.kind == "qualitative":
        label = indicator.level_label(value)
        return label or _plain_number(value)
    text = _plain_number(value)
    unit = (indicator.unit or "").strip()
    if not unit:
        return text
    if unit == "%":
        return f"{text}{NNBSP}%" if is_french() else f"{text}%"
    return f"{text} {unit}"


@register.filter
def minus(value: Any) -> str:
    """A number with a real minus sign when negative: « −12,35 »."""
    if value is None:
        return ""
    text = _plain_number(value)
    return "−" + text[1:] if text.startswith("-") else text


@register.filter
def fr(value: Any) -> SafeString:
    """Text that exists only in French (titles of milestones, names of indicators…): marked
    ``lang="fr"`` on a page in another language, so screen readers pronounce it right."""
    if value is None or value == "":
        return SafeString("")
    if is_french():
        return conditional_escape(value)
    return format_html('<span lang="fr">{}</span>', value)
