from django.core.management.base import BaseCommand, CommandError

from opendata.tableschema.publish import schemas_check, schemas_write


class Command(BaseCommand):
    help = (
        "Vérifie (par défaut) ou réécrit (--write) le dépôt de schémas schemas/ à partir du code : "
        "schema.json et README.md de chaque fichier CSV, README.md du dépôt et tableau des "
        "schémas du README du projet. Un schéma qui change demande d'abord une nouvelle version "
        "dans son CHANGELOG.md ; la commande dit laquelle."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--write", action="store_true", help="Écrire les fichiers générés (make schemas)."
        )

    def handle(self, *args, write: bool = False, **options):
        if write:
            outcome = schemas_write()
            if outcome.problems:
                raise CommandError("\n".join(outcome.problems))
            for path in outcome.written:
                self.stdout.write(f"écrit : {path}")
            self.stdout.write(self.style.SUCCESS("Schémas à jour."))
            return
        problems = schemas_check()
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(self.style.SUCCESS("Les schémas publiés sont ceux que le code génère."))
