"""PostgreSQL's side of the search: queries on the ``tsvector`` index of revisions 0015 and 0021.

A parsed query (``app.text.query``) becomes a ``tsquery`` built by PostgreSQL's own functions
from the words typed, each folded by the same ``rights_words`` the index's triggers read text
with, so nothing typed is ever read as ``tsquery`` syntax. Filters on plain values are answered
by the index's filter words; the others by the portable conditions of ``app.store.filters``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    Integer,
    Select,
    String,
    Table,
    column,
    func,
    literal,
    select,
    table,
)
from sqlalchemy.dialects.postgresql import REAL, REGCONFIG, TSQUERY, TSVECTOR

from app.store.filters import AnnotationFilters, Sort, facet_groups, filtered, ordered
from app.store.models import Annotation, AnnotationTag, Document, PageText, Tag
from app.text.query import MARK_END, MARK_START, Phrase, Query

INDEX_TABLES = ("annotation_words", "page_words")
_ANNOTATION_WORDS = table("annotation_words", column("annotation_id", Integer), column("words", TSVECTOR),
                          column("facets", TSVECTOR))
_PAGE_WORDS = table("page_words", column("page_id", Integer), column("words", TSVECTOR))
_SIMPLE = literal("simple", REGCONFIG)
# ts_rank's weights for D, C, B, A: tag words, note, quote, as SQLite's bm25 weighs its columns.
_WEIGHTS = literal([0.0, 0.2, 0.5, 1.0], ARRAY(REAL))


def is_index_table(name: str | None) -> bool:
    return name in INDEX_TABLES


def tsquery(query: Query) -> ColumnElement:
    """The ``tsquery`` for a parsed query: phrases as ``<->`` sequences, a begun word as ``:*``,
    AND, OR and (binary) NOT as PostgreSQL's own operators."""
    if isinstance(query, Phrase):
        *whole, last = query.words
        if not query.prefix:
            return func.phraseto_tsquery(_SIMPLE, func.rights_words(" ".join(query.words)), type_=TSQUERY)
        begun = func.to_tsquery(_SIMPLE, func.quote_literal(func.rights_words(last)).concat(":*"), type_=TSQUERY)
        if not whole:
            return begun
        before = func.phraseto_tsquery(_SIMPLE, func.rights_words(" ".join(whole)), type_=TSQUERY)
        return func.tsquery_phrase(before, begun, type_=TSQUERY)
    operator, left, right = query
    if operator == "NOT":
        return func.tsquery_and(tsquery(left), func.tsquery_not(tsquery(right)), type_=TSQUERY)
    combine = func.tsquery_and if operator == "AND" else func.tsquery_or
    return combine(tsquery(left), tsquery(right), type_=TSQUERY)


def annotation_ids(query: Query | None, filters: AnnotationFilters, sort: Sort = "relevance") -> Select:
    """The ids of the live annotations that match, in order, with no limit (exports use it whole).

    Words and plain-valued filters are answered together by the index (revision 0021's filter
    words); what is left (dates, events, authors) is checked on the few rows it returns.
    """
    ids = select(Annotation.id).where(Annotation.deleted_at.is_(None))
    rank = None
    groups = [group for part in facet_groups(filters) for group in part]
    if query is not None or groups:
        ids = ids.join(_ANNOTATION_WORDS, _ANNOTATION_WORDS.c.annotation_id == Annotation.id)
    if query is not None:
        wanted = tsquery(query)
        words = _ANNOTATION_WORDS.c.words
        ids = ids.where(words.op("@@")(wanted))
        rank = -func.ts_rank(_WEIGHTS, words, wanted)  # lower is better, as on SQLite
    if groups:  # the words are letters and digits only (``facet``): safe as tsquery text
        facets = " & ".join("(" + " | ".join(group) + ")" for group in groups)
        ids = ids.where(_ANNOTATION_WORDS.c.facets.op("@@")(func.to_tsquery(_SIMPLE, facets, type_=TSQUERY)))
    return filtered(ids, filters, plain_valued=False).order_by(*ordered(sort, rank))


def ranked_passages(
    connection: Connection, columns: tuple[str, ...], query: Query, filters: AnnotationFilters,
    limit: int, offset: int = 0, tier: int | None = None,
) -> list[tuple]:
    """As ``sqlite_search.ranked_passages``: a page of results, best first, as rows (``ranking_tier``
    gives no tiers here)."""
    return annotation_passages(connection, columns, page_ids(connection, query, filters, "relevance", limit, offset))


def ranking_tier(connection: Connection, query: Query, filters: AnnotationFilters) -> int | None:
    """Every match is ranked together: ``ts_rank`` reads only each match's own vector, with no
    pass over the whole index per search as SQLite's bm25 makes."""
    return None


def page_ids(connection: Connection, query: Query | None, filters: AnnotationFilters, sort: Sort,
             limit: int, offset: int = 0) -> list[int]:
    """A page of ``annotation_ids``; by date the planner reads revision 0022's index itself."""
    return list(connection.scalars(annotation_ids(query, filters, sort).limit(limit).offset(offset)))


def annotation_passages(connection: Connection, columns: tuple[str, ...], ids: Sequence[int]) -> list[tuple]:
    """These annotations in this order: their ``columns``, their document's title and reference,
    their page's label and their tag ids (comma-separated, or None)."""
    if not ids:
        return []
    listed = func.unnest(literal(list(ids), ARRAY(Integer))).table_valued("id", with_ordinality="place").render_derived(name="m")
    annotations: Table = Annotation.__table__  # type: ignore[assignment]
    tag_ids = (
        select(func.string_agg(AnnotationTag.tag_id.cast(String), ","))
        .where(AnnotationTag.annotation_id == Annotation.id)
        .scalar_subquery()
    )
    rows = connection.execute(
        select(*(annotations.c[name] for name in columns), Document.title, Document.reference, PageText.label, tag_ids)
        .select_from(listed)
        .join(Annotation, Annotation.id == listed.c.id)
        .join(Document, Document.id == Annotation.document_id)
        .outerjoin(PageText, (PageText.document_id == Annotation.document_id)
                   & (PageText.page_index == Annotation.page_index))
        .order_by(listed.c.place)
    )
    return [tuple(row) for row in rows]


def document_passages(connection: Connection, columns: tuple[str, ...], document_id: int) -> list[tuple]:
    """As ``sqlite_search.document_passages``: a document's live annotations in reading order."""
    ids = connection.scalars(
        select(Annotation.id)
        .where(Annotation.document_id == document_id, Annotation.deleted_at.is_(None))
        .order_by(Annotation.page_index, Annotation.start_offset, Annotation.id)
    ).all()
    return annotation_passages(connection, columns, ids)


def tag_rows(connection: Connection, ids: Sequence[int]) -> list[tuple]:
    """(id, slug, kind, label, code, color) of these tags."""
    found = connection.execute(select(Tag.id, Tag.slug, Tag.kind, Tag.label, Tag.code, Tag.color)
                               .where(Tag.id.in_(list(ids))))
    return [tuple(row) for row in found]


def result_converters(_table: Table) -> dict[str, Callable[[Any], Any]]:
    """Nothing to convert: the rows above come through SQLAlchemy, typed by the models."""
    return {}


_HEADLINE = (f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=16, MinWords=6, ShortWord=0, "
             "MaxFragments=1, FragmentDelimiter=\u2026")


def search_pages(
    connection: Connection, query: Query, *, limit: int, document_id: int | None = None
) -> Sequence[Any]:
    """Pages whose text matches ``query``, best first, with a snippet whose matched words stand
    between ``MARK_START`` and ``MARK_END``."""
    wanted, words = tsquery(query), _PAGE_WORDS.c.words
    found = (
        select(PageText.document_id, PageText.page_index, PageText.label,
               func.ts_headline(_SIMPLE, func.rights_fold(PageText.text), wanted, literal(_HEADLINE)).label("snippet"))
        .select_from(_PAGE_WORDS.join(PageText, PageText.id == _PAGE_WORDS.c.page_id))
        .where(words.op("@@")(wanted))
        .order_by(func.ts_rank(words, wanted).desc(), PageText.document_id, PageText.page_index)
        .limit(limit)
    )
    if document_id is not None:
        found = found.where(PageText.document_id == document_id)
    return connection.execute(found).all()
