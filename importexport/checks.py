"""Step 2 of the import, per kind of record: match each record with the database, resolve its
references and apply its values to the row it will write (see ``importer``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from commitments.models import (
    LEAD_IS_CO_OWNER,
    Axis,
    Commitment,
)
from commitments.upsert import RowUpsert
from indicators.models import Indicator, Measurement
from milestones.models import Milestone

from .decode import Rec
from .rules import (
    commitment_rules,
    indicator_rules,
    measure_value,
    milestone_rules,
)
from .values import Invalid

ABSENT = object()  # a value the file does not give (not the same as an empty one)


class _RecordChecks:
    """The per-record checks of ``importer._Importer`` (mixed into it)."""

    def _check_commitment(self, rec: Rec) -> None:
        if rec.skip:
            return
        data = rec.data
        specials = {
            "axis",
            "ogp_values",
            "action_types",
            "lead_administration",
            "co_owners",
            "partners",
            "continues",
        }
        values = self._simple(rec, without=specials)
        many: dict[str, list[Model]] = {}
        if data.get("axis") is not None:
            values["axis"] = self._axis(rec, data["axis"])
        elif "axis" in data:
            values["axis"] = None
        for key, pairs in (
            ("ogp_values", Commitment.OGP_VALUE_FIELDS),
            ("action_types", Commitment.ACTION_TYPE_FIELDS),
        ):
            if key in data:
                values |= {field: code in data[key] for code, field in pairs}
        unknown_administration = _(
            "Administration inconnue « %(value)s » : décrivez-la dans la section des "
            "administrations du fichier, ou créez-la d'abord."
        )
        if "lead_administration" in data:
            slug = data["lead_administration"]
            values["lead_administration"] = slug and self._reference(
                rec, "lead_administration", slug, self.administrations, unknown_administration
            )
        if "co_owners" in data:
            many["co_owners"] = [
                obj
                for slug in data["co_owners"]
                if (
                    obj := self._reference(
                        rec, "co_owners", slug, self.administrations, unknown_administration
                    )
                )
            ]
        if "partners" in data:
            unknown_partner = _(
                "Partenaire inconnu « %(value)s » : décrivez-le dans la section des partenaires "
                "du fichier, ou créez-le d'abord."
            )
            many["partners"] = [
                obj
                for ref in data["partners"]
                if (obj := self._reference(rec, "partners", ref, self.partners, unknown_partner))
            ]
        if data.get("continues"):
            # the first continued commitment is ``continues``, the others ``also_continues``
            targets = [self._continued(rec, plan, number) for plan, number in data["continues"]]
            values["continues"] = targets[0]
            many["also_continues"] = [t for t in targets[1:] if t is not None]
        elif "continues" in data:
            values["continues"] = None
            many["also_continues"] = []
        values = {k: v for k, v in values.items() if k not in rec.bad_keys}
        row = self._row(
            rec,
            Commitment,
            {"plan": self.plan.instance, "number": data.get("number")},
            values,
            many=many,
            rules=commitment_rules,
        )
        if row is None:
            return
        self._check_lead_is_not_co_owner(rec, row, values, many.get("co_owners"))
        for child in rec.children.get("indicators", []):
            self._check_indicator(child, row)
        for child in rec.children.get("milestones", []):
            self._check_milestone(child, row)

    def _check_lead_is_not_co_owner(
        self, rec: Rec, row: RowUpsert, values: dict[str, Any], co_owners: list[Model] | None
    ) -> None:
        """What the file sets is consistent: its lead administration (or the database's) is not
        among its co-owners (or the database's). A row that only names its commitment (a stub,
        for its milestones) changes neither and is not checked."""
        if rec.stub:
            return
        commitment = row.instance
        new_lead = "lead_administration" in values
        if new_lead:
            lead = values["lead_administration"]
            lead_pk = lead.pk if lead is not None else None
        else:
            lead, lead_pk = None, commitment.lead_administration_id
        if lead is None and lead_pk is None:
            return
        if co_owners is not None:
            clash = any(a is lead or (a.pk is not None and a.pk == lead_pk) for a in co_owners)
            key = "co_owners"
        elif (
            new_lead
            and lead_pk is not None
            and not row.created
            and row.before.get("lead_administration") != lead_pk
        ):
            # a new lead, the co-owners of the database
            clash = commitment.co_owners.filter(pk=lead_pk).exists()
            key = "lead_administration"
        else:
            return
        if clash:
            self._issue(rec, key, str(LEAD_IS_CO_OWNER))

    def _axis(self, rec: Rec, number: int) -> Axis | None:
        axis = self.axes.get(number)
        if axis is None and self.plan.instance.pk is not None:
            axis = Axis.objects.filter(plan=self.plan.instance, number=number).first()
            if axis is not None:
                self.axes[number] = axis
        if axis is None:
            rec.bad_keys.add("axis")
            self._issue(
                rec,
                "axis",
                _("Axe n° %(number)s inconnu : il n'est ni dans le fichier ni dans ce plan.")
                % {"number": number},
            )
        return axis

    def _continued(self, rec: Rec, plan_slug: str, number: int) -> Commitment | None:
        if plan_slug == self.plan.instance.slug:
            message = _("Un engagement ne peut prolonger qu'un engagement d'un autre plan.")
        else:
            found = Commitment.objects.filter(plan__slug=plan_slug, number=number).first()
            if found is not None:
                return found
            message = _(
                "Engagement prolongé inconnu : le plan « %(plan)s » n'a pas d'engagement n° "
                "%(number)s dans la base (importez d'abord ce plan)."
            ) % {"plan": plan_slug, "number": number}
        rec.bad_keys.add("continues")
        self._issue(rec, "continues", message)
        return None

    def _position(self, rec: Rec, row: RowUpsert) -> None:
        """``position`` absent (on creation) or empty: the rank in the file."""
        position = rec.data.get("position", ABSENT)
        if position is None or (position is ABSENT and row.created):
            self._set(row, "position", rec.index)

    def _check_indicator(self, rec: Rec, commitment: RowUpsert) -> None:
        row = self._row(
            rec,
            Indicator,
            {"commitment": commitment.instance, "reference": rec.data.get("reference")},
            self._simple(rec),
            parent=commitment,
            adjust=lambda row: self._position(rec, row),
            rules=lambda indicator: indicator_rules(indicator, rec.data),
        )
        for child in rec.children.get("measurements", []):
            if row is not None:
                self._check_measurement(child, row, commitment)

    def _check_measurement(self, rec: Rec, indicator: RowUpsert, commitment: RowUpsert) -> None:
        values = self._simple(rec, without={"value"})
        if "value" in rec.data:
            try:
                values["value"] = measure_value(indicator.instance, rec.data["value"])
            except Invalid as exc:
                rec.bad_keys.add("value")
                self._issue(rec, "value", str(exc))

        def adjust(row: RowUpsert) -> None:
            if row.created and self.actor is not None:
                self._set(row, "recorded_by", self.actor)

        self._row(
            rec,
            Measurement,
            {"indicator": indicator.instance, "date": rec.data.get("date")},
            values,
            parent=commitment,
            adjust=adjust,
        )

    def _check_milestone(self, rec: Rec, commitment: RowUpsert) -> None:
        def adjust(row: RowUpsert) -> None:
            original = rec.data.get("original_due_date", ABSENT)
            first_date = original is ABSENT and row.instance.original_due_date is None
            if original is None or (original is ABSENT and row.created) or first_date:
                self._set(row, "original_due_date", row.instance.due_date)
                if "due_date" in rec.bad_keys:  # already reported: say it once
                    self._reported.add((id(rec), "original_due_date"))
            self._position(rec, row)

        self._row(
            rec,
            Milestone,
            {"commitment": commitment.instance, "reference": rec.data.get("reference")},
            self._simple(rec),
            parent=commitment,
            adjust=adjust,
            rules=milestone_rules,
        )

    # Step 3: write --------------------------------------------------------------------------
