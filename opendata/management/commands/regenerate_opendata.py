from django.core.management.base import BaseCommand, CommandError

from commitments.models import ActionPlan
from opendata.bulk import opendata_regenerate


class Command(BaseCommand):
    help = (
        "Régénère maintenant les fichiers de données ouvertes (archive zip de CSV, document JSON, "
        "archive de tous les plans) de chaque plan publié, ou des plans nommés par --plan, et "
        "retire ceux des plans dépubliés. Relancer la commande réécrit les mêmes fichiers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--plan",
            action="append",
            default=[],
            metavar="SLUG",
            help="Identifiant d'un plan publié (répétable) ; par défaut, tous les plans publiés.",
        )

    def handle(self, *args, plan: list[str], **options):
        plan_ids = None
        if plan:
            found = dict(
                ActionPlan.objects.filter(published=True, slug__in=plan).values_list("slug", "pk")
            )
            unknown = sorted(set(plan) - set(found))
            if unknown:
                raise CommandError(
                    "Plan inconnu ou non publié : " + ", ".join(f"« {s} »" for s in unknown)
                )
            plan_ids = list(found.values())
        report = opendata_regenerate(plan_ids=plan_ids)
        for slug in report.exported:
            self.stdout.write(f"généré : {slug}")
        for name in report.removed:
            self.stdout.write(f"retiré : {name}")
        if report.failed:
            raise CommandError("Échec pour : " + ", ".join(report.failed))
        self.stdout.write(self.style.SUCCESS("Fichiers de données ouvertes à jour."))
