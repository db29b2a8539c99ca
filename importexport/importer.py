"""Import a plan: all or nothing.

1. *Read*: decode the file and read every value (types, dates, codes, required keys, duplicate
   keys within the file). Nothing touches the database.
2. *Check*: match every row with the database (plan slug, commitment number, indicator and
   milestone references, measurement date), resolve administrations, partners, axes and
   continued commitments, apply the values to in-memory objects and validate each one
   (the rules below, then ``full_clean``). Still nothing is written.
3. *Write* (only when steps 1 and 2 found no error, and not for a dry run): one transaction,
   parents before children, ``full_clean`` again, then save and audit only the rows that
   changed; scores are recomputed after the commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Model, Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from commitments.events import data_changed
from commitments.models import (
    ActionPlan,
    Administration,
    Axis,
    Commitment,
    Partner,
)
from commitments.permissions import user_is_coordinator
from commitments.upsert import UNCHANGED, UPDATE, RowUpsert
from milestones.models import Milestone
from milestones.services import milestone_calendar_recorded

from .checks import _RecordChecks
from .decode import Document, Rec, decode
from .report import ImportIssue, ImportReport
from .rules import (
    plan_rules,
)
from .schema import KEY, SPEC_BY_KEY, field_key
from .values import Invalid, read_value, shown


class _Rollback(Exception):
    pass


def user_can_import_plans(user) -> bool:
    """Plans are imported by the coordination team (or a superuser)."""
    return user_is_coordinator(user)


def plan_import(
    *,
    data: bytes,
    filename: str,
    actor,
    source: str = "import",
    dry_run: bool = False,
    actor_label: str = "",
) -> ImportReport:
    """Import one plan from a ``pgo-plan/1`` JSON document or XLSX workbook.

    ``actor`` is the user (who must be a coordinator or a superuser) or ``None`` for a job,
    named by ``actor_label``. Returns the report; when it has errors nothing was written.
    """
    if actor is not None and not user_can_import_plans(actor):
        raise PermissionDenied(_("Seule l'équipe de coordination peut importer un plan d'action."))
    report = ImportReport(dry_run=dry_run)
    issues: list[ImportIssue] = []
    document = decode(data, filename, issues)
    if document is None:
        report.errors = issues
        return report
    report.encoding = document.encoding
    report.plan_slug = str(document.plan.raw.get("slug") or "")
    importer = _Importer(document, issues, actor=actor)
    importer.read()
    importer.check()
    if issues:
        report.errors = issues
        return report
    if dry_run:
        for item in importer.rows:
            report.count(item.entity, item.row.action)
        return report
    importer.write(report, source=source, actor_label=actor_label)
    if issues:
        report.errors = issues
        report.counts = {}
    return report


@dataclass
class _Item:
    """A row to save, in order: parents first."""

    rec: Rec
    entity: str
    row: RowUpsert
    commitment: RowUpsert | None


class _Importer(_RecordChecks):
    def __init__(self, document: Document, issues: list[ImportIssue], *, actor) -> None:
        self.doc = document
        self.issues = issues
        self.actor = actor
        self.rows: list[_Item] = []
        self._reported: set[tuple[int, str]] = set()

    # Step 1: read values --------------------------------------------------------------------

    def read(self) -> None:
        doc = self.doc
        self._read(doc.plan)
        axes = doc.plan.children.get("axes", [])
        for rec in axes:
            self._read(rec)
        self._unique(axes, "number", skip=True)
        self._unique(axes, "slug")
        for recs in (doc.administrations, doc.partners):
            for rec in recs:
                self._read(rec)
            self._unique(recs, "slug", skip=True)
            self._unique(recs, "name")
        for rec in doc.commitments:
            self._read(rec)
            for key in ("indicators", "milestones"):
                children = rec.children.get(key, [])
                for child in children:
                    self._read(child)
                    measurements = child.children.get("measurements", [])
                    for measurement in measurements:
                        self._read(measurement)
                    self._unique(measurements, "date", skip=True)
                self._unique(children, "reference", skip=True)
        self._unique(doc.commitments, "number", skip=True)

    def _issue(self, rec: Rec, key: str, message: str) -> None:
        if key and (id(rec), key) in self._reported:
            return
        self._reported.add((id(rec), key))
        self.issues.append(rec.issue(key, message))

    def _read(self, rec: Rec) -> None:
        specs = SPEC_BY_KEY[rec.entity]
        for key, raw in rec.raw.items():
            if key not in specs:
                continue
            try:
                rec.data[key] = read_value(specs[key], raw, lenient=rec.lenient)
            except Invalid as exc:
                rec.bad_keys.add(key)
                self._issue(rec, key, str(exc))
        key = KEY[rec.entity]
        if key not in rec.raw:
            self._issue(rec, key, _("Valeur obligatoire : c'est la clé de la ligne."))
        if key not in rec.data:
            rec.skip = True

    def _unique(self, recs: list[Rec], key: str, *, skip: bool = False) -> None:
        seen: dict[Any, Rec] = {}
        for rec in recs:
            if rec.skip or rec.data.get(key) in (None, ""):
                continue
            value = rec.data[key]
            if value in seen:
                self._issue(
                    rec,
                    key,
                    _("« %(value)s » est en double (déjà utilisé : %(first)s).")
                    % {"value": shown(str(value)), "first": seen[value].place()},
                )
                rec.skip = rec.skip or skip
            else:
                seen[value] = rec

    # Step 2: match with the database and validate -------------------------------------------

    def check(self) -> None:
        doc = self.doc
        plan = self._row(
            doc.plan,
            ActionPlan,
            {"slug": doc.plan.data.get("slug")},
            self._simple(doc.plan),
            rules=plan_rules,
        )
        if plan is None:
            return
        self.plan = plan
        self.axes: dict[int, Axis] = {}
        for rec in doc.plan.children.get("axes", []):
            row = self._row(
                rec,
                Axis,
                {"plan": plan.instance, "number": rec.data.get("number")},
                self._simple(rec),
                adjust=_axis_slug,
            )
            if row is not None:
                self.axes[rec.data["number"]] = row.instance
        self.administrations = self._references(
            doc.administrations, Administration, ("lead_administration", "co_owners")
        )
        self.partners = self._references(doc.partners, Partner, ("partners",), by_name=True)
        for rec in doc.commitments:
            self._check_commitment(rec)

    def _simple(self, rec: Rec, *, without: Iterable[str] = ()) -> dict[str, Any]:
        """The values that go straight to a model field of the same name."""
        special = {KEY[rec.entity], *without}
        return {k: v for k, v in rec.data.items() if k not in special}

    def _set(self, row: RowUpsert, name: str, value: Any) -> None:
        row.values[name] = value
        setattr(row.instance, name, value)

    def _row(
        self,
        rec: Rec,
        model: type[Model],
        lookup: dict[str, Any],
        values: dict[str, Any],
        *,
        many: dict[str, list[Model]] | None = None,
        parent: RowUpsert | None = None,
        adjust: Callable[[RowUpsert], None] | None = None,
        rules: Callable[[Any], list[tuple[str, str]]] | None = None,
    ) -> RowUpsert | None:
        """Match ``rec`` with its row, apply its values, validate; remember it for writing."""
        if rec.skip:
            return None
        row = RowUpsert.prepare(model, lookup, values, many=many)
        if rec.stub:
            if row.created:
                self._issue(rec, KEY[rec.entity], _unknown_parent(rec))
                rec.skip = True
                return None
            return row  # a parent named by another row: used, neither changed nor counted
        if adjust is not None:
            adjust(row)
        if row.created:
            for spec in SPEC_BY_KEY[rec.entity].values():
                if spec.required and spec.key not in rec.raw:
                    self._issue(
                        rec,
                        spec.key,
                        _("Valeur obligatoire pour créer cette ligne (absente de la base)."),
                    )
        self._validate(rec, row, rules)
        self.rows.append(_Item(rec, rec.entity, row, parent))
        return row

    def _validate(self, rec: Rec, row: RowUpsert, rules) -> None:
        problems = rules(row.instance) if rules else []
        for key, message in problems:
            self._issue(rec, key, message)
        exclude = {
            f.name
            for f in row.instance._meta.concrete_fields
            if f.many_to_one
            and (related := f.get_cached_value(row.instance, None)) is not None
            and related.pk is None
        }
        try:
            row.instance.full_clean(exclude=exclude, validate_constraints=not problems)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                key = "" if name == NON_FIELD_ERRORS else field_key(rec.entity, name)
                for message in messages:
                    self._issue(rec, key, message)

    def _references(
        self,
        recs: list[Rec],
        model: type[Administration] | type[Partner],
        keys: tuple[str, ...],
        *,
        by_name: bool = False,
    ) -> dict[str, Model]:
        """Upsert the administrations (or partners) of the file, and return every one the
        commitments name under ``keys``: by slug (or by name, for partners), from the file or
        else from the database (one query)."""
        known: dict[str, Model] = {}
        for rec in recs:
            row = self._row(rec, model, {"slug": rec.data.get("slug")}, self._simple(rec))
            if row is not None:
                known[row.instance.slug] = row.instance
        if by_name:
            for rec in recs:
                if rec.data.get("slug") in known and rec.data.get("name"):
                    known.setdefault(rec.data["name"], known[rec.data["slug"]])
        named: set[str] = set()
        for rec in self.doc.commitments:
            for key in keys:
                value = rec.data.get(key)
                named.update(value if isinstance(value, list) else [value] if value else [])
        missing = named - set(known)
        if missing:
            lookup = Q(slug__in=missing) | Q(name__in=missing) if by_name else Q(slug__in=missing)
            for obj in model.objects.filter(lookup):
                known.setdefault(obj.slug, obj)
                if by_name:
                    known.setdefault(obj.name, obj)
        return known

    def _reference(self, rec: Rec, key: str, value: str, known: dict[str, Model], message: str):
        obj = known.get(value)
        if obj is None:
            rec.bad_keys.add(key)
            self._issue(rec, key, message % {"value": value})
        return obj

    def write(self, report: ImportReport, *, source: str, actor_label: str) -> None:
        touched: set[int] = set()
        plan_changed = False
        try:
            with transaction.atomic():
                for item in self.rows:
                    if item.row.action == UNCHANGED:  # validated in step 2, nothing to write
                        report.count(item.entity, UNCHANGED)
                        continue
                    before = dict(item.row.before)
                    try:
                        action = item.row.save(
                            source=source,
                            actor=self.actor,
                            actor_label=actor_label,
                            justification=_justification(item.row),
                        )
                        if item.entity == "milestone" and action == UPDATE:
                            # method v2: a calendar change is the coordination team's decision
                            milestone_calendar_recorded(
                                milestone=item.row.instance,
                                previous_due_date=_date(before.get("due_date")),
                                previous_status=before.get("status", ""),
                                reason=_justification(item.row),
                                actor=self.actor,
                                source=source,
                                actor_label=actor_label,
                            )
                    except ValidationError as exc:
                        for name, messages in exc.message_dict.items():
                            key = "" if name == NON_FIELD_ERRORS else field_key(item.entity, name)
                            self.issues.extend(item.rec.issue(key, m) for m in messages)
                        raise _Rollback from exc
                    except DatabaseError as exc:
                        self.issues.append(
                            item.rec.issue(
                                "", _("Écriture refusée par la base : %(error)s") % {"error": exc}
                            )
                        )
                        raise _Rollback from exc
                    report.count(item.entity, action)
                    if action != UNCHANGED:
                        if item.commitment is not None:
                            touched.add(item.commitment.instance.pk)
                        elif item.entity == "commitment":
                            touched.add(item.row.instance.pk)
                        plan_changed = plan_changed or item.entity == "plan"
                if plan_changed:
                    # The period counts in the measurability of every commitment of the plan.
                    touched.update(
                        Commitment.objects.filter(plan=self.plan.instance).values_list(
                            "pk", flat=True
                        )
                    )
                data_changed(commitment_ids=touched)
        except _Rollback:
            return


def _date(value) -> datetime.date | None:
    """A date as ``model_values`` keeps it (ISO text)."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _axis_slug(row: RowUpsert) -> None:
    """An axis without an identifier gets one from its title."""
    if not row.instance.slug:
        row.values["slug"] = row.instance.slug = slugify(row.instance.title)[:80]


def _unknown_parent(rec: Rec) -> str:
    if rec.entity == "commitment":
        return _(
            "Engagement n° %(value)s inconnu : il n'est ni dans la feuille « Engagements » ni "
            "dans la base."
        ) % {"value": rec.data.get("number")}
    return _(
        "Indicateur « %(value)s » inconnu : il n'est ni dans la feuille « Indicateurs » ni dans "
        "la base."
    ) % {"value": rec.data.get("reference")}


def _justification(row: RowUpsert) -> str:
    if isinstance(row.instance, Milestone) and (
        row.created or {"status", "due_date", "justification"} & set(row.changes())
    ):
        return row.instance.justification
    return ""
