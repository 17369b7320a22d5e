"""What an extraction becomes in the store: detected fields, page rows, paragraph rows."""

from __future__ import annotations

from collections.abc import Iterator

from app.detection import COVER_PAGES, detect
from app.pdf.extract import Extraction
from app.store.models import PAGE_SEPARATOR


def detected_fields(extraction: Extraction, fallback_title: str) -> dict[str, str | None]:
    """What detection says of a document, field by field, as stored on it."""
    detected = detect([page.text for page in extraction.pages[:COVER_PAGES]], extraction.title)
    return {
        "title": detected.title or extraction.title or fallback_title,
        "kind": detected.kind,
        "reference": detected.reference,
        "publisher": detected.publisher,
        "country": detected.country,
        "published": detected.published,
        "author": detected.author or extraction.author,
        "visit_start": detected.visit_start,
        "visit_end": detected.visit_end,
    }


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
            "boxes": [{"page": page, "rect": [x0, y0, x1, y1]} for page, x0, y0, x1, y1 in paragraph.boxes],
        }
        for seq, paragraph in enumerate(extraction.paragraphs)
    ]


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
