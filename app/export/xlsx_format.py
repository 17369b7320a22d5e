"""XLSX through openpyxl, every cell stored as text so nothing a user quoted runs as a formula."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.export.fields import headers
from app.export.options import ExportOptions
from app.export.table import FORMULA_STARTS
from app.export.writing import Steps
from app.export.xml_text import xml_text

GUARD = False  # cells stay as written: a quote prefix, not an apostrophe, keeps them text


def text_cell(sheet: WriteOnlyWorksheet, value: str, alignment: Alignment) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=xml_text(value))
    # openpyxl reads a leading "=" as a formula; a quote is text, whatever it starts with.
    cell.data_type = "s"
    if cell.value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True  # and stays text when a user edits the cell
    cell.alignment = alignment
    return cell


def write_table(batches: Iterable[list[tuple]], path: Path, options: ExportOptions, steps: Steps) -> None:
    """Rows from :func:`app.export.table.iter_table` (an annotation id, then the cells)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Annotations")
    sheet.freeze_panes = "A2"
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    header_cells = []
    for name in headers(options.fields):
        cell = WriteOnlyCell(sheet, value=xml_text(name))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for batch in batches:
        for row in batch:
            cells = []
            for value in row[1:]:
                cells.append(text_cell(sheet, value, wrap))
            sheet.append(cells)
        steps.step(len(batch))
    book.save(path)
