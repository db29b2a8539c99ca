from django.apps import AppConfig


class OpendataConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "opendata"
    verbose_name = "Données ouvertes"

    def ready(self) -> None:
        from commitments import events

        from . import schedule

        events.commitments_changed.connect(schedule.on_commitments_changed, dispatch_uid="opendata")
