from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.module_loading import import_string

from opendata.bulk import FORMATS, opendata_downloads, opendata_regenerate
from sampledata.demo import demo_load
from scoring.recompute import scores_recompute


class Command(BaseCommand):
    help = (
        "Charge le plan d'action 2015-2017 (26 engagements réels) avec des jalons, indicateurs "
        "et coûts illustratifs. Relancer la commande ne change rien."
    )

    def handle(self, *args, **options):
        report = demo_load()
        if report.changed:
            for label, bucket in (("créés", report.created), ("mis à jour", report.updated)):
                if bucket:
                    summary = ", ".join(f"{n} {name}" for name, n in sorted(bucket.items()))
                    self.stdout.write(f"{label} : {summary}")
            scored = scores_recompute(as_of=timezone.localdate())
            self.stdout.write(f"Scores recalculés : {scored.commitments_changed} engagements.")
        extras = self._extras()
        if not report.changed and not extras:
            self.stdout.write("Données de démonstration déjà à jour.")
            self._opendata(changed=False)
            return
        self._opendata(changed=True)
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))

    def _extras(self) -> bool:
        """The demo data of the apps this one may not import (a published report to
        Parliament): ``settings.DEMO_EXTRAS`` names functions that add theirs once and return
        what they made, or None when it was already there."""
        made = False
        for dotted in getattr(settings, "DEMO_EXTRAS", ()):
            result = import_string(dotted)()
            if result is not None:
                self.stdout.write(f"créé : {result}")
                made = True
        return made

    def _opendata(self, *, changed: bool) -> None:
        """The bulk files, at once: without a beat no nightly run would make them, and
        /donnees-ouvertes/ would offer nothing to download. An unchanged rerun writes them only
        when a published plan has none."""
        if not changed and all(len(e.files) == len(FORMATS) for e in opendata_downloads()):
            self.stdout.write("Fichiers de données ouvertes déjà à jour.")
            return
        result = opendata_regenerate()
        self.stdout.write(f"Fichiers de données ouvertes générés : {len(result.exported)} plans.")
