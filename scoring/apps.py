from django.apps import AppConfig


class ScoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "scoring"
    verbose_name = "Calcul des scores"

    def ready(self) -> None:
        from commitments import events

        from . import queue

        events.commitments_changed.connect(queue.on_commitments_changed, dispatch_uid="scoring")
        events.method_changed.connect(queue.on_method_changed, dispatch_uid="scoring")
