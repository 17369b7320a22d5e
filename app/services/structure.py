"""What import found in a document, and the user's corrections to it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from app.errors import LibraryError, NotFound
from app.library import Library
from app.pdf.extract import Extraction, extract
from app.records import DocumentInfo
from app.services.documents import document_info
from app.services.extracted import detected_fields, page_starts, paragraph_rows
from app.services.recommendations import found_in, store_found
from app.services.rereading import reread
from app.services.shared_titles import sharing_documents
from app.store.models import Document, Paragraph
from app.text import countries

# Fields of a document the user may correct; a corrected field is never detected again.
EDITABLE = (
    "title", "kind", "reference", "publisher", "country", "published", "visit_start", "visit_end",
    "author", "source_url",
)
KINDS = ("cpt_report", "un_report", "government_response", "ngo_report", "news", "other")


@dataclass(frozen=True)
class ParagraphInfo:
    number: str
    page_index: int
    end_page_index: int
    start_offset: int
    end_offset: int
    kind: str = "paragraph"  # "item", "section", "recommendation"
    # The paragraph's own text, page by page, as offsets in the document's text.
    ranges: tuple[tuple[int, int], ...] = ()


def list_paragraphs(library: Library, document_id: int) -> list[ParagraphInfo]:
    with library.reading() as session:
        rows = session.scalars(
            select(Paragraph).where(Paragraph.document_id == document_id).order_by(Paragraph.seq)
        )
        return [_info(row) for row in rows]


def paragraphs_at(library: Library, document_id: int, start: int, end: int) -> list[str]:
    """Locators of the paragraphs a passage (offsets in the document's text) lies in, in order.

    A passage wholly inside one lettered item or listed recommendation gives that ("45(b)",
    "60 rec. 12"), as it is cited; a passage in no numbered paragraph gives the numbered
    sections it lies in ("§ 3.5"). A running header or footnote that a paragraph's span crosses
    at a page break is not in the paragraph.
    """
    with library.reading() as session:
        return paragraph_numbers(session, document_id, start, end)


def paragraph_numbers(session: Session, document_id: int, start: int, end: int) -> list[str]:
    """:func:`paragraphs_at` inside a transaction the caller holds."""
    end = max(end, start + 1)
    rows = session.execute(
        select(Paragraph.number, Paragraph.kind, Paragraph.start_offset, Paragraph.end_offset, Paragraph.boxes)
        .where(
            Paragraph.document_id == document_id,
            Paragraph.start_offset < end,
            Paragraph.end_offset > start,
        )
        .order_by(Paragraph.seq)
    ).all()
    rows = [row for row in rows if _own_text_meets(row.boxes, start, end)]
    whole = [row for row in rows if row.kind == "paragraph"]
    if len(whole) == 1:
        parent = whole[0].number
        for row in rows:
            nested = row.kind == "item" and row.number.startswith(parent + "(") or (
                row.kind == "recommendation" and row.number.startswith(parent + " rec. "))
            if nested and _own_text_holds(row, start, end):
                return [row.number]
    if whole:
        return [row.number for row in whole]
    return [row.number for row in rows if row.kind == "section"]


def _own_text_meets(boxes: list | None, start: int, end: int) -> bool:
    ranges = [(box["start"], box["end"]) for box in boxes or () if "start" in box]
    # Rows stored before their own text was kept have no ranges: their whole span counts.
    return not ranges or any(low < end and start < high for low, high in ranges)


def _own_text_holds(row, start: int, end: int) -> bool:  # noqa: ANN001 - a result row
    ranges = [(box["start"], box["end"]) for box in row.boxes or () if "start" in box]
    if not ranges:
        return row.start_offset <= start and end <= row.end_offset
    return ranges[0][0] <= start and end <= ranges[-1][1]


def check_corrections(changes: dict[str, str | None]) -> None:
    """Refuse, with the reason, corrections that cannot be saved."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise LibraryError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")
    if "kind" in changes and changes["kind"] not in KINDS:
        raise LibraryError(f"Unknown kind \u201c{changes['kind']}\u201d; choose one of {', '.join(KINDS)}.")
    if "title" in changes and not (changes["title"] or "").strip():
        raise LibraryError("A document needs a title.")


def correct_document(library: Library, document_id: int, **changes: str | None) -> DocumentInfo:
    """Set fields as the user wants them; they then win over detection for good."""
    check_corrections(changes)
    with library.writing() as session:
        document = _get(session, document_id)
        for field, value in changes.items():
            value = value.strip() if isinstance(value, str) else value
            if field == "country":
                # Stored as detection stores it, so the filters see one country under any of its names.
                value = countries.canonical(value)
            setattr(document, field, value if field == "kind" else (value or None))
        document.user_fields = sorted(set(document.user_fields) | set(changes))
        return document_info(document)


def forget_corrections(library: Library, document_id: int, fields: tuple[str, ...] = EDITABLE) -> None:
    """Let detection decide these fields again at the next re-detection."""
    with library.writing() as session:
        document = _get(session, document_id)
        document.user_fields = [field for field in document.user_fields if field not in fields]


def redetect(
    library: Library, document_id: int, *, password: str | None = None, timeout: float = 60.0
) -> DocumentInfo:
    """Read the library's copy again and refresh what detection found, keeping the user's corrections."""
    with library.reading() as session:
        document = _get(session, document_id)
        fallback_title = document.title
        shared = bool(sharing_documents(session, document.sha256, document.pdf_metadata))
    extraction: Extraction = reread(library, document_id, extract, password, timeout=timeout)
    found = detected_fields(extraction, fallback_title, title_shared=shared)
    with library.writing() as session:
        document = _get(session, document_id)
        for field, value in found.items():
            if field not in document.user_fields:
                setattr(document, field, value)
        session.execute(delete(Paragraph).where(Paragraph.document_id == document_id))
        if extraction.paragraphs:
            session.execute(insert(Paragraph), paragraph_rows(document_id, extraction))
        store_found(session, document_id, found_in(extraction), page_starts(extraction))
        return document_info(document)


def _get(session: Session, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"Document #{document_id} is not in the library.")
    return document


def _info(row: Paragraph) -> ParagraphInfo:
    ranges = tuple((box["start"], box["end"]) for box in row.boxes or () if "start" in box)
    return ParagraphInfo(row.number, row.page_index, row.end_page_index, row.start_offset, row.end_offset, row.kind,
                         ranges or ((row.start_offset, row.end_offset),))
