from django.apps import AppConfig


class OpendataConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "opendata"
    verbose_name = "Données ouvertes"

    def ready(self) -> None:
        from commitments import events

        from . import bulk

        events.commitments_changed.connect(bulk.on_commitments_changed, dispatch_uid="opendata")
