from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils.translation import gettext as _

from reports import selectors
from reports.services import report_publish

from ._actor import coordinator_named


class Command(BaseCommand):
    help = "Publie le brouillon d'un rapport au Parlement : il ne changera plus."

    def add_arguments(self, parser):
        parser.add_argument("report_id", type=int)
        parser.add_argument("--as", dest="username", required=True)

    def handle(self, *args, report_id, username, **options):
        actor = coordinator_named(username)
        try:
            report = selectors.report_get(report_id)
        except Http404 as exc:
            raise CommandError(_("Rapport inconnu : %(pk)s.") % {"pk": report_id}) from exc
        try:
            report = report_publish(report=report, actor=actor, source="command")
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Rapport %(pk)s publié, empreinte SHA-256 %(sha)s.")
                % {"pk": report.pk, "sha": report.data_sha256}
            )
        )
