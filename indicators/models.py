"""Indicators (with baseline and target) and their dated measurements."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment, TimeStamped


class Indicator(TimeStamped):
    class Kind(models.TextChoices):
        QUANTITATIVE = "quantitative", _("Quantitatif")
        QUALITATIVE = "qualitative", _("Qualitatif")

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("engagement"),
    )
    reference = models.SlugField(
        _("référence"),
        max_length=40,
        help_text=_("Code stable de l'indicateur dans l'engagement (par exemple « i1 »)."),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    name = models.CharField(_("intitulé"), max_length=300)
    kind = models.CharField(
        _("type"), max_length=20, choices=Kind.choices, default=Kind.QUANTITATIVE
    )
    unit = models.CharField(_("unité"), max_length=60, blank=True)
    # For a qualitative indicator, ``levels`` lists the scale from the initial situation
    # (index 0) to the target (last index); values are level indexes.
    levels = models.JSONField(_("échelle de niveaux"), default=list, blank=True)
    baseline_value = models.DecimalField(
        _("valeur initiale"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    baseline_date = models.DateField(_("date de la valeur initiale"), null=True, blank=True)
    target_value = models.DecimalField(
        _("valeur cible"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    target_date = models.DateField(_("date cible"), null=True, blank=True)
    data_source = models.CharField(
        _("source des données / moyen de vérification"), max_length=400, blank=True
    )
    update_period_days = models.PositiveIntegerField(
        _("fréquence de mise à jour attendue (jours)"), null=True, blank=True
    )
    weight = models.DecimalField(_("poids"), max_digits=6, decimal_places=2, default=1)
    is_illustrative = models.BooleanField(
        _("illustratif (données de démonstration)"), default=False
    )

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["commitment", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "reference"],
                name="indicator_reference_unique_per_commitment",
                violation_error_message=_(
                    "Cette référence d'indicateur existe déjà dans l'engagement."
                ),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="indicator_weight_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(baseline_date__isnull=True)
                | Q(target_date__isnull=True)
                | Q(target_date__gte=F("baseline_date")),
                name="indicator_dates_in_order",
                violation_error_message=_(
                    "La date cible doit suivre la date de la valeur initiale."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind="quantitative") | (Q(kind="qualitative") & Q(baseline_value=0)),
                name="indicator_qualitative_starts_at_level_zero",
                violation_error_message=_(
                    "Un indicateur qualitatif part du premier niveau de son échelle."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["quantitative", "qualitative"]),
                name="indicator_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.QUALITATIVE:
            levels = self.levels
            if (
                not isinstance(levels, list)
                or len(levels) < 2
                or not all(isinstance(x, str) and x.strip() for x in levels)
            ):
                raise ValidationError(
                    {"levels": _("Un indicateur qualitatif a au moins deux niveaux nommés.")}
                )
            # The scale fixes baseline and target: from the first level to the last.
            self.baseline_value = Decimal(0)
            self.target_value = Decimal(len(levels) - 1)
        elif self.levels:
            raise ValidationError({"levels": _("Seul un indicateur qualitatif a des niveaux.")})

    def level_label(self, value) -> str:
        try:
            return self.levels[int(value)]
        except (IndexError, TypeError, ValueError):
            return ""


class Measurement(models.Model):
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("indicateur"),
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("valeur (ou numéro de niveau)"), max_digits=16, decimal_places=4)
    comment = models.TextField(_("commentaire"), blank=True)
    source = models.CharField(_("source"), max_length=400, blank=True)
    evidence_url = models.URLField(_("lien vers la preuve"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saisi par"),
    )
    is_illustrative = models.BooleanField(
        _("illustratif (données de démonstration)"), default=False
    )
    created_at = models.DateTimeField(_("saisi le"), auto_now_add=True)

    class Meta:
        verbose_name = _("mesure")
        verbose_name_plural = _("mesures")
        ordering = ["indicator", "date"]
        get_latest_by = "date"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"],
                name="measurement_one_per_indicator_and_date",
                violation_error_message=_(
                    "Une mesure existe déjà à cette date pour cet indicateur."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.date}: {self.value}"
