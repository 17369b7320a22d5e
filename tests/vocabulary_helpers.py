"""Documents and tagged annotations made directly with the models, for vocabulary tests."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from app.store.models import Annotation, AnnotationTag, Document, PageText


def add_document(library, title: str = "Report", reference: str | None = None, pages: int = 3,
                 page_labels: list[str] | None = None) -> int:
    with library.writing() as session:
        document = Document(
            sha256=uuid.uuid4().hex * 2, title=title, reference=reference, page_count=pages,
            file_name=f"{uuid.uuid4().hex}.pdf", file_size=1, pdf_metadata={}, page_labels=page_labels,
        )
        session.add(document)
        session.flush()
        for index in range(pages):
            session.add(PageText(document_id=document.id, page_index=index, text="", start_offset=0, width=1, height=1))
        return document.id


def add_passage(library, document_id: int, tag_ids: list[int], quote: str = "a passage", page: int = 0,
                paragraphs: list[str] | None = None, trashed: bool = False) -> tuple[int, str]:
    """A tagged annotation; returns its id and uuid."""
    with library.writing() as session:
        annotation = Annotation(
            uuid=str(uuid.uuid4()), document_id=document_id, page_index=page, quote=quote,
            targets=[{"page": page, "quads": [[0, 0, 1, 0, 0, 1, 1, 1]]}], paragraphs=paragraphs or [],
            start_offset=0, deleted_at=datetime.now(timezone.utc) if trashed else None,
        )
        session.add(annotation)
        session.flush()
        session.add_all(AnnotationTag(annotation_id=annotation.id, tag_id=tag_id) for tag_id in tag_ids)
        return annotation.id, annotation.uuid


def tag_ids_of(library, annotation_id: int) -> set[int]:
    with library.reading() as session:
        return {tag.id for tag in session.get(Annotation, annotation_id).tags}
