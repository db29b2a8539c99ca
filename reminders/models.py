"""The outbox of e-mail reminders."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import schedule


class ReminderOutbox(models.Model):
    """One row per e-mail reminder: at once the plan of what to send, the claim that stops two
    workers sending it twice, and the record of what was sent.

    ``dedup_key`` is unique: the same kind, milestone, indicator, recipient and date can only be
    planned once, whatever the database does with NULLs in composite unique constraints.
    """

    class Kind(models.TextChoices):
        MILESTONE_DUE_30 = schedule.MILESTONE_DUE_30, _("Jalon à échéance dans 30 jours")
        MILESTONE_DUE_7 = schedule.MILESTONE_DUE_7, _("Jalon à échéance dans 7 jours")
        MILESTONE_DUE_1 = schedule.MILESTONE_DUE_1, _("Jalon à échéance demain")
        MILESTONE_OVERDUE = (
            schedule.MILESTONE_OVERDUE,
            _("Jalon en retard (lendemain de l'échéance)"),
        )
        MILESTONE_OVERDUE_WEEKLY = (
            schedule.MILESTONE_OVERDUE_WEEKLY,
            _("Jalon en retard (rappel hebdomadaire)"),
        )
        LATE_DIGEST = schedule.LATE_DIGEST, _("Synthèse hebdomadaire des jalons en retard")
        INDICATOR_STALE = schedule.INDICATOR_STALE, _("Indicateur sans mesure récente")

    class Status(models.TextChoices):
        PENDING = "pending", _("À envoyer")
        SENDING = "sending", _("En cours d'envoi")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec")
        SKIPPED = "skipped", _("Sans objet")

    MILESTONE_KINDS = (
        Kind.MILESTONE_DUE_30,
        Kind.MILESTONE_DUE_7,
        Kind.MILESTONE_DUE_1,
        Kind.MILESTONE_OVERDUE,
        Kind.MILESTONE_OVERDUE_WEEKLY,
    )

    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    milestone = models.ForeignKey(
        "milestones.Milestone",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("jalon"),
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("indicateur"),
    )
    recipient = models.EmailField(_("destinataire"))
    language = models.CharField(_("langue"), max_length=5, default="fr")
    for_date = models.DateField(_("rappel du"))
    dedup_key = models.CharField(_("clé d'unicité"), max_length=400, unique=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rappel par courriel")
        verbose_name_plural = _("rappels par courriel")
        ordering = ["-for_date", "-id"]
        indexes = [
            models.Index(fields=["status", "claimed_at"], name="reminder_status_claimed_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind__in=[
                            "milestone_due_30",
                            "milestone_due_7",
                            "milestone_due_1",
                            "milestone_overdue",
                            "milestone_overdue_weekly",
                        ],
                        milestone__isnull=False,
                        indicator__isnull=True,
                    )
                    | Q(kind="late_digest", milestone__isnull=True, indicator__isnull=True)
                    | Q(kind="indicator_stale", milestone__isnull=True, indicator__isnull=False)
                ),
                name="reminder_subject_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "sent", "failed", "skipped"]),
                name="reminder_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient} ({self.for_date})"

    @staticmethod
    def make_dedup_key(
        *,
        kind: str,
        milestone_id: int | None,
        indicator_id: int | None,
        recipient: str,
        for_date: datetime.date,
    ) -> str:
        return (
            f"{kind}:{milestone_id or '-'}:{indicator_id or '-'}:"
            f"{recipient.strip().lower()}:{for_date.isoformat()}"
        )
