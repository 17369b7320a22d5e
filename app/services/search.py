"""Search every annotation in the library: words, tags, events, documents, dates, colours."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import Literal

from sqlalchemy import Row, Select, and_, bindparam, exists, func, select
from sqlalchemy.orm import Session

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
    # Words and plain-valued filters are answered together inside the index; what is left
    # (dates, events) is checked on the few rows it returns.
    facets = _facets(filters)
    if match and facets:
        words = sqlite.annotation_match(match, [])
        matches = sqlite.annotation_matches(words, within=sqlite.annotation_match(match, facets))
    elif match or facets:
        matches = sqlite.annotation_matches(sqlite.annotation_match(match, facets))
    if match or facets:
        query = query.join(matches, matches.c.annotation_id == Annotation.id)
        rank = matches.c.rank if match else None
    return _filtered(query, filters).order_by(*_order(sort, rank))


def _facets(filters: AnnotationFilters) -> list[list[str]]:
    """One group of index words per filter: a row must hold a word of every group."""
    groups = [
        [sqlite.facet(sqlite.FACET_TAG, tag_id) for tag_id in filters.tags_any],
        *([sqlite.facet(sqlite.FACET_TAG, tag_id)] for tag_id in filters.tags_all),
        [sqlite.facet(sqlite.FACET_DOCUMENT, document_id) for document_id in filters.documents],
        [sqlite.facet(sqlite.FACET_KIND, kind) for kind in filters.document_kinds],
        [sqlite.facet(sqlite.FACET_COUNTRY, country) for country in filters.countries],
        [sqlite.facet(sqlite.FACET_COLOR, color) for color in filters.colors],
    ]
    if filters.has_note is not None:
        groups.append([sqlite.facet(sqlite.FACET_NOTE, int(filters.has_note))])
    return [group for group in groups if group]


def _filtered(query: Select, filters: AnnotationFilters) -> Select:
    if filters.published_from or filters.published_to:
        query = query.join(Document, Document.id == Annotation.document_id)
    if filters.published_from:
        query = query.where(Document.published >= filters.published_from)
    if filters.published_to:
        # "2019" as an upper bound means the whole of 2019.
        query = query.where(Document.published <= filters.published_to + "\uffff")
    if filters.created_from:
        query = query.where(Annotation.created_at >= filters.created_from)
    if filters.created_to:
        query = query.where(Annotation.created_at <= filters.created_to)
    if filters.event_from or filters.event_to:
        query = query.where(_tagged_with_event_between(filters.event_from, filters.event_to))
    return query


def _tagged_with_event_between(start: str | None, end: str | None):  # noqa: ANN202
    conditions = [AnnotationTag.annotation_id == Annotation.id, Tag.id == AnnotationTag.tag_id, Tag.kind == "event"]
    if start:
        conditions.append(func.coalesce(Tag.date_end, Tag.date_start) >= start)
    if end:
        conditions.append(Tag.date_start <= end + "\uffff")
    return exists().where(and_(*conditions))


def _order(sort: Sort, rank):  # noqa: ANN001, ANN202 - a column or None
    by_place = (Annotation.document_id, Annotation.page_index, Annotation.start_offset, Annotation.id)
    if sort == "date":
        return (Annotation.created_at.desc(), Annotation.id.desc())
    if sort == "document":
        return by_place
    if rank is not None:
        return (rank, Annotation.id)
    return (Annotation.created_at.desc(), Annotation.id.desc())


_TABLE = Annotation.__table__
# Built once: SQLAlchemy then finds the compiled SQL by the statement alone.
_PASSAGES = (
    select(_TABLE, Document.title.label("document_title"), Document.reference.label("document_reference"),
           PageText.label.label("page_label"))
    .join(Document, Document.id == _TABLE.c.document_id)
    .outerjoin(PageText, and_(PageText.document_id == _TABLE.c.document_id, PageText.page_index == _TABLE.c.page_index))
    .where(_TABLE.c.id.in_(bindparam("ids", expanding=True)))
)
_TAGS = (
    select(AnnotationTag.annotation_id, Tag.id, Tag.slug, Tag.kind, Tag.label, Tag.code, Tag.color)
    .join(Tag, Tag.id == AnnotationTag.tag_id)
    .where(AnnotationTag.annotation_id.in_(bindparam("ids", expanding=True)))
)


def _hits(session: Session, ids: list[int], terms: tuple[Term, ...]) -> list[AnnotationHit]:
    """The results for ``ids``, in that order: one query for the passages with their
    documents and page labels, one for their tags (plain rows, no ORM objects)."""
    if not ids:
        return []
    rows = {row.id: row for row in session.execute(_PASSAGES, {"ids": ids})}
    tags: dict[int, list[Row]] = {}
    for tag in session.execute(_TAGS, {"ids": ids}):
        tags.setdefault(tag.annotation_id, []).append(tag)
    hits = []
    for annotation_id in ids:
        row = rows[annotation_id]
        hits.append(
            AnnotationHit(
                # annotation_info reads attributes, as a row and its tags offer them.
                annotation=annotation_info(SimpleNamespace(**row._mapping, tags=tags.get(annotation_id, ()))),
                document_title=row.document_title,
                document_reference=row.document_reference,
                page_label=row.page_label or str(row.page_index + 1),
                highlights=mark(row.quote, terms),
            )
        )
    return hits
