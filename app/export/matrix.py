"""The follow-up matrix: one row per recommendation of a document, a country or the library, with its
response, follow-up status, note, the citations of its evidence and the years it was made in (where the
country's other reports repeat it), as XLSX, CSV or DOCX.

The cells are made once (:func:`matrix_rows`) and each format writes them as the annotation exports
do: XLSX cells stored as text, CSV cells that would run as formulas given an apostrophe, through a
temporary file renamed into place only once complete.
"""

from __future__ import annotations

import csv
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from app.export.table import inert
from app.export.writing import ExportError, atomic_target
from app.export.xlsx_format import text_cell
from app.export.xml_text import xml_text
from app.library import Library
from app.services.follow_up import Evidence, evidence_of, responses_of
from app.services.recommendations import RecommendationInfo, list_recommendations
from app.services.repeats import Repeats, repeats

MATRIX_FORMATS = ("xlsx", "csv", "docx")
MATRIX_HEADERS = ("Symbol", "Document", "Paragraph", "Number", "Text", "Recommending State(s)", "Response",
                  "Response passage", "Status", "Note", "Evidence", "Made in", "Also made in")
# Column widths in the spreadsheet, in characters: the text columns wide, the short ones narrow.
_WIDTHS = (18, 30, 10, 10, 60, 24, 14, 50, 18, 30, 40, 20, 50)


def matrix_rows(library: Library, *, document_id: int | None = None,
                country: str | None = None) -> list[tuple[str, ...]]:
    """The matrix's cells, a row per recommendation in the order of the documents and their text."""
    items = list_recommendations(library, document_id=document_id, country=country)
    ids = [item.id for item in items]
    evidence, responses, made = evidence_of(library, ids), responses_of(library, ids), repeats(library, items)
    return [_row(item, responses.get(item.id, ()), evidence.get(item.id, ()), made.get(item.id)) for item in items]


def _row(item: RecommendationInfo, responses: tuple[Evidence, ...],
         evidence: tuple[Evidence, ...], made: Repeats | None) -> tuple[str, ...]:
    return (item.document_reference or "", item.document_title, item.paragraph or "", item.number or "",
            item.text, "; ".join(item.states), item.response or "",
            "\n".join(f"\u201c{' '.join(r.quote.split())}\u201d ({r.citation})" for r in responses),
            item.status, item.status_note, "\n".join(e.citation for e in evidence),
            made.recommended_in() if made else "", "\n".join(other.describe() for other in made.others) if made else "")


def export_matrix(library: Library, target: Path, *, document_id: int | None = None, country: str | None = None,
                  force: bool = False) -> int:
    """Write the matrix to ``target`` in the format its name ends with; the number of rows written."""
    kind = target.suffix.lower().lstrip(".")
    if kind not in MATRIX_FORMATS:
        raise ExportError(f"{target.name}: the follow-up matrix is written as .xlsx, .csv or .docx; "
                          "nothing was written.")
    rows = matrix_rows(library, document_id=document_id, country=country)
    if not rows:
        raise ExportError("There are no recommendations here to put in a follow-up matrix; nothing was written.")
    with atomic_target(target, force) as temporary:
        _WRITERS[kind](rows, temporary)
    return len(rows)


def _xlsx(rows: list[tuple[str, ...]], path: Path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Follow-up")
    sheet.freeze_panes = "A2"
    for column, width in enumerate(_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + column)].width = width
    bold = Font(bold=True)
    headers = []
    for name in MATRIX_HEADERS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        headers.append(cell)
    sheet.append(headers)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([text_cell(sheet, value, wrap) for value in row])
    book.save(path)


def _csv(rows: list[tuple[str, ...]], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as file:  # the mark Excel needs to read accents
        writer = csv.writer(file)
        writer.writerow(MATRIX_HEADERS)
        writer.writerows([inert(value) for value in row] for row in rows)


def _docx(rows: list[tuple[str, ...]], path: Path) -> None:
    document = Document()
    document.core_properties.title = "Follow-up matrix"
    section = document.sections[0]  # eleven columns: the page turned to give them room
    section.orientation, section.page_width, section.page_height = (WD_ORIENT.LANDSCAPE, section.page_height,
                                                                    section.page_width)
    document.add_heading("Follow-up matrix", level=1)
    table = document.add_table(rows=1, cols=len(MATRIX_HEADERS))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, MATRIX_HEADERS, strict=True):
        cell.text = name
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = xml_text(value)
    document.save(str(path))


_WRITERS = {"xlsx": _xlsx, "csv": _csv, "docx": _docx}
