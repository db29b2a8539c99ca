"""``manage.py import_proposals FICHIER --as USERNAME [--dry-run]``: import a consultation's
proposals (CSV or XLSX), all or nothing, in the name of a member of the coordination team."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from consultations.importer import proposals_import, user_can_import_proposals


def coordinator(username: str):
    user = get_user_model()._default_manager.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("Utilisateur inconnu : %(username)s") % {"username": username})
    if not user_can_import_proposals(user):
        raise CommandError(
            _("%(username)s n'est pas membre de l'équipe de coordination.") % {"username": username}
        )
    return user


class Command(BaseCommand):
    help = _(
        "Importe les propositions d'une consultation publique (CSV ou XLSX). Tout ou rien : à "
        "la moindre erreur rien n'est enregistré et chaque erreur est nommée (feuille, ligne, "
        "colonne). Réimporter le même fichier ne change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("fichier .csv ou .xlsx"))
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            metavar="USERNAME",
            help=_("importe au nom de ce membre de l'équipe de coordination"),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("vérifie le fichier sans rien enregistrer"),
        )

    def handle(self, *args, file, username, dry_run=False, **options):
        actor = coordinator(username)
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Fichier introuvable : %(file)s") % {"file": file})
        report = proposals_import(
            data=path.read_bytes(),
            filename=path.name,
            actor=actor,
            source="command",
            dry_run=dry_run,
        )
        lines = report.lines()
        if report.errors:
            for line in lines[1:]:
                self.stderr.write(line)
            raise CommandError(lines[0])
        for line in lines:
            self.stdout.write(line)
