from django.apps import AppConfig


class ImportexportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "importexport"
    verbose_name = "Import et export des plans"
