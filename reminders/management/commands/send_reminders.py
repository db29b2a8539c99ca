"""``manage.py send_reminders [--as-of AAAA-MM-JJ] [--dry-run]``: plan and send the reminders."""

from __future__ import annotations

import datetime
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from reminders.services import ReminderReport, reminders_send

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_as_of(value: str | None) -> datetime.date:
    if value is None:
        return timezone.localdate()
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _(
                "Date invalide « %(value)s » : indiquez une date réelle au format AAAA-MM-JJ, "
                "par exemple 2016-07-01. Aucun rappel n'a été planifié ni envoyé."
            )
            % {"value": value}
        ) from None


class Command(BaseCommand):
    help = _(
        "Planifie et envoie les rappels par courriel : jalons à 30, 7 et 1 jours de l'échéance, "
        "le lendemain puis chaque semaine en cas de retard, synthèse du lundi pour l'équipe de "
        "coordination, indicateurs sans mesure récente. Relancer la commande n'envoie rien "
        "deux fois."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            metavar="AAAA-MM-JJ",
            help=_("Date de référence (par défaut : aujourd'hui, heure de Paris)."),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Affiche qui recevrait quoi, sans rien envoyer ni enregistrer."),
        )

    def handle(self, *args, **options):
        as_of = parse_as_of(options["as_of"])
        report = reminders_send(as_of=as_of, dry_run=options["dry_run"])
        self.write_report(report)

    def write_report(self, report: ReminderReport) -> None:
        out = self.stdout
        if report.dry_run:
            out.write(
                _("Simulation au %(date)s : rien n'est envoyé ni enregistré.")
                % {"date": report.as_of.isoformat()}
            )
            out.write(_("Rappels à planifier : %(n)d") % {"n": report.planned})
            out.write(_("Courriels qui seraient envoyés : %(n)d") % {"n": len(report.messages)})
        else:
            out.write(_("Rappels au %(date)s") % {"date": report.as_of.isoformat()})
            out.write(_("Rappels planifiés : %(n)d") % {"n": report.planned})
            out.write(_("Courriels envoyés : %(n)d") % {"n": len(report.messages)})
        for kind, n in report.counts.items():
            out.write(f"  {kind} : {n}")
        for m in report.messages:
            out.write(f"  → {m.recipient} [{m.kind}] {m.subject}")
        for label, bucket in (
            (_("À réessayer"), report.retrying),
            (_("Abandonnés"), report.failed),
            (_("Sans objet"), report.skipped),
        ):
            if bucket:
                out.write(f"{label} : {len(bucket)}")
                for m in bucket:
                    out.write(f"  × {m.recipient} [{m.kind}] {m.note}")
        if report.failed:
            self.stderr.write(
                _("%(n)d rappel(s) abandonné(s) après plusieurs échecs d'envoi.")
                % {"n": len(report.failed)}
            )
