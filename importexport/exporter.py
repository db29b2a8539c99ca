"""Export a plan in the ``pgo-plan/1`` format (JSON document or XLSX workbook).

Everything an import reads is written, and nothing else (computed scores are not: they are
recomputed from the data), so an export imported again changes nothing.
"""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from commitments.models import ActionPlan, Commitment
from indicators.models import Indicator, Measurement
from milestones.models import Milestone

from .schema import (
    FORMAT_ID,
    README_SHEET,
    SHEETS,
    SPEC_BY_KEY,
    SPECS,
    sheet_columns,
)

FORMATS = ("json", "xlsx")


def plan_export(*, plan: ActionPlan, fmt: str = "json") -> bytes:
    """The plan, its axes, commitments, indicators, measurements and milestones, with the
    administrations and partners they name."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {FORMATS}")
    document = plan_document(plan=plan)
    if fmt == "xlsx":
        return _workbook(document)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _number(value: Decimal | None) -> int | float | str | None:
    """A decimal as a JSON number when that is exact, else as a string."""
    if value is None:
        return None
    value = value.normalize()
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else format(value, "f")


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _values(entity: str, obj: Any) -> dict[str, Any]:
    """The plain fields of ``obj`` named by the format (dates as ISO text, decimals as
    numbers)."""
    result: dict[str, Any] = {}
    for spec in SPECS[entity]:
        if not hasattr(type(obj), spec.key) or spec.kind in ("codes", "refs", "continues"):
            continue
        value = getattr(obj, spec.key)
        if spec.kind in ("date", "due"):
            value = _date(value)
        elif spec.kind in ("decimal", "measure"):
            value = _number(value)
        result[spec.key] = value
    return result


def plan_document(*, plan: ActionPlan) -> dict[str, Any]:
    """The export as a JSON-ready dict (a fixed number of queries)."""
    commitments = (
        Commitment.objects.filter(plan=plan)
        .select_related("axis", "lead_administration", "continues__plan")
        .prefetch_related("also_continues__plan")
        .prefetch_related(
            "co_owners",
            "partners",
            Prefetch("indicators", queryset=Indicator.objects.order_by("position", "reference")),
            Prefetch("indicators__measurements", queryset=Measurement.objects.order_by("date")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("position", "reference")),
        )
        .order_by("number")
    )
    administrations: dict[str, Any] = {}
    partners: dict[str, Any] = {}
    items = []
    for commitment in commitments:
        co_owners = sorted(commitment.co_owners.all(), key=lambda a: a.slug)
        commitment_partners = sorted(commitment.partners.all(), key=lambda p: p.slug)
        lead = commitment.lead_administration
        for administration in [lead, *co_owners] if lead else co_owners:
            administrations[administration.slug] = administration
        partners |= {partner.slug: partner for partner in commitment_partners}
        continued = [commitment.continues] if commitment.continues else []
        continued += sorted(
            commitment.also_continues.all(), key=lambda c: (c.plan.period_start, c.number)
        )
        targets = [{"plan": c.plan.slug, "number": c.number} for c in continued]
        item = {
            "number": commitment.number,
            **_values("commitment", commitment),
            "axis": commitment.axis.number if commitment.axis else None,
            "ogp_values": commitment.ogp_values,
            "action_types": commitment.action_types,
            "lead_administration": lead.slug if lead else None,
            "co_owners": [a.slug for a in co_owners],
            "partners": [p.slug for p in commitment_partners],
            # one object as before; a list only when it continues several commitments
            "continues": targets if len(targets) > 1 else (targets[0] if targets else None),
            "fields_to_verify": list(commitment.fields_to_verify or []),
        }
        item = {spec.key: item[spec.key] for spec in SPECS["commitment"]}
        item["indicators"] = [
            {
                **_values("indicator", indicator),
                "levels": list(indicator.levels or []),
                "measurements": [
                    _values("measurement", measurement)
                    for measurement in indicator.measurements.all()
                ],
            }
            for indicator in commitment.indicators.all()
        ]
        item["milestones"] = [
            _values("milestone", milestone) for milestone in commitment.milestones.all()
        ]
        items.append(item)
    return {
        "format": FORMAT_ID,
        "plan": {
            **_values("plan", plan),
            "axes": [_values("axis", axis) for axis in plan.axes.order_by("number")],
        },
        "administrations": [
            _values("administration", administrations[slug]) for slug in sorted(administrations)
        ],
        "partners": [_values("partner", partners[slug]) for slug in sorted(partners)],
        "commitments": items,
    }


# XLSX ----------------------------------------------------------------------------------------


def _rows(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """One list of flat rows per sheet, each with its parents' keys."""
    plan = document["plan"]
    slug = plan["slug"]
    rows: dict[str, list[dict[str, Any]]] = {entity: [] for entity in SHEETS}
    rows["plan"].append(plan)
    rows["axis"] = [{"plan": slug, **axis} for axis in plan["axes"]]
    rows["administration"] = document["administrations"]
    rows["partner"] = document["partners"]
    for commitment in document["commitments"]:
        number = commitment["number"]
        rows["commitment"].append({"plan": slug, **commitment})
        for indicator in commitment["indicators"]:
            rows["indicator"].append({"plan": slug, "commitment": number, **indicator})
            rows["measurement"].extend(
                {"plan": slug, "commitment": number, "indicator": indicator["reference"], **m}
                for m in indicator["measurements"]
            )
        rows["milestone"].extend(
            {"plan": slug, "commitment": number, **milestone}
            for milestone in commitment["milestones"]
        )
    return rows


def _cell(entity: str, key: str, row: dict[str, Any]) -> Any:
    if key in ("continues_plan", "continues_number"):
        target = row.get("continues")
        if isinstance(target, list):  # several: « 3; 5 », and one plan for each
            return "; ".join(str(t[key.removeprefix("continues_")]) for t in target)
        return target and target[key.removeprefix("continues_")]
    value = row.get(key)
    spec = SPEC_BY_KEY[entity].get(key)
    if spec is None or value is None:
        return value
    if spec.kind in ("date", "due"):
        return datetime.date.fromisoformat(value)
    if spec.kind == "bool":
        return "oui" if value else "non"
    if spec.kind == "levels":
        return "\n".join(value)
    if spec.kind in ("codes", "refs"):
        return "; ".join(value)
    return value


def _workbook(document: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    workbook.remove(workbook.active)
    for entity, rows in _rows(document).items():
        sheet = workbook.create_sheet(SHEETS[entity])
        columns = sheet_columns(entity)
        sheet.append([header for _key, header in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            values = []
            for key, _header in columns:
                value = _cell(entity, key, row)
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                values.append(value)
            sheet.append(values)
        for index, (key, header) in enumerate(columns, start=1):
            letter = get_column_letter(index)
            spec = SPEC_BY_KEY[entity].get(key)
            sheet.column_dimensions[letter].width = min(max(len(header) + 2, 12), 40)
            for cell in sheet[letter][1:]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, never a formula
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
                if isinstance(cell.value, str) and "\n" in cell.value:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            if spec is not None and spec.kind in ("enum", "bool"):
                codes = "oui,non" if spec.kind == "bool" else ",".join(_codes(spec.choices))
                validation = DataValidation(
                    type="list", formula1=f'"{codes}"', allow_blank=True, showErrorMessage=False
                )
                validation.add(f"{letter}2:{letter}1048576")
                sheet.add_data_validation(validation)
        sheet.freeze_panes = "A2"
    _readme(workbook.create_sheet(README_SHEET))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _codes(choices) -> list[str]:
    pairs = choices.choices if hasattr(choices, "choices") else choices
    return [str(code) for code, _label in pairs]


def _readme(sheet) -> None:
    from openpyxl.styles import Font

    lines = [
        _("Plan d'action exporté du portail PGO (format %(format)s).") % {"format": FORMAT_ID},
        _(
            "Une feuille par type de ligne ; la première ligne de chaque feuille donne les "
            "colonnes. Les lignes sont repérées par l'identifiant du plan, le numéro de "
            "l'engagement et la référence de l'indicateur ou du jalon : réimporter le fichier "
            "met à jour ces lignes sans les dupliquer."
        ),
        _(
            "Dates au format AAAA-MM-JJ. Oui/non : « oui » ou « non ». Listes : valeurs "
            "séparées par « ; ». Niveaux d'un indicateur qualitatif : un niveau par ligne."
        ),
        _(
            "Une ligne absente du fichier n'est pas supprimée. Une colonne absente laisse la "
            "valeur enregistrée inchangée ; une cellule vide l'efface."
        ),
        _("Un import est refusé en entier à la moindre erreur, qui est signalée avec sa ligne."),
        "",
        _("Codes acceptés (ou leur libellé) :"),
    ]
    sheet.append([lines[0]])
    sheet["A1"].font = Font(bold=True)
    for line in lines[1:]:
        sheet.append([line])
    for entity, specs in SPECS.items():
        for spec in specs:
            if spec.kind in ("enum", "codes"):
                pairs = spec.choices.choices if hasattr(spec.choices, "choices") else spec.choices
                sheet.append(
                    [
                        f"{SHEETS[entity]} — {spec.header}",
                        ", ".join(f"{code} ({label})" for code, label in pairs),
                    ]
                )
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 100
