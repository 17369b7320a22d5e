"""Metadata titles that several documents share: a template's left-over, not a title.

An organisation's reports made from one template all carry the template's title in their
metadata; the second such report to come in shows that the title belongs to neither, and
both are then titled from their covers.
"""

from __future__ import annotations

from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import LibraryError
from app.library import Library
from app.pdf.extract import extract
from app.services.extracted import detected_fields
from app.services.rereading import reread
from app.store.models import Document


def metadata_title(metadata: dict[str, str] | None) -> str | None:
    return (metadata or {}).get("title") or None


def sharing_documents(session: Session, sha256: str, metadata: dict[str, str] | None) -> list[Document]:
    """The other documents (other contents) whose PDF metadata has the same title."""
    title = metadata_title(metadata)
    if title is None:
        return []
    return list(session.scalars(
        select(Document).where(Document.pdf_metadata["title"].as_string() == title, Document.sha256 != sha256)
    ))


def titled_from_metadata(documents: list[Document]) -> list[int]:
    """Those of ``documents`` whose title is their metadata's, and not one a user chose."""
    return [
        document.id
        for document in documents
        if "title" not in document.user_fields
        and document.title == " ".join((metadata_title(document.pdf_metadata) or "").split())
    ]


def retitle(library: Library, document_id: int, *, password: str | None = None, timeout: float = 60.0) -> None:
    """Title the document from its cover, its metadata title being shared; left as it is if unreadable."""
    try:
        extraction = reread(library, document_id, extract, password, timeout=timeout)
    except LibraryError:
        return
    with library.writing() as session:
        document = session.get(Document, document_id)
        if document is None or "title" in document.user_fields:
            return
        fallback = PurePath(document.original_path).stem if document.original_path else document.title
        document.title = detected_fields(extraction, fallback, title_shared=True)["title"] or document.title
