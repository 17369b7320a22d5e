"""SQLite's side of the search: queries on the FTS5 indexes that revisions 0002, 0007, 0008 and 0011 built.

The words users type reach FTS5 quoted (``fts5_match``); filters on plain values reach it
as hidden words (``filter_words``); what the index does not hold (dates, events) is left to
the portable conditions of ``app.store.filters``.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Connection, DateTime, Float, Integer, Select, Table, column, exists, select, table, text
from sqlalchemy.dialects import sqlite as sqlite_dialect

from app.store.filters import (
    FACET_COLOR,
    FACET_COUNTRY,
    FACET_DOCUMENT,
    FACET_KIND,
    FACET_NOTE,
    FACET_TAG,
    AnnotationFilters,
    Sort,
    facet_groups,
    filtered,
    ordered,
)
from app.store.models import Annotation
from app.text.query import MARK_END, MARK_START, Phrase, Query, fold

OPTIMIZE_ANNOTATION_INDEX = "INSERT INTO annotation_fts(annotation_fts) VALUES ('optimize')"


# The filters that have pair words, in the order a pair's two words are written.
PAIRED_FACETS = (FACET_TAG, FACET_KIND, FACET_COUNTRY)


def facet_pair(first: str, second: str) -> str:
    """The hidden word for two filter words held together (a tag's, the kind's or the country's),
    as the triggers write it: the words in ``PAIRED_FACETS`` order, joined by an ``x``, a letter
    no id or hex value holds."""
    a, b = sorted((first, second), key=lambda word: PAIRED_FACETS.index(word[0]))
    return f"{a}x{b}"


def fts5_match(query: Query | None) -> str | None:
    """The FTS5 MATCH expression for a parsed query (``app.text.query``): each phrase quoted, so
    nothing a user types is read as FTS5 syntax."""
    if query is None:
        return None
    if isinstance(query, Phrase):
        return '"' + " ".join(query.words) + '"' + ("*" if query.prefix else "")
    operator, left, right = query
    return f"({fts5_match(left)}) {operator} ({fts5_match(right)})"


def annotation_match(query: Query | None, facets: Sequence[Sequence[str]]) -> str | None:
    """An FTS5 expression: the words of ``query`` in quote, note or tags, and one word of each facet group.

    Users' words are kept to the visible columns, so a typed word never finds a facet. Only a word
    that could be read as a facet word needs that said: ranking by a word kept to some columns read
    each of its matches' positions, a third of a ranked search of a word in 43% of a million passages.
    """
    words = fts5_match(query)
    kept = "{quote note tags} : " if query is not None and could_find_a_facet(query) else ""
    parts = [f"{kept}({words})"] if words else []
    parts += ["facets : (" + " OR ".join(f'"{word}"' for word in group) + ")" for group in facets if group]
    return " AND ".join(f"({part})" for part in parts) or None


# Every word the triggers write in the facets column, folded as the index folds it: a filter's
# letter, then digits or hex digits (a colour, a kind, a country), a pair's ``x`` and second letter.
_FACET_LETTERS = (FACET_DOCUMENT, FACET_TAG, FACET_KIND, FACET_COUNTRY, FACET_COLOR, FACET_NOTE)
_FACET_WORD = re.compile(f"[{''.join(_FACET_LETTERS)}][0-9a-fx{FACET_KIND}{FACET_COUNTRY}]*")
_NOT_ASCII_ALNUM = re.compile(r"[^0-9a-z]+")


def could_find_a_facet(query: Query) -> bool:
    """True when a word of ``query``, as the index's tokenizer may cut it, could be a facet word or
    (typed with ``*``) begin one. Cut at every character that is not a plain letter or digit, a
    word yields each piece the tokenizer could make of it and more, so False is certain."""
    if isinstance(query, Phrase):
        return any(_FACET_WORD.fullmatch(piece) for word in query.words
                   for piece in _NOT_ASCII_ALNUM.split(fold(word)) if piece)
    _operator, left, right = query
    return could_find_a_facet(left) or could_find_a_facet(right)


FTS_TABLES = ("page_fts", "annotation_fts")


def is_index_table(name: str | None) -> bool:
    """True for the FTS5 tables and their shadow tables, which the models do not describe."""
    return name is not None and any(name == table or name.startswith(table + "_") for table in FTS_TABLES)


def search_pages(
    connection: Connection, query: Query, *, limit: int, document_id: int | None = None
) -> Sequence[Any]:
    """Pages whose text matches ``query``, best first, with a snippet whose matched words
    stand between ``MARK_START`` and ``MARK_END``."""
    where = "page_fts MATCH :match"
    if document_id is not None:
        where += " AND p.document_id = :document_id"
    sql = text(
        f"""SELECT p.document_id, p.page_index, p.label,
                   snippet(page_fts, 0, :mark_start, :mark_end, '…', 16) AS snippet
            FROM page_fts JOIN page_texts AS p ON p.id = page_fts.rowid
            WHERE {where}
            ORDER BY bm25(page_fts), p.document_id, p.page_index
            LIMIT :limit"""
    )
    params = {
        "match": fts5_match(query),
        "limit": limit,
        "document_id": document_id,
        "mark_start": MARK_START,
        "mark_end": MARK_END,
    }
    return connection.execute(sql, params).all()


def annotation_ids(query: Query | None, filters: AnnotationFilters, sort: Sort = "relevance") -> Select:
    """The ids of the live annotations that match, in order, with no limit (exports use it whole).

    Words and plain-valued filters are answered together inside the index; what is left
    (dates, events) is checked on the few rows it returns.
    """
    ids = select(Annotation.id).where(Annotation.deleted_at.is_(None))
    rank = None
    expression = annotation_match(query, filter_words(filters))
    if expression:
        matches = annotation_matches(expression)
        ids = ids.join(matches, matches.c.annotation_id == Annotation.id)
        rank = matches.c.rank if query is not None else None
    return filtered(ids, filters, plain_valued=False).order_by(*ordered(sort, rank))


# A tag group with more values than this times the kinds (or countries) asked for is not
# paired: that many pair words would read more than the two lists they stand for.
PAIRS_AT_MOST = 32


def filter_words(filters: AnnotationFilters) -> list[list[str]]:
    """One group of index words per filter: a row must hold a word of every group.

    A tag group meets the kind's and the country's groups in pair words, each a far shorter
    list than either side's (without tags, the kind meets the country). "A or B, and C or D"
    is "AC or AD or BC or BD", so the pairs stand for both groups.
    """
    tags, broad, others = facet_groups(filters)
    left, right = (tags, broad) if tags else (broad[:1], broad[1:])
    pairs = [(a, b) for a in left for b in right if len(a) * len(b) <= PAIRS_AT_MOST]
    paired = [group for pair in pairs for group in pair]
    groups = [[facet_pair(x, y) for x in a for y in b] for a, b in pairs]
    groups += [group for group in tags + broad if not any(group is done for done in paired)]
    return groups + others


# Lower is better; the quote weighs most, then the note, then tag words. Hidden filter
# words weigh nothing, so rows are ranked by the typed words alone.
_RANK = "bm25(annotation_fts, 10.0, 5.0, 2.0, 0.0)"


def annotation_matches(match: str) -> Any:
    """A subquery of the annotations that match an FTS5 ``match`` expression, with their
    relevance as ``rank``, for queries composed around it (filters the index does not hold,
    other orders, exports)."""
    return (
        text(f"SELECT rowid AS annotation_id, {_RANK} AS rank FROM annotation_fts WHERE annotation_fts MATCH :match")
        .bindparams(match=match)
        .columns(column("annotation_id", Integer), column("rank", Float))
        .subquery("matches")
    )


# --- The search's hot path -------------------------------------------------------
#
# A search runs at every pause in typing. Built and read through SQLAlchemy, a page of
# results cost about twice what the index takes to find it, so a ranked search's page (one
# statement) and its tags (another) go to the driver as written here.

# A ranked search's page of results, best first. The trashed ids are few and indexed:
# checking rows against them spares looking up each matching annotation's row.
_RANKED = f"""(SELECT rowid AS id, {_RANK} AS rank FROM annotation_fts WHERE annotation_fts MATCH ?
        AND rowid NOT IN (SELECT id FROM annotations WHERE deleted_at IS NOT NULL)
        ORDER BY rank, rowid LIMIT ? OFFSET ?)"""
# The ids alone, for measuring the index's part of a search.
RANKED_IDS = f"SELECT id FROM {_RANKED}"
# Annotations given by id, in the order given.
_LISTED = "(SELECT value AS id, key AS rank FROM json_each(?))"

_TAGS = "SELECT id, slug, kind, label, code, color FROM tags WHERE id IN (SELECT value FROM json_each(?))"


def driver_connection(connection: Connection) -> sqlite3.Connection:
    """The driver's own connection under a SQLAlchemy one, in the same transaction."""
    return connection.connection.driver_connection  # type: ignore[return-value]


@functools.cache
def result_converters(table: Table) -> dict[str, Callable[[Any], Any]]:
    """For each column of ``table`` whose values need it, what turns a driver value into the
    model's: SQLAlchemy's own conversions (text to datetime), JSON read as it reads it."""
    dialect = sqlite_dialect.dialect()
    converters: dict[str, Callable[[Any], Any]] = {}
    for table_column in table.columns:
        convert = table_column.type.dialect_impl(dialect).result_processor(dialect, None)
        if isinstance(table_column.type, JSON):
            convert = _json_value  # SQLAlchemy's calls json.loads through two functions: a third of a result's making
        elif isinstance(table_column.type, DateTime):
            convert = _datetime_value  # SQLAlchemy's reads the text with a regular expression, at thrice the cost
        if convert is not None:
            converters[table_column.name] = convert
    return converters


def _datetime_value(value: str | None) -> datetime | None:
    """SQLAlchemy's SQLite text for a datetime ("2024-01-01 12:00:00.000000", naive) read back."""
    return None if value is None else datetime.fromisoformat(value)


def _json_value(value: str | None) -> Any:
    if value is None:
        return None
    return [] if value == "[]" else json.loads(value)  # most lists of targets and paragraphs


@functools.lru_cache(maxsize=8)
def _passages_sql(columns: tuple[str, ...], source: str | None, where: str = "") -> str:
    """Rows of annotations with their document's title and reference, their page's label and their
    tag ids: those of the ``source`` subquery (ids in order, as ``m``), or, without one, those of
    the annotations table that ``where`` keeps, in reading order."""
    start, order = ((f"{source} AS m JOIN annotations AS a ON a.id = m.id", "m.rank, m.id") if source is not None
                    else ("annotations AS a", "a.page_index, a.start_offset, a.id"))
    return f"""SELECT {", ".join("a." + name for name in columns)}, d.title, d.reference, p.label,
            (SELECT group_concat(tag_id) FROM annotation_tags WHERE annotation_id = a.id)
        FROM {start} JOIN documents AS d ON d.id = a.document_id
        LEFT JOIN page_texts AS p ON p.document_id = a.document_id AND p.page_index = a.page_index
        {where}
        ORDER BY {order}"""


def ranked_passages(
    connection: Connection, columns: tuple[str, ...], query: Query, filters: AnnotationFilters,
    limit: int, offset: int = 0, tier: int | None = None,
) -> list[tuple]:
    """The live annotations matching ``query`` and ``filters`` (none of them ``outside_index``), best
    first (then by id), as rows: the annotation's ``columns``, then its document's title and
    reference, its page's label and its tag ids (comma-separated, or None).

    With a ``tier`` (``ranking_tier``), the newest ``tier`` matches are ranked first, then the next
    ``tier``, and so on: a page is read from the one or two tiers it falls in.
    """
    driver = driver_connection(connection)
    match = annotation_match(query, filter_words(filters))
    if tier is None or match is None:
        return driver.execute(_passages_sql(columns, _RANKED), (match, limit, offset)).fetchall()
    rows: list[tuple] = []
    number, within = divmod(offset, tier)
    upper = _NEWEST_POSSIBLE if number == 0 else _newest_match(driver, match, number * tier)
    while upper is not None and len(rows) < limit:
        lower = _newest_match(driver, match, (number + 1) * tier)
        bounds = (upper, -1 if lower is None else lower)
        rows += driver.execute(_passages_sql(columns, _TIERED), (match, *bounds, limit - len(rows), within)).fetchall()
        number, within, upper = number + 1, 0, lower
    return rows


# --- Reading only the page shown --------------------------------------------------------
#
# In a big library a common word matches hundreds of thousands of passages, and sorting them all
# to keep the 50 shown took a third of a second at a million passages. So a search sorted by
# date walks revision 0022's index of annotations by date, newest first, and stops at the page, and a
# ranked search with very many matches ranks them by tiers of the newest. (bm25 reads every
# match of each word once per search, for its inverse document frequency: that part stays.)

# A search that matches at most this many live passages ranks them all together; beyond, the
# newest ``TIER`` are ranked first, then the next ``TIER``…
RANK_ALL_UP_TO, TIER = 10_000, 2_000
# A search by date sorts up to this many matches outright. Beyond, it walks the index by date:
# checking each row against the match when at least ``DENSE`` of the rows match (a page comes
# after a few hundred rows), else probing a list of the matches made first.
SORT_UP_TO, DENSE = 2_000, 0.05

_NEWEST_POSSIBLE = 2**63 - 1
_LIVE_INDEX = "rowid NOT IN (SELECT id FROM annotations WHERE deleted_at IS NOT NULL)"
_NEWEST = ("SELECT rowid FROM annotation_fts WHERE annotation_fts MATCH ? AND " + _LIVE_INDEX
           + " ORDER BY rowid DESC LIMIT 1 OFFSET ?")
_TIERED = f"""(SELECT rowid AS id, {_RANK} AS rank FROM annotation_fts WHERE annotation_fts MATCH ?
        AND rowid <= ? AND rowid > ? AND {_LIVE_INDEX}
        ORDER BY rank, rowid LIMIT ? OFFSET ?)"""


def _newest_match(driver: sqlite3.Connection, match: str, position: int) -> int | None:
    """The id of the live match at ``position`` (from 0) counting from the newest id, or None when
    fewer match: the index reads ids in order without ranking them, so this costs little."""
    row = driver.execute(_NEWEST, (match, position)).fetchone()
    return None if row is None else row[0]


def ranking_tier(connection: Connection, query: Query, filters: AnnotationFilters) -> int | None:
    """How many matches of ``query`` are ranked at a time: None when all are ranked together."""
    match = annotation_match(query, filter_words(filters))
    if match is None or _newest_match(driver_connection(connection), match, RANK_ALL_UP_TO) is None:
        return None
    return TIER


def page_ids(connection: Connection, query: Query | None, filters: AnnotationFilters, sort: Sort,
             limit: int, offset: int = 0) -> list[int]:
    """A page of ``annotation_ids``. By date it is read off the index of annotations by date,
    newest first (``SORT_UP_TO``, ``DENSE``); the share of rows that match is judged from the ids
    the newest matches span."""
    expression = annotation_match(query, filter_words(filters))
    if sort != "date" or expression is None:
        return list(connection.scalars(annotation_ids(query, filters, sort).limit(limit).offset(offset)))
    driver = driver_connection(connection)
    ids = select(Annotation.id).where(Annotation.deleted_at.is_(None))
    oldest_counted = _newest_match(driver, expression, SORT_UP_TO)
    if oldest_counted is None:
        ids = ids.where(Annotation.id.in_(_matching_rowids(expression)))
    elif SORT_UP_TO / max(1, (_newest_match(driver, expression, 0) or 0) - oldest_counted) >= DENSE:
        ids = ids.where(exists(_matching_rowids(expression).where(column("rowid") == Annotation.id)))
    else:
        # ``+ 0``: the list is probed, not walked, so the rows come in the index's order by date.
        ids = ids.where((Annotation.id + 0).in_(_matching_rowids(expression)))
    ordered_ids = filtered(ids, filters, plain_valued=False).order_by(*ordered("date", None))
    return list(connection.scalars(ordered_ids.limit(limit).offset(offset)))


def _matching_rowids(match: str) -> Select:
    return select(column("rowid")).select_from(table("annotation_fts")).where(
        text("annotation_fts MATCH :page_match").bindparams(page_match=match))


def document_passages(connection: Connection, columns: tuple[str, ...], document_id: int) -> list[tuple]:
    """A document's live annotations in reading order, as ``ranked_passages`` gives its rows: in
    one statement (5,000 of one document in 45 ms; 56 through a list of their ids)."""
    where = "WHERE a.document_id = ? AND a.deleted_at IS NULL"
    return driver_connection(connection).execute(_passages_sql(columns, None, where), (document_id,)).fetchall()


def annotation_passages(connection: Connection, columns: tuple[str, ...], ids: Sequence[int]) -> list[tuple]:
    """These annotations in this order, as ``ranked_passages`` gives its rows."""
    return driver_connection(connection).execute(_passages_sql(columns, _LISTED), (json.dumps(list(ids)),)).fetchall()


def tag_rows(connection: Connection, ids: Sequence[int]) -> list[tuple]:
    """(id, slug, kind, label, code, color) of these tags."""
    return driver_connection(connection).execute(_TAGS, (json.dumps(list(ids)),)).fetchall()
