"""The citation of an annotation, and what "Copy citation" puts on the clipboard."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from app.errors import NotFound
from app.library import Library
from app.services.recognition import from_recognised_text
from app.store.models import Annotation, Document, PageText
from app.text.citations import DEFAULT_TEMPLATE, CitationParts, cite, clipboard
from app.text.printed_text import display_quote


@dataclass(frozen=True)
class Citation:
    citation: str
    plain: str  # quote and citation, for the clipboard as text
    html: str  # the same as HTML, for word processors
    recognised: bool = False  # the quote was read from recognised text (OCR) on a scanned page


# Follows the citation of a quote taken from recognised text: a reader should check it against the page.
RECOGNISED_NOTE = " (recognised text)"


def _cited(library: Library, annotation_uuid: str) -> tuple[CitationParts, str, bool]:
    """The annotation's citation parts, its quote, and whether that came from recognised text, read together."""
    with library.reading() as session:
        row = session.execute(
            select(Annotation, Document, PageText.label)
            .join(Document, Document.id == Annotation.document_id)
            .outerjoin(
                PageText,
                (PageText.document_id == Annotation.document_id) & (PageText.page_index == Annotation.page_index),
            )
            .where(Annotation.uuid == annotation_uuid)
        ).first()
        if row is None:
            raise NotFound("This annotation is no longer in the library.")
        annotation, document, label = row
        pages = [target.get("page") for target in annotation.targets or () if isinstance(target, dict)]
        recognised = from_recognised_text(session, document.id, pages or [annotation.page_index])
        parts = passage_parts(document, annotation.paragraphs, annotation.page_index, label)
        return parts, annotation.quote or "", recognised


def passage_parts(document: Document, paragraphs: Sequence[str] | None, page_index: int,
                  label: str | None) -> CitationParts:
    """The citation parts of a passage of ``document`` on the page at ``page_index`` (``label`` if it has one)."""
    return CitationParts(
        reference=document.reference,
        title=document.title,
        publisher=document.publisher,
        date=document.published,
        paragraphs=tuple(paragraphs or ()),
        page=label or str(page_index + 1),
        country=document.country,
        sha256=document.sha256,
        added=document.added_at.date().isoformat(),
    )


def cite_annotation(library: Library, annotation_uuid: str, template: str = DEFAULT_TEMPLATE) -> Citation:
    parts, quote, recognised = _cited(library, annotation_uuid)
    text = cite(parts, template) + (RECOGNISED_NOTE if recognised else "")
    plain, rich = clipboard(display_quote(quote), text)
    return Citation(text, plain, rich, recognised)
