import time

from django.core.management.base import BaseCommand, CommandError

from sampledata.world import world_generate


class Command(BaseCommand):
    help = (
        "Ajoute un jeu de données de montée en charge : environ 1 plan pour 62 engagements, "
        "8 jalons et 2 indicateurs par engagement, 10 mesures par indicateur, tous marqués "
        "illustratifs. Ne supprime rien : relancer la commande ajoute un nouveau « monde » "
        "(nouveaux plans, administrations et partenaires réutilisés)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--commitments", type=int, required=True, help="nombre d'engagements à créer"
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="graine : même graine, mêmes données (défaut 1)"
        )

    def handle(self, *args, commitments: int, seed: int, **options):
        if commitments < 1:
            raise CommandError("--commitments doit être au moins 1.")
        started = time.monotonic()

        def progress(message: str) -> None:
            self.stdout.write(f"[{time.monotonic() - started:6.1f} s] {message}")

        counts = world_generate(commitments=commitments, seed=seed, progress=progress)
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{name} {n}" for name, n in counts.items())
        self.stdout.write(f"created: {summary}")
        self.stdout.write(self.style.SUCCESS(f"done in {elapsed:.1f} s"))
