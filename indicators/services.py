"""Writes on indicators: recording a measurement."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.audit import audit_record, diff_values, model_values
from commitments.events import data_changed
from commitments.permissions import check_actor, valid_http_url

from .models import Indicator, Measurement

# What defines an indicator's share of the score: the coordination team's alone, on every path.
COORDINATOR_ONLY_FIELDS = (
    "commitment",
    "reference",
    "kind",
    "levels",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "weight",
)


def measurement_errors(
    *,
    indicator: Indicator,
    date: datetime.date | None,
    value=None,
    level: int | None = None,
    evidence_url: str = "",
    today: datetime.date,
) -> tuple[dict[str, list[str]], Decimal | None]:
    """The rules of a measurement, shared by every path (forms, API, admin): the errors by
    field, and the value read (a number, or a level index for a qualitative indicator)."""
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    evidence_url = (evidence_url or "").strip()
    if date is None:
        error("date", _("Indiquez la date de la mesure."))
    elif date > today:
        error("date", _("La date de la mesure ne peut pas être dans le futur."))
    number: Decimal | None = None
    if indicator.kind == Indicator.Kind.QUALITATIVE:
        raw = level if level is not None else value
        try:
            number = Decimal(str(raw)) if raw not in (None, "") else None
        except InvalidOperation:
            number = None
        if (
            number is None
            or number != number.to_integral()
            or not (0 <= number < len(indicator.levels))
        ):
            error(
                "level",
                _("Choisissez un niveau de l'échelle (de 0 à %(last)s).")
                % {"last": max(len(indicator.levels) - 1, 0)},
            )
    else:
        try:
            number = Decimal(str(value).replace(",", ".").replace("\u202f", "").replace(" ", ""))
            if not number.is_finite():
                raise InvalidOperation
        except (InvalidOperation, TypeError):
            number = None
            error("value", _("Saisissez un nombre (par exemple 12,5)."))
        if number is not None and abs(number) >= Decimal("1e12"):
            number = None
            error("value", _("Ce nombre est trop grand."))
    if evidence_url and not valid_http_url(evidence_url):
        error("evidence_url", _("Saisissez une adresse web valide (https://…)."))
    return errors, number


def measurement_record(
    *,
    indicator: Indicator,
    date: datetime.date | None,
    value=None,
    level: int | None = None,
    source: str = "",
    comment: str = "",
    evidence_url: str = "",
    actor,
    channel: str,
    actor_label: str = "",
    as_of: datetime.date | None = None,
) -> tuple[Measurement, bool, bool]:
    """Record the value (quantitative) or level index (qualitative) of an indicator on a date.

    A second measurement on the same date corrects the first (the history keeps both values),
    also when both are sent at the same moment. Returns the measurement, whether anything
    changed, and whether it was created (else corrected).
    """
    today = as_of or timezone.localdate()
    check_actor(actor=actor, source=channel, commitment=indicator.commitment)
    errors, number = measurement_errors(
        indicator=indicator,
        date=date,
        value=value,
        level=level,
        evidence_url=evidence_url,
        today=today,
    )
    evidence_url = (evidence_url or "").strip()
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        # Two first recordings for the same indicator and date at once: without a lock both find
        # no row, both insert, and the second breaks the unique constraint (a 500). Locking the
        # indicator's row first makes them queue: the second then finds the first's measurement
        # and corrects it, as a later recording would. (NO KEY UPDATE: inserts of other rows
        # that point at the indicator are not blocked.)
        Indicator.objects.select_for_update(no_key=True).filter(pk=indicator.pk).exists()
        measurement = (
            Measurement.objects.select_for_update().filter(indicator=indicator, date=date).first()
        )
        created = measurement is None
        if created:
            measurement = Measurement(indicator=indicator, date=date)
            before: dict = {}
        else:
            before = model_values(measurement)
        measurement.value = number
        measurement.source = (source or "").strip()
        measurement.comment = (comment or "").strip()
        measurement.evidence_url = evidence_url
        measurement.is_illustrative = False
        if actor is not None and actor.is_authenticated:
            measurement.recorded_by = actor
        measurement.full_clean()
        changes = diff_values(before, model_values(measurement))
        if not created and not changes:
            return measurement, False, False
        measurement.save()
        audit_record(
            instance=measurement,
            action="create" if created else "update",
            source=channel,
            changes=changes,
            actor=actor,
            actor_label=actor_label,
        )
        data_changed(commitment_ids=[indicator.commitment_id])
    return measurement, True, created
