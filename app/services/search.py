"""Search every annotation in the library: words, tags, events, documents, dates, colours."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlalchemy import Select, and_, exists, func, select

from app.library import Library
from app.services.annotations import ANNOTATION_COLUMNS, AnnotationInfo, TagRef, info_from_row
from app.store import sqlite
from app.store.models import Annotation, AnnotationTag, Document, Tag
from app.store.row_records import record_maker
from app.text.citations import CitationParts, cite
from app.text.query import Term, mark, parse

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
        connection = sqlite.driver_connection(session.connection())
        ranked = parsed.match and sort == "relevance" and _all_in_index(filters)
        expression = sqlite.annotation_match(parsed.match, filter_words(filters)) if ranked else None
        if expression is not None:  # always when ranked: words were given
            rows = sqlite.ranked_passages(connection, ANNOTATION_COLUMNS, expression, limit, offset)
        else:
            ids = session.scalars(matching_ids(parsed.match, filters, sort).limit(limit).offset(offset))
            rows = sqlite.annotation_passages(connection, ANNOTATION_COLUMNS, list(ids))
        return AnnotationResults(tuple(_hits(connection, rows, parsed.terms)), parsed.hints)


def matching_ids(match: str | None, filters: AnnotationFilters, sort: Sort = "relevance") -> Select:
    """The query for the ids of the live annotations that match, in order, with no limit (exports use it whole)."""
    query = select(Annotation.id).where(Annotation.deleted_at.is_(None))
    rank = None
    # Words and plain-valued filters are answered together inside the index; what is left
    # (dates, events) is checked on the few rows it returns.
    expression = sqlite.annotation_match(match, filter_words(filters))
    if expression:
        matches = sqlite.annotation_matches(expression)
        query = query.join(matches, matches.c.annotation_id == Annotation.id)
        rank = matches.c.rank if match else None
    return _filtered(query, filters).order_by(*_order(sort, rank))


# A tag group with more values than this times the kinds (or countries) asked for is not
# paired: that many pair words would read more than the two lists they stand for.
PAIRS_AT_MOST = 32


def filter_words(filters: AnnotationFilters) -> list[list[str]]:
    """One group of index words per filter: a row must hold a word of every group.

    A tag group meets the kind's and the country's groups in pair words, each a far shorter
    list than either side's (without tags, the kind meets the country). "A or B, and C or D"
    is "AC or AD or BC or BD", so the pairs stand for both groups.
    """
    tags = [
        group
        for group in ([sqlite.facet(sqlite.FACET_TAG, tag_id) for tag_id in filters.tags_any],
                      *([sqlite.facet(sqlite.FACET_TAG, tag_id)] for tag_id in filters.tags_all))
        if group
    ]
    broad = [
        group
        for group in ([sqlite.facet(sqlite.FACET_KIND, kind) for kind in filters.document_kinds],
                      [sqlite.facet(sqlite.FACET_COUNTRY, country) for country in filters.countries])
        if group
    ]
    left, right = (tags, broad) if tags else (broad[:1], broad[1:])
    pairs = [(a, b) for a in left for b in right if len(a) * len(b) <= PAIRS_AT_MOST]
    paired = [group for pair in pairs for group in pair]
    groups = [[sqlite.facet_pair(x, y) for x in a for y in b] for a, b in pairs]
    groups += [group for group in tags + broad if not any(group is done for done in paired)]
    groups += [
        [sqlite.facet(sqlite.FACET_DOCUMENT, document_id) for document_id in filters.documents],
        [sqlite.facet(sqlite.FACET_COLOR, color) for color in filters.colors],
    ]
    if filters.has_note is not None:
        groups.append([sqlite.facet(sqlite.FACET_NOTE, int(filters.has_note))])
    return [group for group in groups if group]


def _all_in_index(filters: AnnotationFilters) -> bool:
    """True when the index holds every filter asked for (dates and events it does not)."""
    return not (filters.published_from or filters.published_to or filters.created_from or filters.created_to
                or filters.event_from or filters.event_to)


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


_CONVERTERS = sqlite.result_converters(Annotation.metadata.tables[Annotation.__tablename__])
_CONVERT = [(index, _CONVERTERS[name]) for index, name in enumerate(ANNOTATION_COLUMNS) if name in _CONVERTERS]
_PAGE, _QUOTE = ANNOTATION_COLUMNS.index("page_index"), ANNOTATION_COLUMNS.index("quote")
_make_hit = record_maker(AnnotationHit, ("annotation", "document_title", "document_reference", "page_label", "highlights"))


def _hits(connection: sqlite3.Connection, rows: list[tuple], terms: tuple[Term, ...]) -> list[AnnotationHit]:
    """The results from the rows of ``sqlite.annotation_passages``, values converted as the
    models would, with their tags (read in one more query)."""
    width = len(ANNOTATION_COLUMNS)
    tag_ids = {int(tag_id) for row in rows if row[-1] for tag_id in row[-1].split(",")}
    tags = {row[0]: TagRef(*row) for row in sqlite.tag_rows(connection, sorted(tag_ids))} if tag_ids else {}
    hits = []
    for row in rows:
        values = list(row[:width])
        for index, convert in _CONVERT:
            values[index] = convert(values[index])
        title, reference, label, tag_text = row[width:]
        tagged = [tags[int(tag_id)] for tag_id in tag_text.split(",")] if tag_text else ()
        hits.append(_make_hit((info_from_row(values, tagged), title, reference, label or str(values[_PAGE] + 1),
                               mark(values[_QUOTE], terms))))
    return hits
