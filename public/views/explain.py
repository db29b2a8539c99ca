"""How a commitment's score and measurability come out of method v2, line by line.

These helpers feed the pure functions of ``commitments.rules`` (and the measurability check of
``scoring.recompute``) with the rows already loaded for a page, so the public explanation,
the stored scores and the tests share one definition. No query here except the two of
``scoring.inputs.text_checkers`` (vague verbs and glossary), made by the caller once per page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from commitments import rules
from commitments.vague_verbs import VagueVerbDetector, VagueVerbMatch
from scoring.inputs import CommitmentInputs, TextCheckers, measurability_of

if TYPE_CHECKING:
    import datetime

    from commitments.models import Commitment

# The labels of rules.CRITERIA, translatable (same French text).
CRITERION_LABELS = {
    "quantitative_indicator": gettext_lazy(
        "Au moins un indicateur quantitatif avec valeur initiale et cible"
    ),
    "indicators_complete": gettext_lazy(
        "Chaque indicateur a une valeur initiale, une cible, une date cible et une source"
    ),
    "calendar": gettext_lazy("Au moins deux jalons datés, tous dans la période du plan"),
    "cost": gettext_lazy("Coût ou moyens indiqués (ou « sans coût supplémentaire »)"),
    "responsibility": gettext_lazy("Administration porteuse et responsable nommés"),
    "no_vague_verbs": gettext_lazy("Intitulé et objectif sans verbe flou"),
    "plain_summary": gettext_lazy("Résumé en langage clair, chaque terme technique expliqué"),
    "action_type": gettext_lazy("Au moins un type d'action explicite"),
}
# Where the seeds of the 2017 workshops asked for each criterion.
CRITERION_SEEDS = {
    "quantitative_indicator": gettext_lazy("« Systématiser les indicateurs »"),
    "indicators_complete": gettext_lazy("« Systématiser les indicateurs »"),
    "calendar": gettext_lazy("« Expliciter un calendrier et les jalons »"),
    "cost": gettext_lazy("« Expliciter les ressources… le coût »"),
    "responsibility": gettext_lazy("« Qui est responsable ? »"),
    "no_vague_verbs": gettext_lazy("« Bannir les mots flous »"),
    "plain_summary": gettext_lazy("« Un langage clair, sans jargon »"),
    "action_type": gettext_lazy("« Dire comment l'engagement sera mis en œuvre »"),
}


# --- score ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneLine:
    milestone: Any
    reference: rules.MilestoneReference  # its reference date on as_of
    result: rules.MilestonePoints
    maximum_points: Decimal  # M = 10 × weight (0 when cancelled in time)
    rule: str  # which line of the points table applied


@dataclass(frozen=True)
class IndicatorLine:
    indicator: Any
    current: Any  # the latest Measurement on or before as_of, or None
    progress: rules.IndicatorProgress
    points: Decimal
    maximum: Decimal


@dataclass(frozen=True)
class ScoreBreakdown:
    as_of: datetime.date
    milestones: list[MilestoneLine]
    indicators: list[IndicatorLine]
    milestone_part: Decimal | None  # weighted mean of completion, 0–1, exact
    indicator_part: Decimal | None  # weighted mean of indicator progress, 0–1, exact
    result: rules.CommitmentScore
    points_won: Decimal  # the positive part of the points

    @property
    def milestone_weight_total(self) -> Decimal:
        return sum(
            (rules.dec(line.milestone.weight) for line in self.milestones if line.result.counted),
            Decimal(0),
        )

    @property
    def indicator_weight_total(self) -> Decimal:
        return sum((rules.dec(line.indicator.weight) for line in self.indicators), Decimal(0))


def _milestone_rule(result: rules.MilestonePoints) -> str:
    if result.undated:
        return _("échéance à préciser : pas compté tant qu'il n'est pas daté")
    if not result.counted:
        return _("abandonné à temps (demande validée) : hors des points et du maximum")
    if result.completed:
        if result.on_time:
            return _("réalisé au plus tard à l'échéance de référence : + M")
        return _("réalisé après l'échéance de référence : + M / 2")
    if result.late:
        return _("échéance de référence passée, non réalisé : − M / 2 (pénalité)")
    return _("pas encore dû : 0")


def latest_measurement(indicator: Any, as_of: datetime.date) -> Any:
    """The most recent measurement dated on or before ``as_of`` (measurements are prefetched)."""
    current = None
    for measurement in indicator.measurements.all():
        if measurement.date <= as_of and (current is None or measurement.date >= current.date):
            current = measurement
    return current


def revisions_counted(milestone: Any) -> tuple[rules.RevisionInput, ...]:
    """The milestone's decided revisions (prefetched ``revisions``), as the rules read them."""
    return tuple(r.as_rule_input() for r in milestone.revisions.all() if r.decided_on)


def score_breakdown(commitment: Commitment, *, as_of: datetime.date) -> ScoreBreakdown:
    """Method v2 applied to the prefetched milestones (with their revisions) and indicators
    (with their measurements) of ``commitment``."""
    milestones = list(commitment.milestones.all())
    indicators = list(commitment.indicators.all())
    m_lines, m_inputs = [], []
    for m in milestones:
        revisions = revisions_counted(m)
        reference = rules.milestone_reference(
            original_due_date=m.original_due_date, revisions=revisions, as_of=as_of
        )
        result = rules.milestone_points(
            status=m.status,
            completed_on=m.completed_on,
            reference=reference,
            weight=m.weight,
            as_of=as_of,
        )
        m_lines.append(MilestoneLine(m, reference, result, result.maximum, _milestone_rule(result)))
        m_inputs.append(
            rules.MilestoneInput(
                status=m.status,
                original_due_date=m.original_due_date,
                completed_on=m.completed_on,
                weight=m.weight,
                revisions=revisions,
            )
        )
    i_lines, i_inputs = [], []
    for i in indicators:
        current = latest_measurement(i, as_of)
        value = current.value if current is not None else None
        level_count = len(i.levels) if i.kind == "qualitative" else None
        progress = rules.indicator_progress(
            baseline=i.baseline_value,
            target=i.target_value,
            current=value,
            kind=i.kind,
            level_count=level_count,
        )
        maximum = rules.INDICATOR_POINTS * rules.dec(i.weight)
        i_lines.append(IndicatorLine(i, current, progress, maximum * progress.value, maximum))
        i_inputs.append(
            rules.IndicatorInput(
                baseline=i.baseline_value,
                target=i.target_value,
                current=value,
                kind=i.kind,
                level_count=level_count,
                weight=i.weight,
            )
        )
    result = rules.commitment_score(milestones=m_inputs, indicators=i_inputs, as_of=as_of)
    milestone_part = rules.weighted_mean(
        (1 if line.result.completed else 0, line.milestone.weight)
        for line in m_lines
        if line.result.counted
    )
    indicator_part = rules.weighted_mean(
        (line.progress.value, line.indicator.weight) for line in i_lines
    )
    exact_points = result.exact["points"] or Decimal(0)
    penalty = sum((line.result.penalty for line in m_lines), Decimal(0))
    return ScoreBreakdown(
        as_of=as_of,
        milestones=m_lines,
        indicators=i_lines,
        milestone_part=milestone_part,
        indicator_part=indicator_part,
        result=result,
        points_won=exact_points + penalty,
    )


# --- measurability -------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionLine:
    code: str
    number: int
    label: str
    seed: str
    met: bool | None  # None: not evaluated yet
    reason: str  # in the page's language when it could be read, else in French
    reason_lang: str


def measurability_checklist(commitment: Commitment) -> list[CriterionLine]:
    """The stored result (``measurability_failures``) of the eight criteria, in order."""
    failures = {f.get("code"): f.get("reason", "") for f in commitment.measurability_failures or []}
    evaluated = bool(commitment.method_version)
    lines = []
    for number, (code, _label) in enumerate(rules.CRITERIA, 1):
        met = None if not evaluated else code not in failures
        reason, reason_lang = reason_text(failures.get(code, ""))
        lines.append(
            CriterionLine(
                code=code,
                number=number,
                label=str(CRITERION_LABELS[code]),
                seed=str(CRITERION_SEEDS[code]),
                met=met,
                reason=reason,
                reason_lang=reason_lang,
            )
        )
    return lines


def measurability_live(
    commitment: Commitment,
    *,
    detector: VagueVerbDetector,
    glossary: list[rules.GlossaryEntry],
) -> list[rules.CriterionResult]:
    """The eight criteria computed now from the loaded rows, with the scoring job's own code."""
    as_of = commitment.scored_on or timezone.localdate()
    inputs = CommitmentInputs(
        row={
            name: getattr(commitment, name)
            for name in (
                "title",
                "objective",
                "summary",
                "lead_administration_id",
                "contact_name",
                "cost_amount",
                "cost_staff_fte",
                "cost_funding_source",
                "no_additional_cost",
                "action_law",
                "action_standard",
                "action_tool",
                "action_data",
                "action_consultation",
            )
        }
    )
    counted = 0
    plan = commitment.plan
    for m in commitment.milestones.all():
        reference = rules.milestone_reference(
            original_due_date=m.original_due_date, revisions=revisions_counted(m), as_of=as_of
        )
        if reference.excluded:
            continue
        if reference.undated:
            inputs.milestones_undated += 1
            continue
        counted += 1
        if m.due_date is None or not (plan.period_start <= m.due_date <= plan.period_end):
            inputs.milestones_outside_period += 1
    for i in commitment.indicators.all():
        inputs.indicators.append(
            rules.IndicatorInput(baseline=i.baseline_value, target=i.target_value, current=None)
        )
        if (
            i.baseline_value is None
            or i.target_value is None
            or not i.target_date
            or not i.data_source
        ):
            inputs.indicators_incomplete += 1
        if i.kind == "quantitative" and i.baseline_value is not None and i.target_value is not None:
            inputs.quantitative_with_baseline_and_target += 1
    return measurability_of(
        inputs, checkers=TextCheckers(detector, glossary), milestones_counted=counted
    )


_FIXED_REASONS = {
    "Aucun indicateur quantitatif n'a à la fois une valeur initiale et une cible.": gettext_lazy(
        "Aucun indicateur quantitatif n'a à la fois une valeur initiale et une cible."
    ),
    "Aucun indicateur.": gettext_lazy("Aucun indicateur."),
    "Ni coût, ni moyens, ni « sans coût supplémentaire » indiqués.": gettext_lazy(
        "Ni coût, ni moyens, ni « sans coût supplémentaire » indiqués."
    ),
    "Non nommé(s) : l'administration porteuse et le responsable.": gettext_lazy(
        "Non nommés : l'administration porteuse et le responsable."
    ),
    "Non nommé(s) : l'administration porteuse.": gettext_lazy(
        "Non nommée : l'administration porteuse."
    ),
    "Non nommé(s) : le responsable.": gettext_lazy("Non nommé : le responsable."),
    "Pas de résumé en langage clair.": gettext_lazy("Pas de résumé en langage clair."),
    "Aucun type d'action explicite (texte, norme, outil, données, consultation).": gettext_lazy(
        "Aucun type d'action explicite (texte, norme, outil, données, consultation)."
    ),
}


def reason_text(reason: str) -> tuple[str, str]:
    """A stored failure reason (written in French by the scoring job) in the page's language.

    Returns the text and its language: a reason this function cannot read stays in French and
    is marked so.
    """
    if not reason:
        return "", get_language() or "fr"
    if reason in _FIXED_REASONS:
        return str(_FIXED_REASONS[reason]), get_language() or "fr"
    lang = get_language() or "fr"
    if m := re.fullmatch(
        r"(\d+) indicateur\(s\) sur (\d+) sans valeur initiale, cible, date cible ou source\.",
        reason,
    ):
        n, total = int(m[1]), int(m[2])
        text = ngettext(
            "%(n)s indicateur sur %(total)s sans valeur initiale, cible, date cible ou source.",
            "%(n)s indicateurs sur %(total)s sans valeur initiale, cible, date cible ou source.",
            n,
        ) % {"n": n, "total": total}
        return text, lang
    if m := re.fullmatch(r"(\d+) jalon\(s\) daté\(s\) : il en faut au moins deux\.", reason):
        n = int(m[1])
        text = ngettext(
            "%(n)s jalon daté : il en faut au moins deux.",
            "%(n)s jalons datés : il en faut au moins deux.",
            n,
        ) % {"n": n}
        return text, lang
    if m := re.fullmatch(r"(\d+) jalon\(s\) hors de la période du plan\.", reason):
        n = int(m[1])
        text = ngettext(
            "%(n)s jalon hors de la période du plan.",
            "%(n)s jalons hors de la période du plan.",
            n,
        ) % {"n": n}
        return text, lang
    if m := re.fullmatch(r"Verbe\(s\) flou\(s\) dans l'intitulé ou l'objectif : (.*)\.", reason):
        return _("Verbe(s) flou(s) dans l'intitulé ou l'objectif : %(words)s.") % {
            "words": m[1]
        }, lang
    if m := re.fullmatch(r"Terme\(s\) non expliqué\(s\) : (.*)\.", reason):
        return _("Terme(s) non expliqué(s) : %(words)s.") % {"words": m[1]}, lang
    return reason, "fr"


@dataclass(frozen=True)
class VagueWord:
    where: str  # "title" or "objective"
    match: VagueVerbMatch


def vague_words(commitment: Commitment, detector: VagueVerbDetector) -> list[VagueWord]:
    found = []
    for where, text in (("title", commitment.title), ("objective", commitment.objective)):
        found.extend(VagueWord(where, match) for match in detector.find(text or ""))
    return found


def detector_from(verbs: list[Any]) -> VagueVerbDetector:
    from commitments.vague_verbs import VagueVerb as VerbEntry

    entries = []
    for v in verbs:
        try:
            entries.append(
                VerbEntry(
                    v.infinitive,
                    suggestion=v.suggestion,
                    extra_forms=tuple(f.strip() for f in v.extra_forms.split(",") if f.strip()),
                )
            )
        except ValueError:  # a malformed verb typed in the admin must not break a public page
            continue
    return VagueVerbDetector(entries)


def glossary_entries(terms: list[Any]) -> list[rules.GlossaryEntry]:
    return [
        rules.GlossaryEntry(
            term=t.term, explained=bool(t.definition.strip()), aliases=tuple(t.alias_list)
        )
        for t in terms
    ]


def measurability_checklist_labels() -> list[tuple[int, str, str, str]]:
    """(number, code, label, seed) of the eight criteria, for the methodology page."""
    return [
        (n, code, str(CRITERION_LABELS[code]), str(CRITERION_SEEDS[code]))
        for n, (code, _label) in enumerate(rules.CRITERIA, 1)
    ]


def matches_stored(commitment: Commitment, breakdown: ScoreBreakdown) -> bool:
    """Whether the live computation gives the stored figures (to the stored precision)."""
    if commitment.method_version != rules.METHOD_VERSION:
        return False
    r = breakdown.result
    return (
        r.progress == commitment.progress
        and r.points == commitment.points
        and r.maximum == commitment.max_points
        and r.penalty == commitment.penalty
        and r.score == commitment.score
        and r.status == commitment.status
    )
