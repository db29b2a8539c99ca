from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingWork(models.Model):
    """One object whose derived data must be recomputed once Redis is back."""

    kind = models.CharField(_("nature"), max_length=40)
    object_id = models.BigIntegerField(_("identifiant"))
    marked_at = models.DateTimeField(_("marqué le"), auto_now=True)

    class Meta:
        verbose_name = _("travail en attente")
        verbose_name_plural = _("travaux en attente")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="pendingwork_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class RateCounter(models.Model):
    """Attempts counted for one key in a fixed window that starts at ``window_start``."""

    key = models.CharField(_("clé"), max_length=120, unique=True)
    count = models.PositiveIntegerField(_("nombre"), default=0)
    window_start = models.DateTimeField(_("début de la fenêtre"), db_index=True)

    class Meta:
        verbose_name = _("compteur de limite")
        verbose_name_plural = _("compteurs de limite")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
