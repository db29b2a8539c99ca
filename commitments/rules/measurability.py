"""Measurability: the eight criteria of PRODUCT.md, each with the reason it fails, and the
glossary check of plain-language summaries. Pure: plain values in, plain values out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CriterionResult:
    code: str
    met: bool
    reason: str = ""  # why it failed, in French, for the public page


@dataclass(frozen=True)
class MeasurabilityFacts:
    """What the eight criteria need to know about one commitment."""

    quantitative_indicators_with_baseline_and_target: int = 0
    indicators: int = 0
    indicators_incomplete: int = 0  # missing baseline, target, target date or data source
    milestones_with_due_date: int = 0  # not cancelled
    milestones_outside_period: int = 0
    milestones_undated: int = 0  # "échéance à préciser", not cancelled
    cost_stated: bool = False
    lead_named: bool = False
    contact_named: bool = False
    vague_verbs: tuple[str, ...] = ()  # forms found in title and objective
    summary_present: bool = False
    unexplained_terms: tuple[str, ...] = ()
    action_type_explicit: bool = False


CRITERIA = (
    ("quantitative_indicator", "Au moins un indicateur quantitatif avec valeur initiale et cible"),
    (
        "indicators_complete",
        "Chaque indicateur a une valeur initiale, une cible, une date cible et une source",
    ),
    ("calendar", "Au moins deux jalons datés, tous dans la période du plan"),
    ("cost", "Coût ou moyens indiqués (ou « sans coût supplémentaire »)"),
    ("responsibility", "Administration porteuse et responsable nommés"),
    ("no_vague_verbs", "Intitulé et objectif sans verbe flou"),
    ("plain_summary", "Résumé en langage clair, chaque terme technique expliqué"),
    ("action_type", "Au moins un type d'action explicite"),
)
CRITERION_LABELS = dict(CRITERIA)


def _quoted(words: Iterable[str]) -> str:
    return ", ".join(f"« {w} »" for w in words)


def measurability(facts: MeasurabilityFacts) -> list[CriterionResult]:
    f = facts
    results = []

    def add(code: str, met: bool, reason: str) -> None:
        results.append(CriterionResult(code, met, "" if met else reason))

    add(
        "quantitative_indicator",
        f.quantitative_indicators_with_baseline_and_target > 0,
        "Aucun indicateur quantitatif n'a à la fois une valeur initiale et une cible.",
    )
    add(
        "indicators_complete",
        f.indicators > 0 and f.indicators_incomplete == 0,
        "Aucun indicateur."
        if f.indicators == 0
        else f"{f.indicators_incomplete} indicateur(s) sur {f.indicators} sans valeur initiale, "
        "cible, date cible ou source.",
    )
    if f.milestones_with_due_date < 2:
        calendar_reason = (
            f"{f.milestones_with_due_date} jalon(s) daté(s) : il en faut au moins deux."
        )
    elif f.milestones_undated:
        calendar_reason = f"{f.milestones_undated} jalon(s) sans échéance (à préciser)."
    else:
        calendar_reason = f"{f.milestones_outside_period} jalon(s) hors de la période du plan."
    if f.milestones_with_due_date < 2 and f.milestones_undated:
        calendar_reason += f" {f.milestones_undated} jalon(s) sans échéance (à préciser)."
    add(
        "calendar",
        f.milestones_with_due_date >= 2
        and f.milestones_outside_period == 0
        and f.milestones_undated == 0,
        calendar_reason,
    )
    add("cost", f.cost_stated, "Ni coût, ni moyens, ni « sans coût supplémentaire » indiqués.")
    missing = [
        label
        for ok, label in (
            (f.lead_named, "l'administration porteuse"),
            (f.contact_named, "le responsable"),
        )
        if not ok
    ]
    add("responsibility", not missing, "Non nommé(s) : " + " et ".join(missing) + ".")
    add(
        "no_vague_verbs",
        not f.vague_verbs,
        f"Verbe(s) flou(s) dans l'intitulé ou l'objectif : {_quoted(f.vague_verbs)}.",
    )
    if not f.summary_present:
        summary_reason = "Pas de résumé en langage clair."
    else:
        summary_reason = f"Terme(s) non expliqué(s) : {_quoted(f.unexplained_terms)}."
    add("plain_summary", f.summary_present and not f.unexplained_terms, summary_reason)
    add(
        "action_type",
        f.action_type_explicit,
        "Aucun type d'action explicite (texte, norme, outil, données, consultation).",
    )
    return results


def measurability_count(results: Iterable[CriterionResult]) -> int:
    return sum(r.met for r in results)


# --- glossary terms in a summary ---------------------------------------------------------------

_ACRONYM = re.compile(r"\b[A-ZÀ-Ý]{2,}[0-9]*\b")


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    explained: bool  # has a definition
    aliases: tuple[str, ...] = field(default=())


def unexplained_terms(summary: str, glossary: Iterable[GlossaryEntry]) -> tuple[str, ...]:
    """Glossary terms used in ``summary`` without a definition, and acronyms not in the glossary.

    A plain-language summary may use a technical term only if the glossary explains it (the site
    then explains it in place); an acronym nobody defined is jargon by construction.
    """
    text = summary or ""
    lowered = text.lower()
    known: dict[str, bool] = {}
    for entry in glossary:
        for name in (entry.term, *entry.aliases):
            if name:
                known[name.lower()] = known.get(name.lower(), False) or entry.explained
    missing: list[str] = []
    for name, explained in sorted(known.items()):
        if not explained and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", lowered):
            missing.append(name)
    for acronym in _ACRONYM.findall(text):
        if acronym.lower() not in known and acronym not in missing:
            missing.append(acronym)
    return tuple(missing)
