"""Everything SQLite-specific, in one place: pragmas, transactions, FTS5 and its errors.

The models stay portable; a library moved to another database would replace this
module (full-text search included) and keep the rest.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, Float, Integer, column, create_engine, event, text
from sqlalchemy.exc import DBAPIError

BUSY_TIMEOUT_MS = 10_000

# unicode61 with remove_diacritics 2 folds case and accents ("Türkiye" finds "turkiye").
TOKENIZER = "unicode61 remove_diacritics 2"


def make_engine(db_path: str) -> Engine:
    engine = create_engine(f"sqlite:///{db_path}")
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
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

# Its own aliases are spelled apart from any a caller may use for {annotation_id}.
_FACETS = """(SELECT 'd' || facet_a.document_id
        || ' o' || hex(facet_a.color)
        || CASE WHEN facet_a.note <> '' THEN ' n1' ELSE ' n0' END
        || ' k' || hex(facet_d.kind)
        || CASE WHEN coalesce(facet_d.country, '') <> '' THEN ' c' || hex(facet_d.country) ELSE '' END
        || coalesce((WITH RECURSIVE facet_up(id) AS (
                SELECT tag_id FROM annotation_tags WHERE annotation_id = {annotation_id}
                UNION SELECT facet_t.parent_id FROM tags AS facet_t JOIN facet_up ON facet_t.id = facet_up.id
                WHERE facet_t.parent_id IS NOT NULL)
            SELECT ' ' || group_concat('t' || id, ' ') FROM facet_up), '')
    FROM annotations AS facet_a JOIN documents AS facet_d ON facet_d.id = facet_a.document_id
    WHERE facet_a.id = {annotation_id})"""

# The annotations tagged with a tag or any tag under it.
_UNDER_TAG = """(SELECT annotation_id FROM annotation_tags WHERE tag_id IN (
        WITH RECURSIVE down(id) AS (
            SELECT {tag_id} UNION SELECT t.id FROM tags AS t JOIN down ON t.parent_id = down.id)
        SELECT id FROM down))"""

OPTIMIZE_ANNOTATION_INDEX = "INSERT INTO annotation_fts(annotation_fts) VALUES ('optimize')"

ANNOTATION_FTS_V2 = [
    f"""CREATE VIRTUAL TABLE annotation_fts USING fts5(
        quote, note, tags, facets, tokenize='{TOKENIZER}', prefix='2 3')""",
    f"""CREATE TRIGGER annotations_ai AFTER INSERT ON annotations BEGIN
        INSERT INTO annotation_fts(rowid, quote, note, tags, facets)
        VALUES (new.id, new.quote, new.note, {_TAG_WORDS.format(annotation_id="new.id")},
                {_FACETS.format(annotation_id="new.id")});
    END""",
    """CREATE TRIGGER annotations_ad AFTER DELETE ON annotations BEGIN
        DELETE FROM annotation_fts WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER annotations_au AFTER UPDATE OF quote, note, color, document_id ON annotations BEGIN
        UPDATE annotation_fts SET quote = new.quote, note = new.note,
            facets = {_FACETS.format(annotation_id="new.id")}
        WHERE rowid = new.id;
    END""",
    f"""CREATE TRIGGER annotation_tags_ai AFTER INSERT ON annotation_tags BEGIN
        UPDATE annotation_fts SET tags = {_TAG_WORDS.format(annotation_id="new.annotation_id")},
            facets = {_FACETS.format(annotation_id="new.annotation_id")}
        WHERE rowid = new.annotation_id;
    END""",
    f"""CREATE TRIGGER annotation_tags_ad AFTER DELETE ON annotation_tags BEGIN
        UPDATE annotation_fts SET tags = {_TAG_WORDS.format(annotation_id="old.annotation_id")},
            facets = {_FACETS.format(annotation_id="old.annotation_id")}
        WHERE rowid = old.annotation_id;
    END""",
    f"""CREATE TRIGGER tags_au AFTER UPDATE OF label, code ON tags BEGIN
        UPDATE annotation_fts SET tags = {_TAG_WORDS.format(annotation_id="annotation_fts.rowid")}
        WHERE rowid IN (SELECT annotation_id FROM annotation_tags WHERE tag_id = new.id);
    END""",
    # A tag moved elsewhere in the tree: everything under it gets its new ancestors.
    f"""CREATE TRIGGER tags_parent_au AFTER UPDATE OF parent_id ON tags BEGIN
        UPDATE annotation_fts SET facets = {_FACETS.format(annotation_id="annotation_fts.rowid")}
        WHERE rowid IN {_UNDER_TAG.format(tag_id="new.id")};
    END""",
    f"""CREATE TRIGGER documents_facets_au AFTER UPDATE OF kind, country ON documents BEGIN
        UPDATE annotation_fts SET facets = {_FACETS.format(annotation_id="annotation_fts.rowid")}
        WHERE rowid IN (SELECT id FROM annotations WHERE document_id = new.id);
    END""",
    f"""INSERT INTO annotation_fts(rowid, quote, note, tags, facets)
        SELECT a.id, a.quote, a.note, {_TAG_WORDS.format(annotation_id="a.id")}, {_FACETS.format(annotation_id="a.id")}
        FROM annotations AS a""",
    # One segment: a search then reads each word's list of rows in one piece.
    OPTIMIZE_ANNOTATION_INDEX,
]

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


def annotation_matches(match: str, within: str | None = None) -> Any:
    """A subquery of the annotations whose quote, note or tags match, with their relevance.

    Lower ``rank`` is better (bm25); the quote weighs most, then the note, then tag words.
    With ``within`` (an expression holding ``match`` and filter words), only its rows are
    kept. bm25 counts, for each term of the expression it ranks by, every row holding it;
    ranking by ``match`` alone spares it counting the long lists of filter words, which
    weigh nothing, and gives the same order. The ``+`` keeps SQLite from looking each kept
    row up in the index one by one (each look-up would count again).
    """
    sql = "SELECT rowid AS annotation_id, bm25(annotation_fts, 10.0, 5.0, 2.0) AS rank FROM annotation_fts"
    sql += " WHERE annotation_fts MATCH :match"
    params = {"match": match}
    if within is not None:
        sql += " AND +rowid IN (SELECT rowid FROM annotation_fts WHERE annotation_fts MATCH :within)"
        params["within"] = within
    return (
        text(sql)
        .bindparams(**params)
        .columns(column("annotation_id", Integer), column("rank", Float))
        .subquery("matches")
    )
