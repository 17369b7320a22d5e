"""Search every annotation in the library: words, tags, events, documents, dates, colours."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType

from sqlalchemy import Connection, Select
from sqlalchemy.orm import Session

from app.library import Library
from app.services.annotations import ANNOTATION_COLUMNS, AnnotationInfo, passage_records
from app.store import fulltext
from app.store.filters import AnnotationFilters, Sort
from app.store.row_records import record_maker
from app.text.citations import CitationParts, cite
from app.text.query import Query, Term, mark, parse


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
    if text.strip() and parsed.query is None:
        return AnnotationResults((), parsed.hints)
    with library.reading() as session:
        connection = session.connection()
        index = fulltext.side(connection)
        hints = parsed.hints
        if parsed.query is not None and sort == "relevance" and not filters.outside_index:
            tier = index.ranking_tier(connection, parsed.query, filters)
            if tier is not None:
                hints += (f"Very many passages match: the newest {tier:,} are ranked first, then the next {tier:,}. "
                          "Add a word or a filter to rank them all together.",)
            rows = index.ranked_passages(connection, ANNOTATION_COLUMNS, parsed.query, filters, limit, offset, tier)
        else:
            ids = index.page_ids(connection, parsed.query, filters, sort, limit, offset)
            rows = index.annotation_passages(connection, ANNOTATION_COLUMNS, ids)
        return AnnotationResults(tuple(_hits(index, connection, rows, parsed.terms)), hints)


def matching_ids(bind: Connection | Session, query: Query | None, filters: AnnotationFilters,
                 sort: Sort = "relevance") -> Select:
    """The query for the ids of the live annotations that match, in order, with no limit (exports use it whole)."""
    return fulltext.side(bind).annotation_ids(query, filters, sort)


_make_hit = record_maker(AnnotationHit, ("annotation", "document_title", "document_reference", "page_label", "highlights"))


def _hits(index: ModuleType, connection: Connection, rows: list[tuple], terms: tuple[Term, ...]) -> list[AnnotationHit]:
    """The results from the rows of the index's ``annotation_passages``."""
    return [_make_hit((info, title, reference, label or str(info.page_index + 1), mark(info.quote, terms)))
            for info, (title, reference, label) in passage_records(index, connection, rows)]
