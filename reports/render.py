"""A report's outputs from its data: the HTML body (one template per section), the PDF
(WeasyPrint, from that very HTML) and the ODT (OpenDocument text, from that very HTML too, so
the three say the same). Reports are written in French, the language of the Parliament."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from . import sections as registry

REPORT_LANGUAGE = "fr"


def _sections(data: dict[str, Any]) -> list[dict[str, Any]]:
    stored = data.get("sections", {})
    return [
        {
            "key": s.key,
            "title": s.title,
            "template": s.template,
            "annex": s.annex,
            "data": stored[s.key],
        }
        for s in registry.registered()
        if s.key in stored
    ]


def render_body(*, data: dict[str, Any], meta: dict[str, Any]) -> str:
    """The report's HTML body (an ``<article>``), in French. ``meta``: ``data_sha256``,
    ``draft`` (bool), ``published_at``, ``corrects``."""
    with translation.override(REPORT_LANGUAGE):
        return render_to_string(
            "reports/document.html", {"report": data, "meta": meta, "sections": _sections(data)}
        )


def render_print_html(body: str, *, title: str) -> str:
    with translation.override(REPORT_LANGUAGE):
        return render_to_string("reports/print.html", {"body": body, "title": title})


def render_pdf(body: str, *, title: str) -> bytes:
    from weasyprint import HTML  # imported here: Pango is loaded only when a PDF is made

    # PDF/UA: a tagged PDF (headings, tables, reading order) in French, for screen readers
    return HTML(string=render_print_html(body, title=title)).write_pdf(pdf_variant="pdf/ua-1")


# --- ODT -------------------------------------------------------------------------------------


class _Blocks(HTMLParser):
    """Headings, paragraphs, list items and tables of the report's HTML, with their text."""

    BLOCKS = {"h1", "h2", "h3", "h4", "p", "li", "caption", "dt", "dd"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, Any]] = []
        self._text: list[str] | None = None
        self._tag = ""
        self._table: list[list[tuple[str, str]]] | None = None
        self._cell: list[str] | None = None
        self._cell_tag = ""
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in {"style", "script"}:
            self._skip += 1
            return
        if tag == "table":
            self._table = []
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in {"td", "th"} and self._table is not None:
            self._cell, self._cell_tag = [], tag
        elif tag == "br":
            self._append("\n")
        elif tag in self.BLOCKS and self._cell is None:
            self._text, self._tag = [], tag

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "script"}:
            self._skip = max(0, self._skip - 1)
            return
        if tag in {"td", "th"} and self._cell is not None and self._table:
            self._table[-1].append((self._cell_tag, _clean("".join(self._cell))))
            self._cell = None
        elif tag == "table" and self._table is not None:
            self.blocks.append(("table", [row for row in self._table if row]))
            self._table = None
        elif tag == self._tag and self._text is not None:
            text = _clean("".join(self._text))
            if text:
                self.blocks.append((tag, text))
            self._text, self._tag = None, ""

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._append(data)

    def _append(self, text: str) -> None:
        if self._cell is not None:
            self._cell.append(text)
        elif self._text is not None:
            self._text.append(text)


def _clean(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


def html_blocks(body: str) -> list[tuple[str, Any]]:
    parser = _Blocks()
    parser.feed(body)
    parser.close()
    return parser.blocks


def render_odt(body: str, *, title: str) -> bytes:
    from odf.dc import Title
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TableColumnProperties, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, LineBreak, P

    doc = OpenDocumentText()
    doc.meta.addElement(Title(text=title))
    styles = {}
    for level, size in ((1, "18pt"), (2, "15pt"), (3, "13pt"), (4, "12pt")):
        style = Style(name=f"Heading {level}", family="paragraph")
        style.addElement(TextProperties(fontsize=size, fontweight="bold"))
        style.addElement(ParagraphProperties(margintop="0.3cm", marginbottom="0.15cm"))
        doc.styles.addElement(style)
        styles[level] = style
    item = Style(name="List item", family="paragraph")
    item.addElement(ParagraphProperties(marginleft="0.6cm"))
    doc.styles.addElement(item)
    header = Style(name="Table heading", family="paragraph")
    header.addElement(TextProperties(fontweight="bold"))
    doc.styles.addElement(header)
    column = Style(name="Column", family="table-column")
    column.addElement(TableColumnProperties(useoptimalcolumnwidth="true"))
    doc.automaticstyles.addElement(column)

    def paragraph(text: str, **kwargs) -> Any:
        p = P(**kwargs)
        for i, line in enumerate(text.split("\n")):
            if i:
                p.addElement(LineBreak())
            p.addText(line)
        return p

    for kind, content in html_blocks(body):
        if kind in {"h1", "h2", "h3", "h4"}:
            level = int(kind[1])
            doc.text.addElement(H(outlinelevel=level, stylename=styles[level], text=content))
        elif kind == "li":
            doc.text.addElement(paragraph(f"– {content}", stylename=item))
        elif kind == "table":
            width = max(len(row) for row in content) if content else 0
            table = Table()
            table.addElement(TableColumn(numbercolumnsrepeated=max(width, 1), stylename=column))
            for row in content:
                tr = TableRow()
                for tag, text in row:
                    cell = TableCell(valuetype="string")
                    cell.addElement(
                        paragraph(text, stylename=header) if tag == "th" else paragraph(text)
                    )
                    tr.addElement(cell)
                table.addElement(tr)
            doc.text.addElement(table)
        else:
            doc.text.addElement(paragraph(content))
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()
