"""Bytes → a tree of records (plan, axes, administrations, partners, commitments with their
indicators, measurements and milestones), whatever the encoding. Values stay raw here; each
record remembers where it comes from so that every error can name its place."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .report import ImportIssue
from .schema import (
    CHILDREN,
    CONTINUES_COLUMNS,
    FORMAT_ID,
    KEY,
    PARENT_COLUMNS,
    README_SHEET,
    SHEETS,
    SPEC_BY_KEY,
    sheet_columns,
)
from .values import Invalid, as_int, as_slug, is_empty, shown

TOP_LEVEL = {"format", "about", "plan", "administrations", "partners", "commitments"}
TOP_LISTS = {
    "administrations": "administration",
    "partners": "partner",
    "commitments": "commitment",
}


@dataclass
class Rec:
    """One item of the file: a JSON object, or a spreadsheet row."""

    entity: str
    where: str
    row: int | None
    raw: dict[str, Any] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    lenient: bool = False
    index: int = 1  # 1-based rank among its siblings: the default ``position``
    stub: bool = False  # named only as the parent of another row (a spreadsheet)
    children: dict[str, list[Rec]] = field(default_factory=dict)
    # JSON: the item named as a person does (« Engagement 5, jalon « j2 » ») and its fields'
    # French labels, shown with the path and the key.
    context: str = ""
    field_labels: dict[str, str] = field(default_factory=dict)
    # Filled when values are read:
    data: dict[str, Any] = field(default_factory=dict)
    bad_keys: set[str] = field(default_factory=set)
    skip: bool = False

    def label(self, key: str) -> str:
        return self.labels.get(key, key)

    def place(self) -> str:
        if self.row is None:
            return f"{self.context} ({self.where})" if self.context else self.where
        return _("%(where)s, ligne %(row)s") % {"where": self.where, "row": self.row}

    def issue(self, key: str, message: str) -> ImportIssue:
        return ImportIssue(
            self.where,
            self.row,
            self.label(key) if key else "",
            message,
            context=self.context,
            field_label=self.field_labels.get(key, "") if key else "",
        )


@dataclass
class Document:
    encoding: str
    plan: Rec
    administrations: list[Rec] = field(default_factory=list)
    partners: list[Rec] = field(default_factory=list)
    commitments: list[Rec] = field(default_factory=list)


def detect_encoding(data: bytes, filename: str) -> str | None:
    """``"xlsx"`` for a zip (an Office Open XML workbook), ``"json"`` for a text starting with
    ``{``; otherwise trust the extension (a truncated file may have lost its signature)."""
    if data.startswith(b"PK"):
        return "xlsx"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return "json"
    return {".json": "json", ".xlsx": "xlsx"}.get(Path(filename).suffix.lower())


def decode(data: bytes, filename: str, issues: list[ImportIssue]) -> Document | None:
    if not data.strip():
        issues.append(ImportIssue(filename or _("fichier"), None, "", _("Le fichier est vide.")))
        return None
    encoding = detect_encoding(data, filename)
    if encoding == "json":
        return decode_json(data, issues)
    if encoding == "xlsx":
        return decode_xlsx(data, issues)
    issues.append(
        ImportIssue(
            filename or _("fichier"),
            None,
            "",
            _(
                "Format de fichier non reconnu : un document JSON (.json) ou un classeur "
                "(.xlsx) est attendu."
            ),
        )
    )
    return None


# JSON ----------------------------------------------------------------------------------------


def decode_json(data: bytes, issues: list[ImportIssue]) -> Document | None:
    def fatal(where: str, key: str, message: str) -> None:
        issues.append(ImportIssue(where, None, key, message))

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        fatal(
            "JSON",
            "",
            _(
                "Le fichier n'est pas enregistré en UTF-8 (premier caractère illisible ligne "
                "%(line)s ; il vient sans doute de Windows ou d'un ancien Mac, en Latin-1 ou "
                "Windows-1252). Rouvrez-le dans votre éditeur et enregistrez-le en UTF-8 : "
                "« Enregistrer sous » puis codage « UTF-8 » (Bloc-notes, LibreOffice, VS Code : "
                "« Enregistrer avec l'encodage » → UTF-8)."
            )
            % {"line": line},
        )
        return None
    try:
        # NaN and Infinity are kept as text, so that they are refused as numbers later.
        doc = json.loads(text, parse_float=Decimal, parse_constant=str)
    except json.JSONDecodeError as exc:
        fatal(
            "JSON",
            "",
            _(
                "Document JSON illisible, ligne %(line)s, colonne %(column)s (%(error)s) : "
                "le fichier est tronqué ou corrompu."
            )
            % {"line": exc.lineno, "column": exc.colno, "error": exc.msg},
        )
        return None
    if not isinstance(doc, dict):
        fatal("$", "", _("Le document doit être un objet JSON ({…})."))
        return None
    if doc.get("format") != FORMAT_ID:
        fatal(
            "format",
            "",
            _("Format « %(expected)s » attendu, « %(value)s » reçu.")
            % {"expected": FORMAT_ID, "value": shown(doc.get("format"))},
        )
        return None
    for key in doc:
        if key not in TOP_LEVEL:
            fatal(key, "", _("Section inconnue."))
    plan = _json_rec("plan", doc.get("plan"), "plan", 1, issues, "")
    if plan is None:
        return None
    document = Document("json", plan)
    for key, entity in TOP_LISTS.items():
        items = doc.get(key, [])
        if not isinstance(items, list):
            fatal(key, "", _("Liste attendue."))
            continue
        recs = [
            _json_rec(entity, item, f"{key}[{i}]", i + 1, issues, "")
            for i, item in enumerate(items)
        ]
        setattr(document, key, [r for r in recs if r is not None])
    return document


def _json_rec(
    entity: str, obj: Any, path: str, index: int, issues: list[ImportIssue], context: str
) -> Rec | None:
    """One JSON object. Its place names it the way a person does (« Engagement 5, jalon
    « j2 » »), then gives the JSON path; its fields are named by their French label and key,
    as the spreadsheet's columns are."""
    if not isinstance(obj, dict):
        issues.append(
            ImportIssue(
                path,
                None,
                "",
                _("Objet attendu ({…}), %(value)s reçu.") % {"value": shown(obj)},
                context=context,
            )
        )
        return None
    specs = SPEC_BY_KEY[entity]
    human = _json_name(entity, obj.get(KEY[entity]), context)
    rec = Rec(entity, path, None, index=index, context=human)
    rec.field_labels = {key: spec.header for key, spec in specs.items()}
    children = CHILDREN.get(entity, {})
    for key, value in obj.items():
        if key in specs:
            rec.raw[key] = value
        elif key in children:
            if not isinstance(value, list):
                issues.append(rec.issue(key, _("Liste attendue.")))
                continue
            recs = [
                _json_rec(children[key], item, f"{path}.{key}[{i}]", i + 1, issues, human)
                for i, item in enumerate(value)
            ]
            rec.children[key] = [r for r in recs if r is not None]
        else:
            issues.append(rec.issue(key, _("Champ inconnu.")))
    return rec


_JSON_NAMES = {
    "commitment": _lazy("Engagement %(key)s"),
    "indicator": _lazy("indicateur « %(key)s »"),
    "milestone": _lazy("jalon « %(key)s »"),
    "measurement": _lazy("mesure du %(key)s"),
    "axis": _lazy("axe %(key)s"),
    "administration": _lazy("administration « %(key)s »"),
    "partner": _lazy("partenaire « %(key)s »"),
}


def _json_name(entity: str, key: Any, context: str) -> str:
    """« Engagement 5, jalon « j2 » »: the item's key in words, after its parents'; the
    parents' alone when the key is missing or not a plain value."""
    template = _JSON_NAMES.get(entity)
    if template is None or not isinstance(key, str | int | Decimal) or isinstance(key, bool):
        return context
    text = str(key).strip()
    if not text or len(text) > 40:
        return context
    name = str(template) % {"key": text}
    return f"{context}, {name}" if context else name


# XLSX ----------------------------------------------------------------------------------------


def _normalise(header: Any) -> str:
    text = str(header).replace("’", "'").casefold()
    return re.sub(r"\s+", " ", text).strip()


def decode_xlsx(data: bytes, issues: list[ImportIssue]) -> Document | None:
    import openpyxl

    workbook = None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheets = {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in workbook}
    except Exception:  # a broken zip, missing parts, bad XML: all mean an unreadable file
        issues.append(
            ImportIssue(
                _("classeur"),
                None,
                "",
                _(
                    "Classeur XLSX illisible : le fichier est tronqué, corrompu, ou n'est pas "
                    "un classeur Excel ou LibreOffice enregistré au format .xlsx."
                ),
            )
        )
        return None
    finally:
        if workbook is not None:
            workbook.close()
    return _XlsxReader(issues).read(sheets)


class _XlsxReader:
    def __init__(self, issues: list[ImportIssue]) -> None:
        self.issues = issues

    def read(self, sheets: dict[str, list[tuple[Any, ...]]]) -> Document | None:
        by_name = {_normalise(name): entity for entity, name in SHEETS.items()}
        rows_of: dict[str, tuple[str, list[tuple[Any, ...]]]] = {}
        for title, rows in sheets.items():
            entity = by_name.get(_normalise(title))
            if entity is not None:
                rows_of[entity] = (title, rows)
            elif _normalise(title) != _normalise(README_SHEET):
                self.issues.append(
                    ImportIssue(
                        title,
                        None,
                        "",
                        _("Feuille inconnue ; feuilles attendues : %(names)s.")
                        % {"names": ", ".join(SHEETS.values())},
                    )
                )
        if "plan" not in rows_of:
            self.issues.append(
                ImportIssue(SHEETS["plan"], None, "", _("La feuille « Plan » est absente."))
            )
            return None
        recs = {entity: self._sheet(entity, *rows_of[entity]) for entity in rows_of}
        plans = recs["plan"]
        if len(plans) != 1:
            self.issues.append(
                ImportIssue(
                    rows_of["plan"][0],
                    plans[1].row if len(plans) > 1 else None,
                    "",
                    _("La feuille « Plan » doit contenir une seule ligne (un plan par fichier)."),
                )
            )
            return None
        plan = plans[0]
        self.plan_slug = str(plan.raw.get("slug") or "").strip()
        document = Document("xlsx", plan)
        document.administrations = recs.get("administration", [])
        document.partners = recs.get("partner", [])
        plan.children["axes"] = self._check_plan(recs.get("axis", []))
        document.commitments = self._check_plan(recs.get("commitment", []))
        self._attach(document, recs)
        return document

    def _sheet(self, entity: str, title: str, rows: list[tuple[Any, ...]]) -> list[Rec]:
        if not rows:
            return []
        known: dict[str, tuple[str, str]] = {}
        for key, header in sheet_columns(entity):
            known[_normalise(header)] = (key, header)
            known[_normalise(key)] = (key, header)
        columns: dict[str, int] = {}
        labels: dict[str, str] = {}
        for col, header in enumerate(rows[0]):
            if is_empty(header):
                continue
            found = known.get(_normalise(header))
            if found is None:
                self.issues.append(ImportIssue(title, 1, str(header), _("Colonne inconnue.")))
            elif found[0] in columns:
                self.issues.append(ImportIssue(title, 1, str(header), _("Colonne en double.")))
            else:
                columns[found[0]] = col
                labels[found[0]] = str(header)
        needed = [KEY[entity]] + [key for key, _h in PARENT_COLUMNS[entity] if key != "plan"]
        missing = [dict(sheet_columns(entity))[key] for key in needed if key not in columns]
        if missing:
            self.issues.append(
                ImportIssue(
                    title,
                    1,
                    "",
                    _("Colonne(s) obligatoire(s) absente(s) : %(names)s.")
                    % {"names": ", ".join(f"« {m} »" for m in missing)},
                )
            )
            return []
        if any(key in columns for key, _h in CONTINUES_COLUMNS):
            labels["continues"] = " / ".join(header for _k, header in CONTINUES_COLUMNS)
        recs = []
        for number, values in enumerate(rows[1:], start=2):
            if all(is_empty(v) for v in values):
                continue
            raw = {key: values[col] if col < len(values) else None for key, col in columns.items()}
            if "continues_plan" in raw or "continues_number" in raw:
                target = (raw.pop("continues_plan", None), raw.pop("continues_number", None))
                raw["continues"] = (
                    None
                    if all(is_empty(v) for v in target)
                    else {"plan": target[0], "number": target[1]}
                )
            recs.append(Rec(entity, title, number, raw, labels, lenient=True))
        return recs

    def _check_plan(self, recs: list[Rec]) -> list[Rec]:
        """Rows of another plan are refused: a file describes one plan."""
        kept = []
        for rec in recs:
            value = rec.raw.pop("plan", None)
            if not is_empty(value) and str(value).strip() != self.plan_slug:
                self.issues.append(
                    rec.issue(
                        "plan",
                        _("Ce fichier décrit le plan « %(slug)s », pas « %(value)s ».")
                        % {"slug": self.plan_slug, "value": shown(value)},
                    )
                )
                continue
            kept.append(rec)
        for index, rec in enumerate(kept, start=1):
            rec.index = index
        return kept

    def _parent_key(self, rec: Rec, key: str, reader) -> Any:
        try:
            return reader(rec.raw.pop(key, None), lenient=True)
        except (Invalid, ValueError, TypeError) as exc:
            message = str(exc) if isinstance(exc, Invalid) else _("Valeur obligatoire.")
            self.issues.append(rec.issue(key, message))
            return None

    def _attach(self, document: Document, recs: dict[str, list[Rec]]) -> None:
        """Hang indicators, measurements and milestones under their commitment and indicator;
        a parent missing from its sheet becomes a stub that must exist in the database."""
        commitments: dict[int, Rec] = {}
        for rec in document.commitments:
            try:
                commitments.setdefault(as_int(rec.raw.get("number"), lenient=True), rec)
            except Invalid:
                continue

        def commitment_of(rec: Rec, number: int) -> Rec:
            if number not in commitments:
                stub = Rec("commitment", rec.where, rec.row, {"number": number}, stub=True)
                stub.labels = {"number": rec.label("commitment")}
                commitments[number] = stub
                document.commitments.append(stub)
            return commitments[number]

        def add(parent: Rec, key: str, rec: Rec) -> None:
            siblings = parent.children.setdefault(key, [])
            rec.index = len(siblings) + 1
            siblings.append(rec)

        read_number, read_reference = _required(as_int), _required(as_slug)
        for entity, key in (("indicator", "indicators"), ("milestone", "milestones")):
            for rec in self._check_plan(recs.get(entity, [])):
                number = self._parent_key(rec, "commitment", read_number)
                if number is not None:
                    add(commitment_of(rec, number), key, rec)
        for rec in self._check_plan(recs.get("measurement", [])):
            number = self._parent_key(rec, "commitment", read_number)
            reference = self._parent_key(rec, "indicator", read_reference)
            if number is None or reference is None:
                continue
            indicators = commitment_of(rec, number).children.setdefault("indicators", [])
            indicator = next(
                (i for i in indicators if str(i.raw.get("reference") or "").strip() == reference),
                None,
            )
            if indicator is None:
                indicator = Rec(
                    "indicator", rec.where, rec.row, {"reference": reference}, stub=True
                )
                indicator.labels = {"reference": rec.label("indicator")}
                indicators.append(indicator)
            add(indicator, "measurements", rec)


def _required(reader):
    def read(value: Any, *, lenient: bool) -> Any:
        if is_empty(value):
            raise Invalid(_("Valeur obligatoire."))
        return reader(value, lenient=lenient)

    return read
