"""The audit trail: one record per change, from any path."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .commitment import Commitment
from .plans import ActionPlan


class AuditRecord(models.Model):
    """One row per change, from any path: the public history of a commitment."""

    class Source(models.TextChoices):
        FORM = "form", _("formulaire")
        API = "api", _("API")
        ADMIN = "admin", _("administration du site")
        IMPORT = "import", _("import")
        JOB = "job", _("tâche automatique")
        COMMAND = "command", _("commande")

    class Action(models.TextChoices):
        CREATE = "create", _("création")
        UPDATE = "update", _("modification")
        DELETE = "delete", _("suppression")

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    actor_label = models.CharField(_("auteur (libellé)"), max_length=150, blank=True)
    source = models.CharField(_("canal"), max_length=20, choices=Source.choices)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("type d'objet"), max_length=50)
    object_id = models.PositiveBigIntegerField(_("identifiant de l'objet"))
    object_repr = models.CharField(_("objet"), max_length=300)
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_records",
    )
    changes = models.JSONField(_("modifications"), default=dict, blank=True)
    justification = models.TextField(_("justification"), blank=True)

    class Meta:
        verbose_name = _("enregistrement d'audit")
        verbose_name_plural = _("journal des modifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_repr}"
