from django.apps import AppConfig


class ScoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "scoring"
    verbose_name = "Calcul des scores"

    def ready(self) -> None:
        from commitments import events
        from resilience.pending import drainer_register

        from . import queue

        drainer_register(queue.PENDING_KIND, queue.drain_pending_scores)
        events.commitments_changed.connect(queue.on_commitments_changed, dispatch_uid="scoring")
        events.method_changed.connect(queue.on_method_changed, dispatch_uid="scoring")
