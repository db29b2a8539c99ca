"""Milestones: verifiable deliverables with a due date. "Late" is derived, never stored."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment, TimeStamped
from commitments.rules import milestone_is_late


class Milestone(TimeStamped):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévu")
        IN_PROGRESS = "in_progress", _("En cours")
        COMPLETED = "completed", _("Réalisé")
        CANCELLED = "cancelled", _("Abandonné")

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("engagement"),
    )
    reference = models.SlugField(
        _("référence"),
        max_length=40,
        help_text=_(
            "Code stable du jalon dans l'engagement (par exemple « j1 »), utilisé à l'import."
        ),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("intitulé"), max_length=400)
    deliverable = models.TextField(_("livrable vérifiable"), blank=True)
    start_date = models.DateField(_("date de début"), null=True, blank=True)
    due_date = models.DateField(_("échéance"))
    original_due_date = models.DateField(_("échéance initiale"))
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    completed_on = models.DateField(_("réalisé le"), null=True, blank=True)
    evidence_url = models.URLField(_("lien vers la preuve"), blank=True)
    weight = models.DecimalField(_("poids"), max_digits=6, decimal_places=2, default=1)
    justification = models.TextField(_("justification (report ou abandon)"), blank=True)
    is_illustrative = models.BooleanField(
        _("illustratif (données de démonstration)"), default=False
    )

    class Meta:
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")
        ordering = ["commitment", "due_date", "position", "id"]
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "reference"],
                name="milestone_reference_unique_per_commitment",
                violation_error_message=_(
                    "Cette référence de jalon existe déjà dans l'engagement."
                ),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="milestone_weight_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(due_date__gte=F("start_date")),
                name="milestone_dates_in_order",
                violation_error_message=_("L'échéance doit suivre la date de début."),
            ),
            models.CheckConstraint(
                condition=(Q(status="completed") & Q(completed_on__isnull=False))
                | (~Q(status="completed") & Q(completed_on__isnull=True)),
                name="milestone_completed_has_completion_date",
                violation_error_message=_(
                    "Un jalon réalisé a une date de réalisation, et seul un jalon réalisé en a une."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(justification=""),
                name="milestone_cancelled_is_justified",
                violation_error_message=_("Un jalon abandonné doit être justifié."),
            ),
            models.CheckConstraint(
                condition=Q(due_date=F("original_due_date")) | ~Q(justification=""),
                name="milestone_reschedule_is_justified",
                violation_error_message=_("Un report d'échéance doit être justifié."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "in_progress", "completed", "cancelled"]),
                name="milestone_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_late(self, as_of: datetime.date) -> bool:
        """Neither completed nor cancelled, and its due date has passed on ``as_of``."""
        return milestone_is_late(status=self.status, due_date=self.due_date, as_of=as_of)

    @property
    def is_rescheduled(self) -> bool:
        return self.due_date != self.original_due_date
