"""Bring a PDF's own annotations into the library, marked as imported, never twice."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.library import Library
from app.pdf.annotations import PdfAnnotation
from app.pdf.extract import pdf_date, read_file_annotations
from app.services.annotations import (
    DEFAULT_COLOR,
    AnnotationDraft,
    AnnotationInfo,
    Target,
    annotation_info,
    insert_annotation,
)
from app.services.rereading import reread
from app.store.models import Annotation, Document, PageText

# Identities of imported annotations derive from the file's hash and the annotation's
# place in it, so bringing them in again finds them already there.
_NAMESPACE = uuid.UUID("6f1c3f0e-8a51-4c55-9d0c-2b7e1a4d5c90")


def store_imported(
    session: Session, document: Document, texts: Sequence[str], starts: Sequence[int], found: Sequence[PdfAnnotation]
) -> list[Annotation]:
    """Insert the PDF's annotations that are not in the library yet; returns the new rows."""
    drafts = [_draft(document, texts, starts, annotation) for annotation in found]
    known = set(session.scalars(select(Annotation.uuid).where(Annotation.uuid.in_([d.uuid for d in drafts]))))
    return [insert_annotation(session, draft) for draft in drafts if draft.uuid not in known]


def import_pdf_annotations(
    library: Library, document_id: int, *, password: str | None = None, timeout: float = 60.0
) -> list[AnnotationInfo]:
    """Read the annotations in the library's copy of a document and add the new ones."""
    found = reread(library, document_id, read_file_annotations, password, timeout=timeout)
    with library.writing() as session:
        document = session.get(Document, document_id)
        rows = session.execute(
            select(PageText.text, PageText.start_offset).where(PageText.document_id == document_id).order_by(PageText.page_index)
        ).all()
        created = store_imported(session, document, [r.text for r in rows], [r.start_offset for r in rows], found)
        return [annotation_info(row) for row in created]


def _draft(document: Document, texts: Sequence[str], starts: Sequence[int], found: PdfAnnotation) -> AnnotationDraft:
    placed = found.start is not None and found.end is not None and found.page_index < len(texts)
    quote = texts[found.page_index][found.start : found.end] if placed else found.text
    return AnnotationDraft(
        document_id=document.id,
        targets=(Target(found.page_index, found.quads),),
        quote=quote,
        start_offset=starts[found.page_index] + found.start if placed else None,
        end_offset=starts[found.page_index] + found.end if placed else None,
        kind=found.kind,
        color=found.color or DEFAULT_COLOR,
        note=found.comment,
        origin="imported",
        author=found.author,
        created_at=_when(found.date),
        uuid=str(uuid.uuid5(_NAMESPACE, f"{document.sha256}:{found.key}")),
    )


def _when(raw: str | None) -> datetime | None:
    iso = pdf_date(raw)
    if not iso or len(iso) < 10:
        return None
    moment = datetime.fromisoformat(iso)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
