"""Everything SQLite-specific, in one place: pragmas, transactions, FTS5 and its errors.

The models stay portable; a library moved to another database would replace this
module (full-text search included) and keep the rest.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
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
# SQLite keeps a time without its zone: a row just written is read back (in-process, at no cost),
# so what a write returns is what every later read of the library gives.
READ_BACK_WRITES = True


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
