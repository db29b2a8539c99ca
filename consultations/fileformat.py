"""The proposals file: one consultation per file, one proposal per row, as CSV (UTF-8, comma
or semicolon) or as an XLSX workbook whose first sheet is « Propositions ».

Columns (French headers, in this order on export; on import their order does not matter):
``plan`` (slug of the plan the consultation prepared), ``consultation`` (its name),
``consultation_debut`` and ``consultation_fin`` (AAAA-MM-JJ), ``consultation_lien``;
``identifiant`` (the proposal's id in the consultation), ``titre``, ``texte``, ``auteur``,
``type_auteur`` (organisation or pseudonyme), ``lien``; ``suite`` (à l'étude, retenue,
fusionnée, non retenue), ``motif`` (public; required when not retained), ``engagements``
(numbers of the plan's commitments it led to, separated by « ; »).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from importexport.report import ImportIssue
from toolkit.api.csv_renderer import FORMULA_PREFIXES, NUMBERS_RE

SHEET = "Propositions"
CSV_WHERE = "CSV"
COLUMNS = (
    "plan",
    "consultation",
    "consultation_debut",
    "consultation_fin",
    "consultation_lien",
    "identifiant",
    "titre",
    "texte",
    "auteur",
    "type_auteur",
    "lien",
    "suite",
    "motif",
    "engagements",
)
REQUIRED = (
    "plan",
    "consultation",
    "consultation_debut",
    "consultation_fin",
    "identifiant",
    "titre",
)
MAX_ROWS = 20000


# A text that starts like a formula, after any number of « ' » (see ``guard``).
_FORMULA_START = re.compile("'*[" + re.escape("".join(FORMULA_PREFIXES)) + "]")


def guard(text: str) -> str:
    """A CSV cell a spreadsheet would run as a formula (CSV injection) prefixed with « ' »:
    the API's guard (``=``, ``+``, ``-``, ``@``, tab or CR first; never a number such as
    ``-12.5``). A text already starting with « ' » then such a character gets one more « ' »,
    so that ``unguard`` gives back exactly the text and the round trip changes nothing."""
    if _FORMULA_START.match(text) and NUMBERS_RE.fullmatch(text) is None:
        return "'" + text
    return text


def unguard(text: str) -> str:
    """The text ``guard`` was given."""
    rest = text[1:]
    if text.startswith("'") and _FORMULA_START.match(rest) and NUMBERS_RE.fullmatch(rest) is None:
        return rest
    return text


@dataclass
class Row:
    where: str  # the sheet, or « CSV »
    number: int  # the spreadsheet's row number (the header is row 1)
    values: dict[str, Any]

    def issue(self, column: str, message: str) -> ImportIssue:
        return ImportIssue(self.where, self.number, column, message)


def _normalise(header: Any) -> str:
    text = str(header or "").replace("’", "'").strip().casefold()
    return re.sub(r"[\s-]+", "_", text)


def detect(data: bytes, filename: str) -> str | None:
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        return "xlsx"
    if filename.lower().endswith((".csv", ".txt")):
        return "csv"
    return None


def _table(
    where: str, table: list[tuple[Any, ...]], issues: list[ImportIssue], *, guarded: bool = False
) -> list[Row]:
    """The rows of a sheet; ``guarded``: its text cells went through ``guard`` (CSV)."""
    if not table:
        issues.append(ImportIssue(where, None, "", _("Le fichier est vide.")))
        return []
    headers = [_normalise(h) for h in table[0]]
    unknown = [str(h) for h, n in zip(table[0], headers, strict=True) if n and n not in COLUMNS]
    for header in unknown:
        issues.append(ImportIssue(where, 1, header, _("Colonne inconnue.")))
    for column in REQUIRED:
        if column not in headers:
            issues.append(ImportIssue(where, 1, column, _("Colonne obligatoire absente.")))
    if len(table) - 1 > MAX_ROWS:
        issues.append(ImportIssue(where, None, "", _("Plus de %(n)s lignes.") % {"n": MAX_ROWS}))
    if issues:
        return []
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {h: cells[i] if i < len(cells) else None for i, h in enumerate(headers) if h}
        if guarded:
            values = {h: unguard(v) if isinstance(v, str) else v for h, v in values.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue  # a blank line
        rows.append(Row(where, number, values))
    if not rows:
        issues.append(ImportIssue(where, None, "", _("Aucune proposition dans le fichier.")))
    return rows


def read_csv(data: bytes, issues: list[ImportIssue]) -> list[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        issues.append(
            ImportIssue(CSV_WHERE, None, "", _("Le fichier CSV doit être encodé en UTF-8."))
        )
        return []
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        table = [tuple(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        issues.append(
            ImportIssue(CSV_WHERE, None, "", _("CSV illisible : %(e)s") % {"e": str(exc)})
        )
        return []
    return _table(CSV_WHERE, table, issues, guarded=True)


def read_xlsx(data: bytes, issues: list[ImportIssue]) -> list[Row]:
    import openpyxl

    workbook = None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
        title = sheet.title
        table = [tuple(r) for r in sheet.iter_rows(values_only=True)]
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
        return []
    finally:
        if workbook is not None:
            workbook.close()
    return _table(title, table, issues)


def read(data: bytes, filename: str, issues: list[ImportIssue]) -> list[Row]:
    kind = detect(data, filename)
    if kind == "xlsx":
        return read_xlsx(data, issues)
    if kind == "csv":
        return read_csv(data, issues)
    issues.append(
        ImportIssue(filename, None, "", _("Format inconnu : envoyez un fichier .csv ou .xlsx."))
    )
    return []


def write_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([[guard(cell) for cell in row] for row in rows])
    return out.getvalue().encode("utf-8")


def write_xlsx(rows: list[list[str]]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            cell.data_type = "s"  # text stays text: a leading « = » is not a formula
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
