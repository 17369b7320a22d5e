"""Listing, finding and searching the documents of a library."""

from __future__ import annotations

import dataclasses
import re

from sqlalchemy import func, select

from app.errors import NotFound
from app.library import Library
from app.records import DocumentDetails, DocumentInfo, OutlineEntry, TextHit
from app.store import fulltext
from app.store.models import Document, Paragraph
from app.store.row_records import record_maker
from app.text.query import MARK_END, MARK_START, parse

# Every field of the record is a column of the documents table, read under the same name.
_FIELDS = tuple(field.name for field in dataclasses.fields(DocumentInfo))
_make_info = record_maker(DocumentInfo, _FIELDS)
_COLUMNS = tuple(getattr(Document, name) for name in _FIELDS)


def document_info(document: Document) -> DocumentInfo:
    return _make_info(getattr(document, name) for name in _FIELDS)


def list_documents(library: Library) -> list[DocumentInfo]:
    """Every document, oldest first, read as rows: as ORM objects 10,000 documents took a second."""
    with library.reading() as session:
        return [_make_info(row) for row in session.execute(select(*_COLUMNS).order_by(Document.added_at, Document.id))]


def find_document(library: Library, ref: str) -> DocumentInfo:
    """The one document ``ref`` names: its number, a SHA-256 prefix, its reference symbol or part of its title."""
    ref = ref.strip()
    with library.reading() as session:
        candidates: list[Document] = []
        if ref.lstrip("#").isdigit():
            found = session.get(Document, int(ref.lstrip("#")))
            candidates = [found] if found else []
        if not candidates and re.fullmatch(r"[0-9a-fA-F]{6,64}", ref):
            candidates = list(session.scalars(select(Document).where(Document.sha256.startswith(ref.lower()))))
        if not candidates and ref:
            candidates = list(session.scalars(select(Document).where(Document.reference == ref)))
        if not candidates and ref:
            needle = ref.casefold()
            candidates = [
                document
                for document in session.scalars(select(Document))
                if needle in document.title.casefold()
                or needle in (document.original_path or "").casefold()
            ]
        if len(candidates) == 1:
            return document_info(candidates[0])
    if not candidates:
        raise NotFound(f"No document matches \u201c{ref}\u201d; `list` shows the library's documents.")
    numbers = ", ".join(f"#{document.id}" for document in candidates[:10])
    raise NotFound(f"\u201c{ref}\u201d matches {len(candidates)} documents ({numbers}); give its number.")


def document_details(library: Library, document_id: int) -> DocumentDetails:
    with library.reading() as session:
        document = session.get(Document, document_id)
        if document is None:
            raise NotFound(f"Document #{document_id} is not in the library.")
        return DocumentDetails(
            info=document_info(document),
            page_labels=tuple(document.page_labels) if document.page_labels else None,
            outline=tuple(OutlineEntry(level, title, page) for level, title, page in document.outline),
            pdf_created=document.pdf_created,
            pdf_modified=document.pdf_modified,
            metadata=dict(document.pdf_metadata),
            source_url=document.source_url,
            visit_start=document.visit_start,
            visit_end=document.visit_end,
            corrected=tuple(document.user_fields),
            paragraph_count=session.scalar(
                select(func.count()).select_from(Paragraph).where(Paragraph.document_id == document_id)
            )
            or 0,
        )


def search_text(
    library: Library, query: str, *, limit: int = 50, document_id: int | None = None
) -> list[TextHit]:
    """Pages of the library's documents that contain every word of ``query``, best first."""
    parsed = parse(query)
    if parsed.query is None:
        return []
    with library.reading() as session:
        connection = session.connection()
        rows = fulltext.side(connection).search_pages(connection, parsed.query, limit=limit, document_id=document_id)
        ids = {row.document_id for row in rows}
        titles = dict(session.execute(select(Document.id, Document.title).where(Document.id.in_(ids))).all())
    hits = []
    for row in rows:
        snippet, highlights = split_marks(row.snippet)
        hits.append(
            TextHit(
                document_id=row.document_id,
                document_title=titles[row.document_id],
                page_index=row.page_index,
                page_label=row.label or str(row.page_index + 1),
                snippet=snippet,
                highlights=highlights,
            )
        )
    return hits


def split_marks(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Remove match markers from a snippet; return the text and the marked spans."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start = None
    for char in " ".join(marked.split()):
        if char == MARK_START:
            start = length
        elif char == MARK_END:
            if start is not None:
                spans.append((start, length))
            start = None
        else:
            plain.append(char)
            length += 1
    return "".join(plain), tuple(spans)
