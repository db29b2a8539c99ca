"""What an import did, or would do, and every reason it was refused."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.translation import gettext as _

ENTITY_MODELS = {
    "plan": "commitments.ActionPlan",
    "axis": "commitments.Axis",
    "administration": "commitments.Administration",
    "partner": "commitments.Partner",
    "commitment": "commitments.Commitment",
    "indicator": "indicators.Indicator",
    "measurement": "indicators.Measurement",
    "milestone": "milestones.Milestone",
}
OUTCOMES = ("created", "updated", "unchanged")
ACTION_OUTCOME = {"create": "created", "update": "updated", "unchanged": "unchanged"}


@dataclass(frozen=True)
class ImportIssue:
    """One reason to refuse the file: where (a sheet or a JSON path), which spreadsheet row
    (``None`` in JSON, whose path already names the item), which field, and why."""

    where: str
    row: int | None
    field: str
    message: str
    # JSON only: the item as a person names it (« Engagement 5, jalon « j2 » ») and the
    # field's French label; shown before the path and the key, as a spreadsheet row is.
    context: str = ""
    field_label: str = ""

    def __str__(self) -> str:
        place = f"{self.context} ({self.where})" if self.context else self.where
        if self.row is not None:
            place = _("%(where)s, ligne %(row)s") % {"where": place, "row": self.row}
        if self.field:
            name = f"{self.field_label} ({self.field})" if self.field_label else self.field
            place = _("%(place)s, champ « %(field)s »") % {"place": place, "field": name}
        return f"{place} : {self.message}"


@dataclass
class ImportReport:
    encoding: str = ""
    plan_slug: str = ""
    dry_run: bool = False
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[ImportIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return any(c.get("created") or c.get("updated") for c in self.counts.values())

    def count(self, entity: str, action: str) -> None:
        bucket = self.counts.setdefault(entity, dict.fromkeys(OUTCOMES, 0))
        bucket[ACTION_OUTCOME[action]] += 1

    def lines(self) -> list[str]:
        """The report in plain French (or the active language), one line each."""
        if self.errors:
            return [
                _("Import refusé : %(n)s erreur(s). Rien n'a été enregistré.")
                % {"n": len(self.errors)},
                *(f"  - {issue}" for issue in self.errors),
            ]
        if self.dry_run:
            head = _(
                "Simulation de l'import du plan « %(slug)s » (%(encoding)s) : rien n'a été enregistré."
            )
        elif self.changed:
            head = _("Plan « %(slug)s » importé (%(encoding)s).")
        else:
            head = _("Plan « %(slug)s » (%(encoding)s) : déjà à jour, rien n'a changé.")
        lines = [head % {"slug": self.plan_slug, "encoding": self.encoding.upper()}]
        for entity, model_label in ENTITY_MODELS.items():
            bucket = self.counts.get(entity)
            if not bucket:
                continue
            name = apps.get_model(model_label)._meta.verbose_name_plural
            lines.append(
                _(
                    "  %(name)s : %(created)s créé(s), %(updated)s modifié(s), %(unchanged)s inchangé(s)"
                )
                % {"name": name, **bucket}
            )
        return lines
