"""The citation of a passage not (yet) saved as an annotation: a selection copied with its source.

Built like an annotation's citation (:mod:`app.services.citing`): the document's reference,
title and date, the paragraphs the passage spans and the printed label of its first page.
"""

from __future__ import annotations

from sqlalchemy import select

from app.errors import NotFound
from app.library import Library
from app.services.citing import Citation, passage_parts
from app.services.structure import paragraph_numbers
from app.store.models import Document, PageText
from app.text.citations import DEFAULT_TEMPLATE, cite, clipboard
from app.text.selection import TextSelection


def cite_selection(library: Library, selection: TextSelection, template: str = DEFAULT_TEMPLATE) -> Citation:
    """The selection's quote with its citation, as "Copy with citation" puts it on the clipboard."""
    page_index = selection.pages[0].page_index if selection.pages else 0
    with library.reading() as session:
        document = session.get(Document, selection.document_id)
        if document is None:
            raise NotFound("This document is no longer in the library.")
        label = session.execute(
            select(PageText.label).where(PageText.document_id == document.id, PageText.page_index == page_index)
        ).scalar_one_or_none()
        paragraphs: list[str] = []
        if selection.start_offset is not None and selection.end_offset is not None:
            paragraphs = paragraph_numbers(session, document.id, selection.start_offset, selection.end_offset)
        parts = passage_parts(document, paragraphs, page_index, label)
    text = cite(parts, template)
    plain, rich = clipboard(selection.text, text)
    return Citation(text, plain, rich)
