"""``manage.py export_proposals SLUG FICHIER --as USERNAME``: the import's format (CSV or XLSX,
by the file's extension); importing it back changes nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from consultations.exporter import proposals_export
from consultations.models import Consultation

from .import_proposals import coordinator


class Command(BaseCommand):
    help = _("Exporte les propositions d'une consultation au format de l'import (CSV ou XLSX).")

    def add_arguments(self, parser):
        parser.add_argument("slug", help=_("identifiant de la consultation"))
        parser.add_argument("file", help=_("fichier .csv ou .xlsx à écrire"))
        parser.add_argument("--as", dest="username", required=True, metavar="USERNAME")

    def handle(self, *args, slug, file, username, **options):
        actor = coordinator(username)
        consultation = Consultation.objects.select_related("plan").filter(slug=slug).first()
        if consultation is None:
            raise CommandError(_("Consultation inconnue : %(slug)s") % {"slug": slug})
        fmt = "xlsx" if file.lower().endswith(".xlsx") else "csv"
        Path(file).write_bytes(proposals_export(consultation=consultation, fmt=fmt, actor=actor))
        self.stdout.write(_("Propositions exportées dans %(file)s") % {"file": file})
