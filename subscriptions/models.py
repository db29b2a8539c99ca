"""Who follows what by e-mail, and the outbox of digests."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import periods


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Subscription(models.Model):
    """An e-mail address following a commitment, an administration or a plan, without an account.

    Pending until the address is confirmed through the link e-mailed to it (double opt-in);
    erased after seven days if never confirmed, and at once when unsubscribed. ``token`` is the
    secret of the confirmation and unsubscribe links.
    """

    class Target(models.TextChoices):
        COMMITMENT = "commitment", _("engagement")
        ADMINISTRATION = "administration", _("administration")
        PLAN = "plan", _("plan d'action")

    class Frequency(models.TextChoices):
        WEEKLY = periods.WEEKLY, _("Chaque semaine (le lundi)")
        DAILY = periods.DAILY, _("Chaque jour")

    email = models.EmailField(_("adresse électronique"))
    target = models.CharField(_("suivi"), max_length=20, choices=Target.choices)
    commitment = models.ForeignKey(
        "commitments.Commitment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("engagement"),
    )
    administration = models.ForeignKey(
        "commitments.Administration",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("administration"),
    )
    plan = models.ForeignKey(
        "commitments.ActionPlan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan d'action"),
    )
    target_key = models.CharField(_("clé du suivi"), max_length=40)
    frequency = models.CharField(
        _("fréquence"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    language = models.CharField(_("langue"), max_length=5, default="fr")
    token = models.CharField(_("jeton"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnements")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "target_key"], name="subscription_one_per_address_and_target"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        target="commitment",
                        commitment__isnull=False,
                        administration__isnull=True,
                        plan__isnull=True,
                    )
                    | Q(
                        target="administration",
                        commitment__isnull=True,
                        administration__isnull=False,
                        plan__isnull=True,
                    )
                    | Q(
                        target="plan",
                        commitment__isnull=True,
                        administration__isnull=True,
                        plan__isnull=False,
                    )
                ),
                name="subscription_target_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=list(periods.FREQUENCIES)),
                name="subscription_frequency_valid",
            ),
        ]
        indexes = [models.Index(fields=["confirmed_at", "frequency"], name="subscription_due_idx")]

    def __str__(self) -> str:
        return f"{self.email} → {self.target_key}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def followed(self):
        return self.commitment or self.administration or self.plan

    @staticmethod
    def make_target_key(target: str, pk: int) -> str:
        return f"{target}:{pk}"


class DigestOutbox(models.Model):
    """One row per digest: at once the plan of what to send, the claim that stops two workers
    sending it twice, and the record of what was sent (the reminders' outbox pattern).

    ``dedup_key`` (subscription, frequency, end of the period) is unique: a digest is planned
    once whatever the number of runs. A digest with nothing to say is marked ``skipped``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("À envoyer")
        SENDING = "sending", _("En cours d'envoi")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec")
        SKIPPED = "skipped", _("Rien de nouveau")

    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,  # unsubscribing erases the address and its digests
        related_name="digests",
        verbose_name=_("abonnement"),
    )
    for_date = models.DateField(_("envoi du"))
    period_start = models.DateField(_("début de la période"))
    period_end = models.DateField(_("fin de la période (exclue)"))
    dedup_key = models.CharField(_("clé d'unicité"), max_length=120, unique=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    items = models.PositiveIntegerField(_("changements"), default=0)
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("synthèse par courriel")
        verbose_name_plural = _("synthèses par courriel")
        ordering = ["-for_date", "-id"]
        indexes = [models.Index(fields=["status", "claimed_at"], name="digest_status_claimed_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "sent", "failed", "skipped"]),
                name="digest_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(period_start__lt=models.F("period_end")),
                name="digest_period_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dedup_key} ({self.get_status_display()})"
