from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from commitments.models import ActionPlan
from importexport.exporter import FORMATS, plan_export


class Command(BaseCommand):
    help = (
        "Exporte un plan d'action au format « pgo-plan/1 » (voir commitments/IMPORT_FORMAT.md) : "
        "document JSON ou classeur .xlsx selon l'extension du fichier. Le fichier se réimporte "
        "tel quel avec import_plan."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="identifiant du plan, par exemple pan-2015-2017")
        parser.add_argument("file", help="fichier à écrire : .json ou .xlsx")

    def handle(self, *args, slug, file, **options):
        path = Path(file)
        fmt = path.suffix.lower().removeprefix(".")
        if fmt not in FORMATS:
            raise CommandError(
                _("Extension inconnue « %(suffix)s » : choisissez .json ou .xlsx.")
                % {"suffix": path.suffix}
            )
        plan = ActionPlan.objects.filter(slug=slug).first()
        if plan is None:
            known = ", ".join(ActionPlan.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                _("Plan inconnu : « %(slug)s ». Plans existants : %(known)s.")
                % {"slug": slug, "known": known or "-"}
            )
        data = plan_export(plan=plan, fmt=fmt)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(
                _("Impossible d'écrire %(file)s (%(error)s)")
                % {"file": file, "error": exc.strerror}
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Plan « %(slug)s » exporté dans %(file)s (%(n)s engagements, %(fmt)s).")
                % {"slug": slug, "file": file, "n": plan.commitments.count(), "fmt": fmt.upper()}
            )
        )
