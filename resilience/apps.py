from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResilienceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "resilience"
    verbose_name = _("Résilience")

    def ready(self) -> None:
        from toolkit.health import HEALTH_CHECKS

        from .pending import pending_count

        def pending_work() -> dict:
            counts = pending_count()
            return {"ok": not counts, "deferred": counts}

        HEALTH_CHECKS["pending_work"] = pending_work
