"""Bring a PDF's own annotations into the library, marked as imported, never twice; say which stayed out and why."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Skipped:
    """An annotation in the PDF that was not brought in."""

    page_index: int
    kind: str  # the PDF's name of it: "FileAttachment", "Redact"
    reason: str

    def describe(self) -> str:
        return f"p. {self.page_index + 1}, {self.kind}: {self.reason}"


@dataclass(frozen=True)
class BroughtIn:
    """The annotations brought in from a PDF, and those left out with the reason. Iterating it
    gives those brought in, as the plain list this used to be."""

    added: tuple[AnnotationInfo, ...]
    skipped: tuple[Skipped, ...]

    def __iter__(self) -> Iterator[AnnotationInfo]:
        return iter(self.added)

    def __len__(self) -> int:
        return len(self.added)

    def summary(self) -> str:
        """What a user is told: how many came in, and each that did not."""
        said = f"{len(self.added)} annotation{'s' if len(self.added) != 1 else ''} brought in from the PDF"
        if not self.skipped:
            return said
        return f"{said}; {len(self.skipped)} not: " + "; ".join(skipped.describe() for skipped in self.skipped)


def skipped_of(found: Sequence[PdfAnnotation]) -> tuple[Skipped, ...]:
    return tuple(Skipped(a.page_index, a.kind, a.skipped) for a in found if a.skipped)


def skipped_warning(found: Sequence[PdfAnnotation]) -> tuple[str, ...]:
    """For an import's warnings: the annotations in the file left out, each with its reason."""
    skipped = skipped_of(found)
    if not skipped:
        return ()
    plural = "s" if len(skipped) != 1 else ""
    return (f"{len(skipped)} annotation{plural} in the file not brought in ("
            + "; ".join(item.describe() for item in skipped) + ")",)


def store_imported(
    session: Session, document: Document, texts: Sequence[str], starts: Sequence[int], found: Sequence[PdfAnnotation]
) -> list[Annotation]:
    """Insert the PDF's annotations that are not in the library yet; returns the new rows."""
    drafts = [_draft(document, texts, starts, annotation) for annotation in found if not annotation.skipped]
    known = set(session.scalars(select(Annotation.uuid).where(Annotation.uuid.in_([d.uuid for d in drafts]))))
    return [insert_annotation(session, draft) for draft in drafts if draft.uuid not in known]


def import_pdf_annotations(
    library: Library, document_id: int, *, password: str | None = None, timeout: float = 60.0
) -> BroughtIn:
    """Read the annotations in the library's copy of a document and add the new ones."""
    found = reread(library, document_id, read_file_annotations, password, timeout=timeout)
    with library.writing() as session:
        document = session.get(Document, document_id)
        rows = session.execute(
            select(PageText.text, PageText.start_offset).where(PageText.document_id == document_id).order_by(PageText.page_index)
        ).all()
        created = store_imported(session, document, [r.text for r in rows], [r.start_offset for r in rows], found)
        return BroughtIn(tuple(annotation_info(row) for row in created), skipped_of(found))


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
