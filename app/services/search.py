"""Search every annotation in the library: words, tags, events, documents, dates, colours."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlalchemy import Select, and_, exists, func, select, tuple_
from sqlalchemy.orm import Session, selectinload

from app.citations import CitationParts, cite
from app.library import Library
from app.query import Term, mark, parse
from app.services.annotations import AnnotationInfo, annotation_info
from app.store import sqlite
from app.store.models import Annotation, AnnotationTag, Document, PageText, Tag

Sort = Literal["relevance", "date", "document"]


@dataclass(frozen=True)
class AnnotationFilters:
    """Each filter narrows the results; empty ones are ignored."""

    tags_any: tuple[int, ...] = ()  # tagged with at least one (a treaty includes its articles)
    tags_all: tuple[int, ...] = ()  # tagged with every one (each with its descendants)
    documents: tuple[int, ...] = ()
    document_kinds: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    colors: tuple[str, ...] = ()
    published_from: str | None = None  # document dates, ISO, possibly partial ("2019")
    published_to: str | None = None
    event_from: str | None = None  # tagged to an event that falls in this range
    event_to: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    has_note: bool | None = None


@dataclass(frozen=True)
class AnnotationHit:
    annotation: AnnotationInfo
    document_title: str
    document_reference: str | None
    page_label: str
    highlights: tuple[tuple[int, int], ...]  # spans of matched words in annotation.quote

    @property
    def citation(self) -> str:
        """The passage's short citation: ``A/HRC/24/14, para. 50, p. 7``."""
        return cite(CitationParts(self.document_reference, self.document_title, None, None,
                                  self.annotation.paragraphs, self.page_label))


@dataclass(frozen=True)
class AnnotationResults:
    hits: tuple[AnnotationHit, ...]
    hints: tuple[str, ...] = field(default=())


def search_annotations(
    library: Library,
    text: str = "",
    filters: AnnotationFilters = AnnotationFilters(),
    *,
    sort: Sort = "relevance",
    limit: int = 50,
    offset: int = 0,
) -> AnnotationResults:
    """The live annotations that match ``text`` and every filter, best first (or by date or place)."""
    parsed = parse(text)
    if text.strip() and parsed.match is None:
        return AnnotationResults((), parsed.hints)
    with library.reading() as session:
        query = matching_ids(session, parsed.match, filters, sort).limit(limit).offset(offset)
        ids = list(session.scalars(query))
        return AnnotationResults(tuple(_hits(session, ids, parsed.terms)), parsed.hints)


def matching_ids(session: Session, match: str | None, filters: AnnotationFilters, sort: Sort = "relevance") -> Select:
    """The query for the ids of the live annotations that match, in order, with no limit (exports use it whole)."""
    query = select(Annotation.id).where(Annotation.deleted_at.is_(None))
    rank = None
    if match:
        matches = sqlite.annotation_matches(match)
        query = query.join(matches, matches.c.annotation_id == Annotation.id)
        rank = matches.c.rank
    return _filtered(session, query, filters).order_by(*_order(sort, rank))


def _filtered(session: Session, query: Select, filters: AnnotationFilters) -> Select:
    needs_document = filters.document_kinds or filters.countries or filters.published_from or filters.published_to
    if needs_document:
        query = query.join(Document, Document.id == Annotation.document_id)
    if filters.documents:
        query = query.where(Annotation.document_id.in_(filters.documents))
    if filters.document_kinds:
        query = query.where(Document.kind.in_(filters.document_kinds))
    if filters.countries:
        query = query.where(Document.country.in_(filters.countries))
    if filters.published_from:
        query = query.where(Document.published >= filters.published_from)
    if filters.published_to:
        # "2019" as an upper bound means the whole of 2019.
        query = query.where(Document.published <= filters.published_to + "\uffff")
    if filters.colors:
        query = query.where(Annotation.color.in_(filters.colors))
    if filters.created_from:
        query = query.where(Annotation.created_at >= filters.created_from)
    if filters.created_to:
        query = query.where(Annotation.created_at <= filters.created_to)
    if filters.has_note is not None:
        query = query.where((Annotation.note != "") if filters.has_note else (Annotation.note == ""))
    if filters.tags_any or filters.tags_all:
        family = _families(session)
        if filters.tags_any:
            query = query.where(_tagged_with(_with_descendants(filters.tags_any, family)))
        for tag_id in filters.tags_all:
            query = query.where(_tagged_with(_with_descendants([tag_id], family)))
    if filters.event_from or filters.event_to:
        query = query.where(_tagged_with_event_between(filters.event_from, filters.event_to))
    return query


def _tagged_with(tag_ids: set[int]):  # noqa: ANN202 - an EXISTS clause
    return exists().where(AnnotationTag.annotation_id == Annotation.id, AnnotationTag.tag_id.in_(tag_ids))


def _tagged_with_event_between(start: str | None, end: str | None):  # noqa: ANN202
    conditions = [AnnotationTag.annotation_id == Annotation.id, Tag.id == AnnotationTag.tag_id, Tag.kind == "event"]
    if start:
        conditions.append(func.coalesce(Tag.date_end, Tag.date_start) >= start)
    if end:
        conditions.append(Tag.date_start <= end + "\uffff")
    return exists().where(and_(*conditions))


def _families(session: Session) -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for tag_id, parent_id in session.execute(select(Tag.id, Tag.parent_id).where(Tag.parent_id.is_not(None))):
        children.setdefault(parent_id, []).append(tag_id)
    return children


def _with_descendants(tag_ids: Iterable[int], children: dict[int, list[int]]) -> set[int]:
    found: set[int] = set()
    waiting = list(tag_ids)
    while waiting:
        tag_id = waiting.pop()
        if tag_id not in found:
            found.add(tag_id)
            waiting.extend(children.get(tag_id, ()))
    return found


def _order(sort: Sort, rank):  # noqa: ANN001, ANN202 - a column or None
    by_place = (Annotation.document_id, Annotation.page_index, Annotation.start_offset, Annotation.id)
    if sort == "date":
        return (Annotation.created_at.desc(), Annotation.id.desc())
    if sort == "document":
        return by_place
    if rank is not None:
        return (rank, Annotation.id)
    return (Annotation.created_at.desc(), Annotation.id.desc())


def _hits(session: Session, ids: list[int], terms: tuple[Term, ...]) -> list[AnnotationHit]:
    if not ids:
        return []
    rows = {
        row.id: row
        for row in session.scalars(
            select(Annotation).options(selectinload(Annotation.tags)).where(Annotation.id.in_(ids))
        )
    }
    documents = {
        document.id: document
        for document in session.scalars(
            select(Document).where(Document.id.in_({row.document_id for row in rows.values()}))
        )
    }
    places = {(row.document_id, row.page_index) for row in rows.values()}
    labels = dict(
        ((document_id, page_index), label)
        for document_id, page_index, label in session.execute(
            select(PageText.document_id, PageText.page_index, PageText.label).where(
                tuple_(PageText.document_id, PageText.page_index).in_(places)
            )
        )
    )
    hits = []
    for annotation_id in ids:
        row = rows[annotation_id]
        document = documents[row.document_id]
        hits.append(
            AnnotationHit(
                annotation=annotation_info(row),
                document_title=document.title,
                document_reference=document.reference,
                page_label=labels.get((row.document_id, row.page_index)) or str(row.page_index + 1),
                highlights=mark(row.quote, terms),
            )
        )
    return hits
