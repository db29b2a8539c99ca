"""Rules checked on each row before the database constraints, so that an error names the
field it is about (a check constraint only says "the row"). Pure: no database, no clock."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from commitments.models import ActionPlan, Commitment
from indicators.models import Indicator
from milestones.models import Milestone

from .values import Invalid, shown


def measure_value(indicator: Indicator, value: Decimal | str) -> Decimal:
    """A measurement's value: a number, or for a qualitative indicator a level (its index or
    its label)."""
    if indicator.kind != Indicator.Kind.QUALITATIVE:
        if isinstance(value, str):
            raise Invalid(_("Nombre attendu, « %(value)s » reçu.") % {"value": shown(value)})
        return value
    levels = [str(level) for level in indicator.levels or []]
    if isinstance(value, str):
        for index, level in enumerate(levels):
            if level.casefold() == value.casefold():
                return Decimal(index)
    elif value == int(value) and 0 <= value < len(levels):
        return Decimal(int(value))
    raise Invalid(
        _(
            "Niveau inconnu « %(value)s » : indiquez le numéro (de 0 à %(last)s) ou le libellé "
            "d'un niveau de l'échelle (%(levels)s)."
        )
        % {
            "value": shown(str(value)),
            "last": max(len(levels) - 1, 0),
            "levels": " | ".join(levels),
        }
    )


def _negative(obj, *fields: str) -> list[tuple[str, str]]:
    return [
        (name, _("La valeur ne peut pas être négative."))
        for name in fields
        if getattr(obj, name) is not None and getattr(obj, name) < 0
    ]


def plan_rules(plan: ActionPlan) -> list[tuple[str, str]]:
    if plan.period_start and plan.period_end and plan.period_end <= plan.period_start:
        return [("period_end", _("La fin de la période doit suivre son début."))]
    return []


def commitment_rules(commitment: Commitment) -> list[tuple[str, str]]:
    problems = _negative(commitment, "cost_amount", "cost_staff_fte")
    start, end = commitment.start_date, commitment.end_date
    if start and end and end < start:
        problems.append(("end_date", _("La date de fin doit suivre la date de début.")))
    if commitment.no_additional_cost and commitment.cost_amount:
        problems.append(
            (
                "cost_amount",
                _("Un engagement « sans coût supplémentaire » ne peut pas avoir de montant."),
            )
        )
    return problems


def indicator_rules(indicator: Indicator, data: dict[str, Any]) -> list[tuple[str, str]]:
    problems = _negative(indicator, "weight")
    if (
        indicator.baseline_date
        and indicator.target_date
        and indicator.target_date < indicator.baseline_date
    ):
        problems.append(
            ("target_date", _("La date cible doit suivre la date de la valeur initiale."))
        )
    if indicator.kind == Indicator.Kind.QUALITATIVE:
        last = len(indicator.levels or []) - 1
        for key, expected, message in (
            ("baseline_value", 0, _("La valeur initiale d'un indicateur qualitatif est 0.")),
            (
                "target_value",
                last,
                _("La valeur cible d'un indicateur qualitatif est son dernier niveau (%(n)s).")
                % {"n": last},
            ),
        ):
            if data.get(key) is not None and data[key] != expected:
                problems.append((key, message))
    return problems


def milestone_rules(milestone: Milestone) -> list[tuple[str, str]]:
    problems = _negative(milestone, "weight")
    status = milestone.status
    if status == Milestone.Status.COMPLETED and milestone.completed_on is None:
        problems.append(("completed_on", _("Un jalon réalisé doit avoir une date de réalisation.")))
    if status != Milestone.Status.COMPLETED and milestone.completed_on is not None:
        problems.append(("completed_on", _("Seul un jalon réalisé a une date de réalisation.")))
    if not milestone.justification.strip():
        if status == Milestone.Status.CANCELLED:
            problems.append(("justification", _("Un jalon abandonné doit être justifié.")))
        elif milestone.due_date and milestone.due_date != milestone.original_due_date:
            problems.append(
                (
                    "justification",
                    _("Un report d'échéance (initialement le %(date)s) doit être justifié.")
                    % {"date": milestone.original_due_date},
                )
            )
    if milestone.start_date and milestone.due_date and milestone.due_date < milestone.start_date:
        problems.append(("due_date", _("L'échéance doit suivre la date de début.")))
    return problems
