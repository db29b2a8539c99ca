from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivilSocietyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "civilsociety"
    verbose_name = _("Société civile")

    def ready(self) -> None:
        # The coordinators' weekly digest (reminders, a lower layer) lists the overdue
        # questions through its registry of sections.
        from reminders import digest

        from .digest import overdue_questions_section

        digest.register_section("overdue_questions", overdue_questions_section)
