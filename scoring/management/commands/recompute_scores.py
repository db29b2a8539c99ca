import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commitments.models import ActionPlan
from scoring.recompute import scores_recompute


class Command(BaseCommand):
    help = (
        "Recalcule l'avancement, les points, le score, le statut et la mesurabilité avec la "
        "méthode en vigueur (v2) ; sans option, tout (à lancer une fois après une mise à jour de "
        "la méthode)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="date du calcul, AAAA-MM-JJ (défaut : aujourd'hui)")
        parser.add_argument("--plan", help="identifiant (slug) d'un plan : ne recalculer que lui")

    def handle(self, *args, as_of=None, plan=None, **options):
        try:
            day = datetime.date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError:
            raise CommandError(
                f"Date invalide « {as_of} » : utilisez le format AAAA-MM-JJ."
            ) from None
        plan_ids = None
        if plan:
            found = list(ActionPlan.objects.filter(slug=plan).values_list("id", flat=True))
            if not found:
                raise CommandError(f"Plan inconnu : « {plan} ».")
            plan_ids = found
        started = time.perf_counter()
        report = scores_recompute(as_of=day, plan_ids=plan_ids)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{report.commitments} engagements recalculés au {day:%d/%m/%Y} en {elapsed:.2f} s : "
            f"{report.commitments_changed} modifiés, {report.snapshots_written} historiques écrits, "
            f"{report.rollups_changed} agrégats modifiés."
        )
