"""Everything PostgreSQL-specific about a team library's connection: engine, transactions, errors.

A team library is a database on a PostgreSQL server, reached by a URL
(``postgresql://member@server/library``); each member logs in as themselves. The schema is the
same Alembic revisions' as the local SQLite library's, its search index revision 0015's.
"""

from __future__ import annotations

import importlib
import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from app.errors import LibraryUnavailable

if TYPE_CHECKING:
    import psycopg

# Seconds to wait for a server that does not answer before saying so.
CONNECT_TIMEOUT = 10
# Each migration holds this lock (a number of our own), so two members' apps never upgrade at once.
MIGRATION_LOCK = 0x52_41_4E_4E  # "RANN"
# PostgreSQL's default (READ COMMITTED) gives each statement a fresh view: a write transaction
# reads what others committed before its statements, as SQLite's IMMEDIATE writer does.
WRITE_OPTIONS: dict[str, str] = {}
CHANGE_CHANNEL = "library_changes"


def is_url(value: str | None) -> bool:
    return value is not None and value.split(":", 1)[0].split("+", 1)[0] in ("postgresql", "postgres")


def make_engine(url: str) -> Engine:
    """An engine on the team library at ``url``, through psycopg 3 whatever driver the URL names."""
    try:
        parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    except (ArgumentError, ValueError) as error:
        raise LibraryUnavailable(f"\u201c{url}\u201d is not a database address; one reads "
                                 "postgresql://name@server/library.") from error
    # The name each of this library's connections gives the server: the library's change notices
    # carry it, so the app tells its own commits from other members' (revision 0016).
    name = f"Rights Annotator {uuid.uuid4()}"
    parsed = parsed.set(drivername="postgresql+psycopg").update_query_dict({"application_name": name})
    return create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT})


class ChangeListener:
    """Listens for the team library's change notices on a connection of its own."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: psycopg.Connection | None = None

    def changed_elsewhere(self) -> bool:
        """True when another app committed a change since the last call; also when the connection
        was lost (what happened meanwhile is unknown). Never waits."""
        driver = _psycopg()
        try:
            if self._connection is None:
                self._connection = self._listen(driver)
                return False
            own = self._engine.url.query["application_name"]
            return any(notice.payload != own for notice in self._connection.notifies(timeout=0))
        except driver.Error:
            self.close()
            return True

    def _listen(self, driver: Any) -> psycopg.Connection:
        url = self._engine.url
        connection = driver.connect(
            host=url.host, port=url.port, user=url.username, password=url.password, dbname=url.database,
            connect_timeout=CONNECT_TIMEOUT, application_name=url.query["application_name"], autocommit=True,
        )
        connection.execute(f"LISTEN {CHANGE_CHANNEL}")
        return connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _psycopg() -> Any:
    # Imported when a team library is used: it adds a tenth of a second to every start.
    return importlib.import_module("psycopg")


def lock_for_migration(connection: Connection) -> None:
    """Wait until no other app is upgrading this library; the lock ends with the transaction."""
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})


def where(url: str) -> str:
    """The library's address without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "the database address given"


# (SQLSTATE or its class, words of the driver's message when there is no SQLSTATE, what the
# user is told), first match wins.
_EXPLANATIONS = [
    ("28P01", "password authentication failed", "the server refused this user name and password"),
    ("28000", "no pg_hba.conf entry", "the server does not let this login in from this computer"),
    ("3D000", "database", "the server has no such library (database); check its name"),
    ("42501", "permission denied", "your login may not do this in the team library; an admin can grant it"),
    ("53300", "too many connections", "the server has too many connections open; try again shortly"),
    ("57P", "terminating connection", "the server closed the connection; try again"),
    ("08", "connection refused", "the server does not answer at this address; check it and that the server runs"),
    ("", "no password supplied", "the server wants this login's password"),
    ("", "timeout expired", "the server did not answer in time; check the address and the network"),
    ("", "resolve host", "the server's name is not known; check the address"),
    ("", "could not translate host name", "the server's name is not known; check the address"),
    ("", "connection failed", "the server cannot be reached; check the address and the network"),
]


def explain(error: BaseException) -> str | None:
    """A sentence for the user when ``error`` is one of the server's or the network's failures."""
    original = error.orig if isinstance(error, DBAPIError) else error
    if type(original).__module__.split(".")[0] != "psycopg":
        return None
    state = getattr(original, "sqlstate", None) or ""
    message = str(original).lower()
    for code, words, explanation in _EXPLANATIONS:
        # The server's code when it gave one; the driver's words when it could not reach it.
        if (code and state.startswith(code)) if state else words in message:
            return explanation
    return None
