"""Reports to Parliament: a plan's figures over a period, as of its end date.

A draft can be generated again until it is published. Publishing freezes it: its data (JSON,
with their SHA-256), its HTML, its PDF and its ODT are stored and never regenerated; the
database refuses any later change of a published report's content (``save``). A correction is
a new version of the same period that says what it corrects."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commitments.models import ActionPlan

FROZEN_FIELDS = (
    "status",
    "plan_id",
    "period_start",
    "period_end",
    "version",
    "corrects_id",
    "correction_note",
    "data",
    "data_sha256",
    "html",
    "pdf",
    "odt",
    "method_version",
    "published_at",
)


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publié")

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Rapport annuel")
        FINAL = "final", _("Rapport de fin de plan")
        CUSTOM = "custom", _("Rapport sur une période choisie")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, related_name="reports", verbose_name=_("plan")
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.CUSTOM)
    period_start = models.DateField(_("début de la période"))
    period_end = models.DateField(_("fin de la période (chiffres arrêtés à cette date)"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrige"),
    )
    correction_note = models.TextField(_("ce que la correction corrige (public)"), blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    method_version = models.CharField(_("version de la méthode"), max_length=10)
    data = models.JSONField(_("données"), default=dict)
    data_sha256 = models.CharField(_("empreinte SHA-256 des données"), max_length=64)
    html = models.TextField(_("texte HTML publié"), blank=True)
    pdf = models.BinaryField(_("PDF publié"), blank=True, default=b"")
    odt = models.BinaryField(_("ODT publié"), blank=True, default=b"")
    generated_at = models.DateTimeField(_("généré le"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("généré par"),
    )
    generated_label = models.CharField(_("généré par (libellé)"), max_length=150, blank=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    coordinators_told_at = models.DateTimeField(
        _("équipe de coordination prévenue le"), null=True, blank=True
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publié par"),
    )

    class Meta:
        verbose_name = _("rapport au Parlement")
        verbose_name_plural = _("rapports au Parlement")
        ordering = ["-period_end", "-version", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period_start", "period_end", "version"],
                name="report_version_unique_per_period",
            ),
            models.UniqueConstraint(
                fields=["plan", "period_start", "period_end"],
                condition=Q(status="draft"),
                name="report_one_draft_per_period",
                violation_error_message=_("Un brouillon existe déjà pour cette période."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", published_at__isnull=True)
                | Q(status="published", published_at__isnull=False),
                name="report_publication_is_dated",
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_note=""),
                name="report_correction_says_what",
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return f"{self.plan} — {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y} (v{self.version})"

    def save(self, *args, **kwargs) -> None:
        """A published report never changes: any save that would alter its content fails."""
        if self.pk is not None:
            stored = (
                type(self)
                .objects.filter(pk=self.pk, status=self.Status.PUBLISHED)
                .values(*FROZEN_FIELDS)
                .first()
            )
            if stored is not None:
                for name in FROZEN_FIELDS:
                    value = getattr(self, name)
                    if isinstance(value, memoryview):
                        value = bytes(value)
                    old = stored[name]
                    if isinstance(old, memoryview):
                        old = bytes(old)
                    if value != old:
                        raise ValueError(f"A published report is frozen ({name}).")
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
