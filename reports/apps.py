from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Rapports au Parlement")

    def ready(self) -> None:
        from opendata import resources

        from . import sections

        sections.register_core_sections()
        resources.register("reports", _reports_resource)


def _reports_resource():
    from opendata.resources import Resource

    from .api import ReportSerializer, reports_for_api
    from .filters import ReportFilterSet

    return Resource("reports", ReportSerializer, ReportFilterSet, lambda d: reports_for_api())
