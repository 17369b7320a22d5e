"""An annotated copy of a document's PDF: every passage a real PDF annotation any viewer shows.

Highlights, underlines and areas keep their colour and carry the passage's citation; a note
is a note icon in the page margin beside its passage, never over the text. The library's
file is never touched: PyMuPDF opens it, adds the annotations in memory and saves the copy
under the export's temporary name.
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
    """The copy of the one document of ``rows``: export_annotations has run :func:`check` on them."""
    source = library.file_path(rows[0].file_name)
    try:
        document = pymupdf.open(source)
    except (RuntimeError, ValueError) as error:
        raise ExportError(f"Cannot open the library's copy of \u201c{rows[0].document_title}\u201d: {error}") from error
    with document:
        if document.needs_pass:
            raise ExportError("The PDF is password-protected; its annotated copy cannot be made. Nothing was written.")
        margins = _Margins()
        for row in rows:
            _annotate(document, row, margins)
            steps.step()
        document.save(str(path), garbage=1, deflate=True)


ICON = 16.0  # the side of a note icon, in points, as PyMuPDF draws it
GAP = 4.0  # between the text and the icon, and between icons


class _Margins:
    """Where note icons go: in the margin beside the passage, clear of the text and of each other."""

    def __init__(self) -> None:
        self.text: dict[int, pymupdf.Rect] = {}  # page index -> the rectangle its text occupies
        self.taken: dict[int, list[pymupdf.Rect]] = {}

    def place(self, page: pymupdf.Page, top: float) -> pymupdf.Rect:
        area = self._text_area(page)
        bounds = page.rect
        if bounds.x1 - area.x1 >= ICON + 2 * GAP:  # the right margin, just beside the text
            x = area.x1 + GAP
        elif area.x0 - bounds.x0 >= ICON + 2 * GAP:  # else the left one
            x = area.x0 - GAP - ICON
        else:  # text to both edges: at the right edge, the least in the way
            x = bounds.x1 - ICON
        y = min(max(top, bounds.y0), bounds.y1 - ICON)
        taken = self.taken.setdefault(page.number, [])
        rect = pymupdf.Rect(x, y, x + ICON, y + ICON)
        while any(rect.intersects(other) for other in taken) and rect.y1 + ICON + GAP <= bounds.y1:
            rect = pymupdf.Rect(x, rect.y0 + ICON + GAP, x + ICON, rect.y1 + ICON + GAP)  # below the one there
        taken.append(rect)
        return rect

    def _text_area(self, page: pymupdf.Page) -> pymupdf.Rect:
        area = self.text.get(page.number)
        if area is None:
            area = pymupdf.Rect()
            for block in page.get_text("blocks"):
                if block[6] == 0 and block[4].strip():  # text, not an image
                    area |= pymupdf.Rect(block[:4])
            if area.is_empty:  # a scan without text: keep to the page's edge
                area = pymupdf.Rect(page.rect.x0, page.rect.y0, page.rect.x1 - ICON - 2 * GAP, page.rect.y1)
            self.text[page.number] = area
        return area


def _annotate(document: pymupdf.Document, row: ExportRow, margins: _Margins) -> None:
    color = rgb(row.color)
    subject = row.tag_names()
    for number, (page_index, quads) in enumerate(row.targets()):
        if not quads or not 0 <= page_index < document.page_count:
            continue
        page = document[page_index]
        shapes = [pymupdf.Quad(q[0:2], q[2:4], q[4:6], q[6:8]) for q in quads]
        name = row.uuid if number == 0 else f"{row.uuid}-{number}"
        if row.kind != "note":  # a note alone is only its icon
            if row.kind == "underline":
                annot = page.add_underline_annot(quads=shapes)
            elif row.kind == "area":
                annot = page.add_rect_annot(shapes[0].rect)
            else:
                annot = page.add_highlight_annot(quads=shapes)
            # What viewers show on hover: where the passage is cited; the note has its own icon.
            _finish(document, annot, row, row.citation, color, subject, name)
        if number == 0 and (row.note or row.kind == "note"):
            top = min(shape.rect.y0 for shape in shapes)
            spot = margins.place(page, top)
            icon = page.add_text_annot(spot.tl, row.note or row.citation, icon="Note")
            icon.set_rect(spot)
            _finish(document, icon, row, row.note or row.citation, color, subject, f"{row.uuid}-note")


def _finish(document: pymupdf.Document, annot: pymupdf.Annot, row: ExportRow, content: str,
            color: tuple[float, float, float], subject: str, name: str) -> None:
    annot.set_colors(stroke=color)
    annot.set_info(content=content, title=row.author or AUTHOR, subject=subject,
                   creationDate=_pdf_date(row.created_at), modDate=_pdf_date(row.updated_at))
    annot.update()
    # The annotation's name is its id in the library, so a reader of the copy can trace it back.
    document.xref_set_key(annot.xref, "NM", pymupdf.get_pdf_str(name))


def _pdf_date(when: datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%SZ")
