"""An annotated copy of a document's PDF: every passage a real PDF annotation any viewer shows.

The library's file is never touched: PyMuPDF opens it, adds the annotations in memory and
saves the copy under the export's temporary name.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pymupdf

from app.export.options import ExportOptions
from app.export.rows import ExportRow
from app.export.writing import ExportError, Steps
from app.library import Library
from app.services.annotations import PALETTE

AUTHOR = "Rights Annotator"
NEEDS_LIBRARY = True  # the copy is made from the library's file


def check(library: Library, rows: Sequence[ExportRow]) -> None:
    documents = {row.document_id for row in rows}
    if not documents:
        raise ExportError("No passage matches, so there is no PDF to copy; nothing was written.")
    if len(documents) > 1:
        raise ExportError(f"The passages come from {len(documents)} documents; an annotated PDF is a copy of one "
                          "(choose it with --doc). Nothing was written.")


def rgb(color: str) -> tuple[float, float, float]:
    value = PALETTE.get(color, color).lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    try:
        return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
    except ValueError:
        return (1.0, 0.84, 0.31)  # an unreadable colour shows as the default yellow


def write(rows: Sequence[ExportRow], path: Path, options: ExportOptions, steps: Steps, *, library: Library) -> None:
    check(library, rows)
    source = library.file_path(rows[0].file_name)
    try:
        document = pymupdf.open(source)
    except (RuntimeError, ValueError) as error:
        raise ExportError(f"Cannot open the library's copy of \u201c{rows[0].document_title}\u201d: {error}") from error
    with document:
        if document.needs_pass:
            raise ExportError("The PDF is password-protected; its annotated copy cannot be made. Nothing was written.")
        for row in rows:
            _annotate(document, row)
            steps.step()
        document.save(str(path), garbage=1, deflate=True)


def _annotate(document: pymupdf.Document, row: ExportRow) -> None:
    color = rgb(row.color)
    subject = row.tag_names()
    for number, (page_index, quads) in enumerate(row.targets()):
        if not quads or not 0 <= page_index < document.page_count:
            continue
        page = document[page_index]
        shapes = [pymupdf.Quad(q[0:2], q[2:4], q[4:6], q[6:8]) for q in quads]
        if row.kind == "underline":
            annot = page.add_underline_annot(quads=shapes)
        elif row.kind == "area":
            annot = page.add_rect_annot(shapes[0].rect)
        elif row.kind == "note":
            annot = page.add_text_annot(shapes[0].rect.tl, row.note or row.citation, icon="Comment")
        else:
            annot = page.add_highlight_annot(quads=shapes)
        annot.set_colors(stroke=color)
        # The note (or, without one, the citation) is what viewers show on hover; the first page's part carries it.
        content = (row.note or row.citation) if number == 0 else row.citation
        annot.set_info(content=content, title=row.author or AUTHOR, subject=subject,
                       creationDate=_pdf_date(row.created_at), modDate=_pdf_date(row.updated_at))
        annot.update()
        # The annotation's name is its id in the library, so a reader of the copy can trace it back.
        document.xref_set_key(annot.xref, "NM", pymupdf.get_pdf_str(row.uuid if number == 0 else f"{row.uuid}-{number}"))


def _pdf_date(when: datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%SZ")
