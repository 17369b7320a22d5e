"""Where an address of this app leads in a library: the document, the page and the annotation."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.errors import NotFound
from app.library import Library
from app.store.models import Annotation, Document
from app.text.addresses import AnnotationAddress, PageAddress, parse


@dataclass(frozen=True)
class Passage:
    document_id: int
    page_index: int
    annotation_uuid: str | None = None  # None: the address names a page, not an annotation


def resolve(library: Library, address: str | AnnotationAddress | PageAddress) -> Passage:
    """The place ``address`` names; ``AddressError`` for a malformed one, ``NotFound`` for one not here."""
    found = parse(address) if isinstance(address, str) else address
    with library.reading() as session:
        if isinstance(found, AnnotationAddress):
            row = session.execute(
                select(Annotation.document_id, Annotation.page_index, Annotation.deleted_at)
                .where(Annotation.uuid == found.uuid)
            ).first()
            if row is None:
                raise NotFound(f"Annotation {found.uuid} is not in this library.")
            if row.deleted_at is not None:
                raise NotFound(f"Annotation {found.uuid} is in the trash; restore it to open it.")
            return Passage(row.document_id, row.page_index, found.uuid)
        document = session.execute(
            select(Document.id, Document.page_count).where(Document.sha256 == found.sha256)
        ).first()
        if document is None:
            raise NotFound(f"No document with SHA-256 {found.sha256[:12]}\u2026 is in this library.")
        if found.page_index >= document.page_count:
            raise NotFound(f"The document has {document.page_count} pages; there is no page {found.page_index + 1}.")
        return Passage(document.id, found.page_index)
