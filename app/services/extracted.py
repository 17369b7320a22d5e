"""What an extraction becomes in the store: detected fields, page rows, paragraph rows."""

from __future__ import annotations

from collections.abc import Iterator

from app.pdf.extract import Extraction, PageInfo
from app.store.models import PAGE_SEPARATOR
from app.text.detection import CoverLine, detect
from app.text.paragraphs import Paragraph


def detected_fields(
    extraction: Extraction, fallback_title: str, *, title_shared: bool = False, recognised: bool = False
) -> dict[str, str | None]:
    """What detection says of a document, field by field, as stored on it.

    ``title_shared``: another document of the library has the same metadata title, which is then
    a template's left-over rather than this document's title; ``recognised``: the first page's
    text was recognised from a scan."""
    detected = detect(
        [page.text for page in extraction.pages],
        extraction.title,
        cover_lines=cover_lines(extraction.pages[0]) if extraction.pages else (),
        title_shared=title_shared,
        recognised=recognised,
    )
    return {
        "title": detected.title or fallback_title,
        "kind": detected.kind,
        "reference": detected.reference,
        "publisher": detected.publisher,
        "country": detected.country,
        "published": detected.published,
        "author": detected.author or extraction.author,
        "visit_start": detected.visit_start,
        "visit_end": detected.visit_end,
    }


def cover_lines(page: PageInfo) -> list[CoverLine]:
    """The page's lines (runs of lines of one size) with their sizes, running headers and footers left out."""
    margins = {margin[0] for margin in page.layout.margins}
    return [
        (page.text[piece[0]:piece[1]], piece[6])
        for index, piece in enumerate(page.layout.pieces)
        if index not in margins
    ]


def page_starts(extraction: Extraction) -> list[int]:
    """Where each page begins in the document's text (pages joined by PAGE_SEPARATOR)."""
    starts, offset = [], 0
    for page in extraction.pages:
        starts.append(offset)
        offset += len(page.text) + len(PAGE_SEPARATOR)
    return starts


def paragraph_rows(document_id: int, extraction: Extraction) -> list[dict[str, object]]:
    starts = page_starts(extraction)
    return [
        {
            "document_id": document_id,
            "seq": seq,
            "number": paragraph.number,
            "page_index": paragraph.page_index,
            "end_page_index": paragraph.end_page_index,
            "start_offset": starts[paragraph.page_index] + paragraph.start,
            "end_offset": starts[paragraph.end_page_index] + paragraph.end,
            "boxes": _boxes(paragraph, starts),
            "kind": paragraph.kind,
        }
        for seq, paragraph in enumerate(extraction.paragraphs)
    ]


def _boxes(paragraph: Paragraph, starts: list[int]) -> list[dict[str, object]]:
    """Each page's box, with the paragraph's own text there as offsets in the document's text."""
    ranges = {page: (start, end) for page, start, end in paragraph.ranges}
    boxes: list[dict[str, object]] = []
    for page, x0, y0, x1, y1 in paragraph.boxes:
        box: dict[str, object] = {"page": page, "rect": [x0, y0, x1, y1]}
        if page in ranges:
            box["start"], box["end"] = starts[page] + ranges[page][0], starts[page] + ranges[page][1]
        boxes.append(box)
    return boxes


def page_rows(document_id: int, extraction: Extraction) -> Iterator[dict[str, object]]:
    for index, (page, start) in enumerate(zip(extraction.pages, page_starts(extraction))):
        yield {
            "document_id": document_id,
            "page_index": index,
            "label": page.label,
            "text": page.text,
            "start_offset": start,
            "width": page.width,
            "height": page.height,
        }
