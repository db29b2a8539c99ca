"""Plans and their axes."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class ActionPlan(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("En préparation")
        IN_PROGRESS = "in_progress", _("En cours")
        CLOSED = "closed", _("Clos")

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    title = models.CharField(_("titre"), max_length=300)
    title_en = models.CharField(_("titre (anglais)"), max_length=300, blank=True)
    description = models.TextField(_("présentation"), blank=True)
    period_start = models.DateField(_("début de la période"))
    period_end = models.DateField(_("fin de la période"))
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published = models.BooleanField(_("publié"), default=False)
    source_url = models.URLField(_("source officielle"), blank=True)
    figures_updated_at = models.DateTimeField(
        _("chiffres mis à jour le"), null=True, blank=True, editable=False, db_index=True
    )

    class Meta:
        verbose_name = _("plan d'action national")
        verbose_name_plural = _("plans d'action nationaux")
        ordering = ["-period_start", "slug"]
        # the public lists walk plans in this order, then each plan's commitments by number:
        # with this index a page reads the plans it shows, not every commitment (issue 14)
        indexes = [models.Index(F("period_start").desc(), "slug", name="plan_public_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="plan_period_in_order",
                violation_error_message=_("La fin de la période doit suivre son début."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Axis(models.Model):
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="axes", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("intitulé"), max_length=300)
    title_en = models.CharField(_("intitulé (anglais)"), max_length=300, blank=True)
    slug = models.SlugField(_("identifiant"), max_length=80)

    class Meta:
        verbose_name = _("axe")
        verbose_name_plural = _("axes")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="axis_number_unique_per_plan"),
            models.UniqueConstraint(fields=["plan", "slug"], name="axis_slug_unique_per_plan"),
            models.CheckConstraint(condition=Q(number__gte=1), name="axis_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
