from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResilienceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "resilience"
    verbose_name = _("Résilience")

    def ready(self) -> None:
        from toolkit import cache as page_cache
        from toolkit.health import HEALTH_CHECKS

        from .pending import (
            CACHE_VERSION_KIND,
            cache_bump_drain,
            cache_bump_remember,
            drainer_register,
            pending_count,
        )

        if cache_bump_remember not in page_cache.MISSED_BUMP_KEEPERS:
            page_cache.MISSED_BUMP_KEEPERS.append(cache_bump_remember)
        drainer_register(CACHE_VERSION_KIND, cache_bump_drain)

        def pending_work() -> dict:
            counts = pending_count()
            return {"ok": not counts, "deferred": counts}

        HEALTH_CHECKS["pending_work"] = pending_work
