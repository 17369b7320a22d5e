"""The passages tagged with a tag, and the events a timeline shows."""

from __future__ import annotations

from sqlalchemy import select

from app.library import Library
from app.store.models import Annotation, AnnotationTag, Document, Tag
from app.vocabulary import dates, rows
from app.vocabulary.records import Passage, TagInfo
from app.vocabulary.tags import passage_counts


def passages_for_tag(library: Library, tag_id: int) -> list[Passage]:
    """The passages carrying the tag, in document and reading order; the trash is left out."""
    with library.reading() as session:
        found = session.execute(
            select(Annotation, Document)
            .join(AnnotationTag, AnnotationTag.annotation_id == Annotation.id)
            .join(Document, Document.id == Annotation.document_id)
            .where(AnnotationTag.tag_id == tag_id, Annotation.deleted_at.is_(None))
            .order_by(Document.published, Document.id, Annotation.page_index, Annotation.start_offset, Annotation.id)
        )
        return [_passage(annotation, document) for annotation, document in found]


def list_events(library: Library) -> list[TagInfo]:
    """Every event with its passage count, earliest first (by the middle of its dates)."""
    with library.reading() as session:
        events = list(session.scalars(select(Tag).where(Tag.kind == "event")))
        counts = passage_counts(session, [event.id for event in events])
        infos = [rows.info_of(event, counts.get(event.id, 0)) for event in events]
    return sorted(infos, key=_when)


def _when(event: TagInfo) -> tuple[int, str, str]:
    if not event.fields.date_start:
        return (1, "", event.label)
    try:
        return (0, dates.midpoint(event.fields.date_start, event.fields.date_end).isoformat(), event.label)
    except dates.BadDate:
        return (1, "", event.label)


def _passage(annotation: Annotation, document: Document) -> Passage:
    labels = document.page_labels or []
    page = annotation.page_index
    label = labels[page] if 0 <= page < len(labels) and labels[page] else str(page + 1)
    return Passage(
        annotation_id=annotation.id,
        annotation_uuid=annotation.uuid,
        document_id=document.id,
        document_title=document.title,
        document_reference=document.reference,
        page_index=page,
        page_label=label,
        paragraphs=tuple(str(number) for number in annotation.paragraphs or ()),
        quote=annotation.quote,
        note=annotation.note,
        color=annotation.color,
    )
