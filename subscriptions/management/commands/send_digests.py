"""``manage.py send_digests [--as-of AAAA-MM-JJ]``: erase expired addresses, then plan and send
the subscribers' digests (daily every day, weekly on Mondays). A rerun sends nothing twice."""

from __future__ import annotations

import datetime
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from subscriptions.services import digests_send, purge_unconfirmed

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
                "par exemple 2016-07-04. Aucune synthèse n'a été envoyée."
            )
            % {"value": value}
        ) from None


class Command(BaseCommand):
    help = _(
        "Efface les adresses non confirmées depuis 7 jours, puis envoie les synthèses des "
        "abonnés (quotidiennes chaque jour, hebdomadaires le lundi). Relancer la commande "
        "n'envoie rien deux fois."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            metavar="AAAA-MM-JJ",
            help=_("Date d'envoi (par défaut : aujourd'hui, heure de Paris)."),
        )

    def handle(self, *args, **options):
        as_of = parse_as_of(options["as_of"])
        erased = purge_unconfirmed(now=timezone.now())
        report = digests_send(as_of=as_of)
        out = self.stdout
        out.write(_("Synthèses au %(date)s") % {"date": as_of.isoformat()})
        out.write(_("Adresses non confirmées effacées : %(n)s") % {"n": erased})
        out.write(_("Synthèses planifiées : %(n)s") % {"n": report.planned})
        out.write(_("Synthèses envoyées : %(n)s") % {"n": len(report.sent)})
        out.write(_("Sans changement, rien envoyé : %(n)s") % {"n": len(report.skipped)})
        if report.retrying or report.failed:
            out.write(
                _("En échec : %(n)s (nouvel essai au prochain passage : %(r)s)")
                % {"n": len(report.failed) + len(report.retrying), "r": len(report.retrying)}
            )
