from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from importexport.importer import plan_import, user_can_import_plans
from importexport.quiet import machinery_quiet

ACTOR_LABEL = "import_plan"


class Command(BaseCommand):
    help = (
        "Importe un plan d'action (document JSON « pgo-plan/1 » ou classeur .xlsx, voir "
        "commitments/IMPORT_FORMAT.md). Tout ou rien : à la moindre erreur rien n'est "
        "enregistré et chaque erreur est listée avec sa ligne. Réimporter le même fichier ne "
        "change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier .json ou .xlsx")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="vérifie le fichier et dit ce qui serait créé ou modifié, sans rien enregistrer",
        )
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="importe au nom de cet utilisateur (coordination ou superutilisateur)",
        )

    def handle(self, *args, file, dry_run=False, username=None, **options):
        actor = self._actor(username) if username else None
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Fichier introuvable : %(file)s") % {"file": file})
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Fichier illisible : %(file)s (%(error)s)")
                % {"file": file, "error": exc.strerror}
            ) from exc
        with machinery_quiet(options.get("verbosity", 1)):
            report = plan_import(
                data=data,
                filename=path.name,
                actor=actor,
                source="import",
                dry_run=dry_run,
                actor_label="" if actor else ACTOR_LABEL,
            )
        lines = report.lines()
        if report.errors:
            for line in lines[1:]:
                self.stderr.write(line)
            raise CommandError(lines[0])
        self.stdout.write(self.style.SUCCESS(lines[0]))
        for line in lines[1:]:
            self.stdout.write(line)

    def _actor(self, username: str):
        """The ``--as`` user: must exist, be active, and be a coordinator or a superuser."""
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(_("Utilisateur inconnu : %(username)s") % {"username": username})
        if not user_can_import_plans(user):
            raise CommandError(
                _(
                    "%(username)s ne peut pas importer de plan : seule l'équipe de coordination "
                    "(ou un superutilisateur) le peut."
                )
                % {"username": username}
            )
        return user
