import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from reports import selectors
from reports.notify import coordinators_tell
from reports.services import drafts_due, report_generate

from ._actor import coordinator_named


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            _("Date invalide « %(value)s » : AAAA-MM-JJ.") % {"value": value}
        ) from exc


class Command(BaseCommand):
    help = (
        "Génère (ou génère à nouveau) le brouillon du rapport au Parlement d'un plan sur une "
        "période, chiffres arrêtés à la fin de la période. Avec --periodes-terminees : ce que fait "
        "la tâche planifiée (le brouillon de chaque période régulière qui vient de se terminer, "
        "une seule fois, et un courriel à l'équipe de coordination)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "slug", nargs="?", help="identifiant du plan, par exemple pan-2015-2017"
        )
        parser.add_argument("start", nargs="?", help="début de la période (AAAA-MM-JJ)")
        parser.add_argument("end", nargs="?", help="fin de la période (AAAA-MM-JJ)")
        parser.add_argument("--as", dest="username", help="membre de l'équipe de coordination")
        parser.add_argument("--periodes-terminees", dest="due", action="store_true")
        parser.add_argument("--date", dest="today", help="date du jour simulée (AAAA-MM-JJ)")

    def handle(
        self,
        *args,
        slug=None,
        start=None,
        end=None,
        username=None,
        due=False,
        today=None,
        **options,
    ):
        if due:
            day = _date(today) if today else timezone.localdate()
            created = drafts_due(today=day, catch_up_days=settings.REPORTS_CATCH_UP_DAYS)
            for report in created:
                coordinators_tell(report)
            self.stdout.write(_("%(n)s brouillon(s) créé(s).") % {"n": len(created)})
            return
        if not (slug and start and end and username):
            raise CommandError(_("Donnez le plan, le début, la fin et --as <coordinateur>."))
        actor = coordinator_named(username)
        try:
            plan = selectors.plan_by_slug(slug)
        except Exception as exc:
            raise CommandError(_("Plan inconnu : « %(slug)s ».") % {"slug": slug}) from exc
        try:
            report, created = report_generate(
                plan=plan, start=_date(start), end=_date(end), actor=actor, source="command"
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                (
                    _("Brouillon %(pk)s créé, empreinte %(sha)s.")
                    if created
                    else _("Brouillon %(pk)s généré à nouveau, empreinte %(sha)s.")
                )
                % {"pk": report.pk, "sha": report.data_sha256}
            )
        )
