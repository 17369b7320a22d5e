"""The same report in another language.

UN and Council of Europe documents are issued in several languages under one symbol
(A/HRC/24/14 in English, French and Russian; CPT/Inf (2024) 23 in English and French), with the
same numbered paragraphs. Two documents of the library with the same symbol and different
languages are versions of each other, and a paragraph of one is found in the other by its number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.library import Library
from app.store.models import Document, DocumentLanguage, PageText, Paragraph
from app.text.recognised_text import guess_language

LANGUAGE_NAMES = {"eng": "English", "fra": "French", "rus": "Russian"}


@dataclass(frozen=True)
class LanguageVersion:
    document_id: int
    title: str
    language: str | None  # "eng", "fra", "rus"… (None: not known)

    @property
    def language_name(self) -> str:
        if self.language is None:
            return "language not known"
        return " and ".join(LANGUAGE_NAMES.get(part, part) for part in self.language.split("+"))


@dataclass(frozen=True)
class ParagraphPlace:
    """Where a paragraph is in a version: its page, or (``found`` False) the page of the same number."""

    document_id: int
    page_index: int
    found: bool


def symbol_key(reference: str | None) -> str | None:
    """A symbol as compared: case, spaces and a trailing language mark left aside ("CPT/Inf (2024) 23"
    and "CPT/Inf(2024)23"; "A/HRC/24/14" and "A/HRC/24/14 (French)")."""
    if not reference:
        return None
    key = re.sub(r"\s+", "", reference.casefold())
    key = re.sub(r"\((english|french|russian|anglais|français|russe)\)$", "", key)
    return key or None


def versions_of(library: Library, document_id: int) -> list[LanguageVersion]:
    """The other documents with this one's symbol, in another language (or one not known), by title."""
    with library.reading() as session:
        document = session.get(Document, document_id)
        if document is None:
            raise NotFound(f"No document has the number {document_id}.")
        key = symbol_key(document.reference)
        if key is None:
            return []
        mine = _language(session, document_id)
        rows = session.execute(select(Document.id, Document.title, Document.reference)
                               .where(Document.id != document_id, Document.reference.is_not(None)))
        others = [(other_id, title) for other_id, title, reference in rows if symbol_key(reference) == key]
        versions = [LanguageVersion(other_id, title, _language(session, other_id)) for other_id, title in others]
    return sorted((v for v in versions if v.language is None or mine is None or v.language != mine),
                  key=lambda v: v.title.casefold())


def paragraph_place(library: Library, document_id: int, number: str | None, page_index: int) -> ParagraphPlace:
    """Where paragraph ``number`` is in this document; without it there, the page ``page_index``
    (the same sheet: language versions are laid out alike, roughly), kept within the document."""
    with library.reading() as session:
        if number:
            found = session.scalar(select(Paragraph.page_index)
                                   .where(Paragraph.document_id == document_id, Paragraph.number == number)
                                   .order_by(Paragraph.seq).limit(1))
            if found is not None:
                return ParagraphPlace(document_id, found, True)
        pages = session.scalar(select(Document.page_count).where(Document.id == document_id)) or 1
    return ParagraphPlace(document_id, max(0, min(page_index, pages - 1)), False)


def paragraph_on_page(library: Library, document_id: int, page_index: int) -> str | None:
    """The paragraph a reader at this page is in: the first that starts on it, else the one
    running into it from before; None in a document without numbered paragraphs."""
    with library.reading() as session:
        starts = session.scalar(select(Paragraph.number).where(
            Paragraph.document_id == document_id, Paragraph.page_index == page_index).order_by(Paragraph.seq).limit(1))
        return starts or session.scalar(select(Paragraph.number).where(
            Paragraph.document_id == document_id, Paragraph.page_index < page_index)
            .order_by(Paragraph.seq.desc()).limit(1))


def _language(session: Session, document_id: int) -> str | None:
    """The language a user chose or recognition guessed, else guessed from the document's text."""
    stored = session.scalar(select(DocumentLanguage.language).where(DocumentLanguage.document_id == document_id))
    if stored:
        return stored
    texts = session.scalars(select(PageText.text).where(PageText.document_id == document_id)
                            .order_by(PageText.page_index).limit(3))
    return guess_language(texts)
