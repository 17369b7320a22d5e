"""Everything SQLite-specific, in one place: pragmas, transactions, FTS5 and its errors.

The models stay portable; a library moved to another database would replace this
module (full-text search included) and keep the rest.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import JSON, Connection, Engine, Float, Integer, Table, column, create_engine, event, text
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.exc import DBAPIError

from app.text import printed_text

BUSY_TIMEOUT_MS = 10_000

# unicode61 with remove_diacritics 2 folds case and accents ("Türkiye" finds "turkiye").
TOKENIZER = "unicode61 remove_diacritics 2"


def make_engine(db_path: str, *, read_only: bool = False) -> Engine:
    """An engine on the library database; ``read_only`` for a library in a folder this user cannot
    write, where SQLite cannot make the WAL's index file it needs even to read: the file is then
    read as immutable, which nothing can change there."""
    if read_only:
        engine = create_engine(f"sqlite:///file:{db_path}?mode=ro&immutable=1&uri=true")
    else:
        engine = create_engine(f"sqlite:///{db_path}")
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


# The folding the full-text indexes are written with, which their triggers call (revision 0011).
FOLD_FUNCTION = "rights_fold"


def register_functions(connection: sqlite3.Connection) -> None:
    """Give a driver connection the SQL functions the library's triggers call. Every engine's
    connections have them; a program writing pages or annotations through a connection of its
    own calls this first, or SQLite refuses the write ("no such function")."""
    connection.create_function(FOLD_FUNCTION, 1, _fold, deterministic=True)


def _fold(value: Any) -> Any:
    return printed_text.fold(value) if isinstance(value, str) else value


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    register_functions(dbapi_connection)
    # Transactions are begun explicitly in _on_begin, so writers can take the lock up front.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: a commit is on disk before the user is told it is saved.
    cursor.execute("PRAGMA synchronous = FULL")
    # 64 MiB of page cache (the default is 2): searches over a large library touch many pages.
    cursor.execute("PRAGMA cache_size = -65536")
    cursor.close()


def _on_begin(connection: Connection) -> None:
    # A deferred transaction that later writes cannot wait for the lock (SQLITE_BUSY at
    # once, busy_timeout or not); writers therefore say so at BEGIN.
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


WRITE_OPTIONS = {"sqlite_begin": "IMMEDIATE"}


@contextmanager
def foreign_keys_deferred_for_migration(connection: Connection) -> Iterator[None]:
    """Let a migration rebuild tables that others point to, then check every reference.

    SQLite's documented way to change a table's schema: foreign keys off (outside any
    transaction), rebuild, foreign_key_check, foreign keys on again.
    """
    # On the driver's own connection: SQLAlchemy would open a transaction first, and
    # inside one SQLite ignores this pragma.
    driver = connection.connection.driver_connection
    driver.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        driver.execute("PRAGMA foreign_keys = ON")


def check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"the schema change left {len(broken)} broken references; it was undone")


# (result code, words in the message, what the user is told), first match wins.
_EXPLANATIONS = [
    (sqlite3.SQLITE_FULL, "disk is full", "the disk holding the library is full"),
    (sqlite3.SQLITE_READONLY, "readonly", "the library is read-only here"),
    (sqlite3.SQLITE_CANTOPEN, "unable to open", "the library database cannot be opened (check the folder's permissions)"),
    (sqlite3.SQLITE_BUSY, "locked", "the library is busy in another window or program; try again"),
    (sqlite3.SQLITE_LOCKED, "locked", "the library is busy in another window or program; try again"),
    (sqlite3.SQLITE_NOTADB, "not a database", "the library database is damaged or is not a library"),
    (sqlite3.SQLITE_CORRUPT, "malformed", "the library database is damaged"),
    (sqlite3.SQLITE_IOERR, "disk i/o", "the library's disk could not be written"),
]


def explain(error: BaseException) -> str | None:
    """A sentence for the user when ``error`` is one of SQLite's environment failures."""
    original = error.orig if isinstance(error, DBAPIError) else error
    if not isinstance(original, sqlite3.Error):
        return None
    # Extended result codes carry the primary code in their low byte.
    code = (getattr(original, "sqlite_errorcode", None) or 0) & 0xFF
    message = str(original).lower()
    for primary, words, explanation in _EXPLANATIONS:
        if code == primary or words in message:
            return explanation
    return None


# --- Full-text indexes -------------------------------------------------------------

# The words an annotation is found by through its tags: labels and codes.
_TAG_WORDS = """coalesce((SELECT group_concat(t.label || ' ' || coalesce(t.code, ''), ' ')
    FROM annotation_tags AS at JOIN tags AS t ON t.id = at.tag_id
    WHERE at.annotation_id = {annotation_id}), '')"""

PAGE_FTS_V1 = [
    # Page text: an external-content index over page_texts, kept in step by triggers.
    f"""CREATE VIRTUAL TABLE page_fts USING fts5(
        text, content='page_texts', content_rowid='id', tokenize='{TOKENIZER}')""",
    """CREATE TRIGGER page_texts_ai AFTER INSERT ON page_texts BEGIN
        INSERT INTO page_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER page_texts_ad AFTER DELETE ON page_texts BEGIN
        INSERT INTO page_fts(page_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER page_texts_au AFTER UPDATE OF text ON page_texts BEGIN
        INSERT INTO page_fts(page_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO page_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    "INSERT INTO page_fts(page_fts) VALUES ('rebuild')",
]

ANNOTATION_FTS_V1 = [
    # Annotations: quote, note and the words of their tags, one row per annotation.
    f"""CREATE VIRTUAL TABLE annotation_fts USING fts5(
        quote, note, tags, tokenize='{TOKENIZER}', prefix='2 3')""",
    f"""CREATE TRIGGER annotations_ai AFTER INSERT ON annotations BEGIN
        INSERT INTO annotation_fts(rowid, quote, note, tags)
        VALUES (new.id, new.quote, new.note, {_TAG_WORDS.format(annotation_id="new.id")});
    END""",
    """CREATE TRIGGER annotations_ad AFTER DELETE ON annotations BEGIN
        DELETE FROM annotation_fts WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER annotations_au AFTER UPDATE OF quote, note ON annotations BEGIN
        UPDATE annotation_fts SET quote = new.quote, note = new.note WHERE rowid = new.id;
    END""",
    f"""CREATE TRIGGER annotation_tags_ai AFTER INSERT ON annotation_tags BEGIN
        UPDATE annotation_fts SET tags = {_TAG_WORDS.format(annotation_id="new.annotation_id")}
        WHERE rowid = new.annotation_id;
    END""",
    f"""CREATE TRIGGER annotation_tags_ad AFTER DELETE ON annotation_tags BEGIN
        UPDATE annotation_fts SET tags = {_TAG_WORDS.format(annotation_id="old.annotation_id")}
        WHERE rowid = old.annotation_id;
    END""",
    f"""CREATE TRIGGER tags_au AFTER UPDATE OF label, code ON tags BEGIN
        UPDATE annotation_fts SET tags = {_TAG_WORDS.format(annotation_id="annotation_fts.rowid")}
        WHERE rowid IN (SELECT annotation_id FROM annotation_tags WHERE tag_id = new.id);
    END""",
    f"""INSERT INTO annotation_fts(rowid, quote, note, tags)
        SELECT a.id, a.quote, a.note, {_TAG_WORDS.format(annotation_id="a.id")} FROM annotations AS a""",
]

# As revision 0002 made them; later revisions replace the annotation part.
FTS_V1 = PAGE_FTS_V1 + ANNOTATION_FTS_V1

ANNOTATION_FTS_V1_DROP = [
    "DROP TRIGGER IF EXISTS tags_au",
    "DROP TRIGGER IF EXISTS annotation_tags_ad",
    "DROP TRIGGER IF EXISTS annotation_tags_ai",
    "DROP TRIGGER IF EXISTS annotations_au",
    "DROP TRIGGER IF EXISTS annotations_ad",
    "DROP TRIGGER IF EXISTS annotations_ai",
    "DROP TABLE IF EXISTS annotation_fts",
]

FTS_V1_DROP = ANNOTATION_FTS_V1_DROP + [
    "DROP TRIGGER IF EXISTS page_texts_au",
    "DROP TRIGGER IF EXISTS page_texts_ad",
    "DROP TRIGGER IF EXISTS page_texts_ai",
    "DROP TABLE IF EXISTS page_fts",
]

# --- Filters inside the annotation index (revision 0007) ---------------------------
#
# Every filter a search offers on a plain value is also a word in a hidden column,
# ``facets``, so FTS5 intersects the word's and the filters' lists of rows itself and ranks
# only the few rows that pass, with no join over 100,000 annotations. The words are letters
# and digits only (what unicode61 keeps whole): a prefix letter, then the id or the value's
# UTF-8 bytes in hex. An annotation holds ``t<id>`` for each of its tags and each tag's
# ancestors, so "a treaty includes its articles" is a single word.
FACET_DOCUMENT, FACET_TAG, FACET_KIND, FACET_COUNTRY, FACET_COLOR, FACET_NOTE = "d", "t", "k", "c", "o", "n"

def _facet_words(country_pairs: str = "", tag_pairs: str = "") -> str:
    """SQL for one annotation's hidden words; the pair parts are SQL appended to the country's
    word and to each tag's. Its own aliases are spelled apart from any a caller may use for
    {annotation_id}."""
    return f"""(SELECT 'd' || facet_a.document_id
        || ' o' || hex(facet_a.color)
        || CASE WHEN facet_a.note <> '' THEN ' n1' ELSE ' n0' END
        || ' k' || hex(facet_d.kind)
        || CASE WHEN coalesce(facet_d.country, '') <> '' THEN ' c' || hex(facet_d.country){country_pairs} ELSE '' END
        || coalesce((WITH RECURSIVE facet_up(id) AS (
                SELECT tag_id FROM annotation_tags WHERE annotation_id = {{annotation_id}}
                UNION SELECT facet_t.parent_id FROM tags AS facet_t JOIN facet_up ON facet_t.id = facet_up.id
                WHERE facet_t.parent_id IS NOT NULL)
            SELECT ' ' || group_concat('t' || id{tag_pairs}, ' ') FROM facet_up), '')
    FROM annotations AS facet_a JOIN documents AS facet_d ON facet_d.id = facet_a.document_id
    WHERE facet_a.id = {{annotation_id}})"""


_FACETS = _facet_words()  # as revision 0007 wrote them

# Revision 0008 adds a word for each pair of a tag, the kind and the country ("t12xk6e657773"):
# a search filtered by two of them then reads one short list instead of two long ones
# (a tag and a kind each hold a sixth of a library; together a fiftieth).
_PAIRED_FACETS = _facet_words(
    country_pairs=" || ' k' || hex(facet_d.kind) || 'xc' || hex(facet_d.country)",
    tag_pairs=""" || ' t' || id || 'xk' || hex(facet_d.kind)
                || CASE WHEN coalesce(facet_d.country, '') <> '' THEN ' t' || id || 'xc' || hex(facet_d.country) ELSE '' END""",
)

# The annotations tagged with a tag or any tag under it.
_UNDER_TAG = """(SELECT annotation_id FROM annotation_tags WHERE tag_id IN (
        WITH RECURSIVE down(id) AS (
            SELECT {tag_id} UNION SELECT t.id FROM tags AS t JOIN down ON t.parent_id = down.id)
        SELECT id FROM down))"""

OPTIMIZE_ANNOTATION_INDEX = "INSERT INTO annotation_fts(annotation_fts) VALUES ('optimize')"

def _annotation_fts(facets: str) -> list[str]:
    """The annotation index with hidden filter words written by ``facets`` (SQL for one annotation's words)."""
    return [
        f"""CREATE VIRTUAL TABLE annotation_fts USING fts5(
            quote, note, tags, facets, tokenize='{TOKENIZER}', prefix='2 3')""",
        f"""CREATE TRIGGER annotations_ai AFTER INSERT ON annotations BEGIN
            INSERT INTO annotation_fts(rowid, quote, note, tags, facets)
            VALUES (new.id, new.quote, new.note, {_TAG_WORDS.format(annotation_id="new.id")},
                    {facets.format(annotation_id="new.id")});
        END""",
        """CREATE TRIGGER annotations_ad AFTER DELETE ON annotations BEGIN
            DELETE FROM annotation_fts WHERE rowid = old.id;
        END""",
        f"""CREATE TRIGGER annotations_au AFTER UPDATE OF quote, note, color, document_id ON annotations BEGIN
            UPDATE annotation_fts SET quote = new.quote, note = new.note,
                facets = {facets.format(annotation_id="new.id")}
            WHERE rowid = new.id;
        END""",
        f"""CREATE TRIGGER annotation_tags_ai AFTER INSERT ON annotation_tags BEGIN
            UPDATE annotation_fts SET tags = {_TAG_WORDS.format(annotation_id="new.annotation_id")},
                facets = {facets.format(annotation_id="new.annotation_id")}
            WHERE rowid = new.annotation_id;
        END""",
        f"""CREATE TRIGGER annotation_tags_ad AFTER DELETE ON annotation_tags BEGIN
            UPDATE annotation_fts SET tags = {_TAG_WORDS.format(annotation_id="old.annotation_id")},
                facets = {facets.format(annotation_id="old.annotation_id")}
            WHERE rowid = old.annotation_id;
        END""",
        f"""CREATE TRIGGER tags_au AFTER UPDATE OF label, code ON tags BEGIN
            UPDATE annotation_fts SET tags = {_TAG_WORDS.format(annotation_id="annotation_fts.rowid")}
            WHERE rowid IN (SELECT annotation_id FROM annotation_tags WHERE tag_id = new.id);
        END""",
        # A tag moved elsewhere in the tree: everything under it gets its new ancestors.
        f"""CREATE TRIGGER tags_parent_au AFTER UPDATE OF parent_id ON tags BEGIN
            UPDATE annotation_fts SET facets = {facets.format(annotation_id="annotation_fts.rowid")}
            WHERE rowid IN {_UNDER_TAG.format(tag_id="new.id")};
        END""",
        f"""CREATE TRIGGER documents_facets_au AFTER UPDATE OF kind, country ON documents BEGIN
            UPDATE annotation_fts SET facets = {facets.format(annotation_id="annotation_fts.rowid")}
            WHERE rowid IN (SELECT id FROM annotations WHERE document_id = new.id);
        END""",
        f"""INSERT INTO annotation_fts(rowid, quote, note, tags, facets)
            SELECT a.id, a.quote, a.note, {_TAG_WORDS.format(annotation_id="a.id")}, {facets.format(annotation_id="a.id")}
            FROM annotations AS a""",
        # One segment: a search then reads each word's list of rows in one piece.
        OPTIMIZE_ANNOTATION_INDEX,
    ]


ANNOTATION_FTS_V2 = _annotation_fts(_FACETS)
ANNOTATION_FTS_V3 = _annotation_fts(_PAIRED_FACETS)

ANNOTATION_FTS_V2_DROP = [
    "DROP TRIGGER IF EXISTS documents_facets_au",
    "DROP TRIGGER IF EXISTS tags_parent_au",
    *ANNOTATION_FTS_V1_DROP,
]


def facet(kind: str, value: int | str) -> str:
    """The hidden word an annotation holds for one filter value, as the triggers write it."""
    if isinstance(value, int):
        return f"{kind}{value}"
    return kind + value.encode("utf-8").hex()


# The filters that have pair words, in the order a pair's two words are written.
PAIRED_FACETS = (FACET_TAG, FACET_KIND, FACET_COUNTRY)


def facet_pair(first: str, second: str) -> str:
    """The hidden word for two filter words held together (a tag's, the kind's or the country's),
    as the triggers write it: the words in ``PAIRED_FACETS`` order, joined by an ``x``, a letter
    no id or hex value holds."""
    a, b = sorted((first, second), key=lambda word: PAIRED_FACETS.index(word[0]))
    return f"{a}x{b}"


def annotation_match(words: str | None, facets: Sequence[Sequence[str]]) -> str | None:
    """An FTS5 expression: ``words`` in quote, note or tags, and one word of each facet group.

    Users' words are kept to the visible columns, so a typed word never finds a facet.
    """
    parts = [f"{{quote note tags}} : ({words})"] if words else []
    parts += ["facets : (" + " OR ".join(f'"{word}"' for word in group) + ")" for group in facets if group]
    return " AND ".join(f"({part})" for part in parts) or None


FTS_TABLES = ("page_fts", "annotation_fts")


def is_index_table(name: str | None) -> bool:
    """True for the FTS5 tables and their shadow tables, which the models do not describe."""
    return bool(name) and any(name == table or name.startswith(table + "_") for table in FTS_TABLES)


# Markers put around matched words in snippets; callers turn them into spans.
MARK_START, MARK_END = "\x02", "\x03"


def search_pages(
    connection: Connection, match: str, *, limit: int, document_id: int | None = None
) -> Sequence[Any]:
    """Pages whose text matches an FTS5 ``match`` expression, best first."""
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
        "match": match,
        "limit": limit,
        "document_id": document_id,
        "mark_start": MARK_START,
        "mark_end": MARK_END,
    }
    return connection.execute(sql, params).all()


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


def result_converters(table: Table) -> dict[str, Callable[[Any], Any]]:
    """For each column of ``table`` whose values need it, what turns a driver value into the
    model's: SQLAlchemy's own conversions (text to datetime), JSON read as it reads it."""
    dialect = sqlite_dialect.dialect()
    converters = {}
    for table_column in table.columns:
        convert = table_column.type.dialect_impl(dialect).result_processor(dialect, None)
        if isinstance(table_column.type, JSON):
            convert = _json_value  # SQLAlchemy's calls json.loads through two functions: a third of a result's making
        if convert is not None:
            converters[table_column.name] = convert
    return converters


def _json_value(value: str | None) -> Any:
    if value is None:
        return None
    return [] if value == "[]" else json.loads(value)  # most lists of targets and paragraphs


@functools.lru_cache(maxsize=8)
def _passages_sql(columns: tuple[str, ...], source: str) -> str:
    return f"""SELECT {", ".join("a." + name for name in columns)}, d.title, d.reference, p.label,
            (SELECT group_concat(tag_id) FROM annotation_tags WHERE annotation_id = a.id)
        FROM {source} AS m JOIN annotations AS a ON a.id = m.id JOIN documents AS d ON d.id = a.document_id
        LEFT JOIN page_texts AS p ON p.document_id = a.document_id AND p.page_index = a.page_index
        ORDER BY m.rank, m.id"""


def ranked_passages(
    connection: sqlite3.Connection, columns: tuple[str, ...], match: str, limit: int, offset: int = 0
) -> list[tuple]:
    """The live annotations matching ``match``, best first (then by id), as rows: the
    annotation's ``columns``, then its document's title and reference, its page's label and
    its tag ids (comma-separated, or None)."""
    return connection.execute(_passages_sql(columns, _RANKED), (match, limit, offset)).fetchall()


def annotation_passages(connection: sqlite3.Connection, columns: tuple[str, ...], ids: Sequence[int]) -> list[tuple]:
    """These annotations in this order, as ``ranked_passages`` gives its rows."""
    return connection.execute(_passages_sql(columns, _LISTED), (json.dumps(list(ids)),)).fetchall()


def tag_rows(connection: sqlite3.Connection, ids: Sequence[int]) -> list[tuple]:
    """(id, slug, kind, label, code, color) of these tags."""
    return connection.execute(_TAGS, (json.dumps(list(ids)),)).fetchall()
