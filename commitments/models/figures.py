"""Stored figures: score snapshots (the trend) and roll-ups per plan, axis, administration."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .commitment import Commitment
from .people import Administration
from .plans import ActionPlan, Axis


class ScoreSnapshot(models.Model):
    """Per commitment and date: the stored scores, written only when a value changed."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="snapshots")
    date = models.DateField(_("date"))
    progress = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    points = models.DecimalField(max_digits=10, decimal_places=2)
    max_points = models.DecimalField(max_digits=10, decimal_places=2)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    measurability = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, blank=True)
    method_version = models.CharField(max_length=10)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("historique de score")
        verbose_name_plural = _("historiques de score")
        ordering = ["commitment", "date"]
        constraints = [
            # a snapshot keeps the method version that computed it: a recompute under a new
            # version the same day adds a row instead of overwriting the old one
            models.UniqueConstraint(
                fields=["commitment", "date", "method_version"],
                name="snapshot_one_per_commitment_date_and_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} {self.date}"


class Rollup(models.Model):
    """Stored roll-up of the commitments' scores per plan, axis, administration."""

    class Scope(models.TextChoices):
        PLAN = "plan", _("plan")
        AXIS = "axis", _("axe")
        ADMINISTRATION = "administration", _("administration (tous plans)")
        PLAN_ADMINISTRATION = "plan_administration", _("administration dans un plan")

    key = models.CharField(max_length=60, unique=True)
    scope = models.CharField(max_length=20, choices=Scope.choices)
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="rollups"
    )
    axis = models.ForeignKey(
        Axis, on_delete=models.CASCADE, null=True, blank=True, related_name="rollups"
    )
    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, null=True, blank=True, related_name="rollups"
    )
    commitments = models.PositiveIntegerField(default=0)
    progress = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    points = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    max_points = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    penalty = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    late_milestones = models.PositiveIntegerField(default=0)
    milestones_counted = models.PositiveIntegerField(default=0)
    milestones_completed = models.PositiveIntegerField(default=0)
    milestones_completed_on_time = models.PositiveIntegerField(default=0)
    measurability_mean = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    # the exact sum behind ``progress`` (the mean over the commitments with a progress): roll-ups
    # can then be added and subtracted, e.g. all plans minus the unpublished ones
    progress_total = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    progress_measured = models.PositiveIntegerField(default=0)
    scored_on = models.DateField(null=True, blank=True)
    method_version = models.CharField(max_length=10, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agrégat de scores")
        verbose_name_plural = _("agrégats de scores")
        indexes = [models.Index(fields=["scope", "plan"])]

    def __str__(self) -> str:
        return self.key
