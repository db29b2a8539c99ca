"""Erase the addresses of the people who asked public questions, 30 days after the question
closed (or after it was asked, when never confirmed). Idempotent."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from civilsociety.questions import erase_expired_addresses


class Command(BaseCommand):
    help = "Efface les adresses des personnes ayant posé une question, 30 jours après sa clôture."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Date de référence (AAAA-MM-JJ), aujourd'hui par défaut."
        )

    def handle(self, *args, **options):
        as_of = timezone.localdate()
        if options.get("date"):
            try:
                as_of = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("Date invalide : AAAA-MM-JJ attendu.") from None
        erased = erase_expired_addresses(as_of=as_of)
        self.stdout.write(f"{erased} adresse(s) effacée(s) au {as_of.isoformat()}.")
