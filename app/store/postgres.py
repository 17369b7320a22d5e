"""Everything PostgreSQL-specific about a team library's connection: engine, transactions, errors.

A team library is a database on a PostgreSQL server, reached by a URL
(``postgresql://member@server/library``); each member logs in as themselves. The schema is the
same Alembic revisions' as the local SQLite library's, its search index revision 0015's.
"""

from __future__ import annotations

import importlib
import select
import time
import uuid
from datetime import datetime
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
# A write's own RETURNING brings back what the server set (members' names, in ``member_column``)
# and times keep their zone: a row written is not read again, which would cost a round trip.
READ_BACK_WRITES = False
CHANGE_CHANNEL = "library_changes"
# The change listener connects off the window's thread (app.infra.change_watch), so it may wait
# for a slow server; while the server is away it tries again every few seconds, to say soon that it is back.
LISTEN_TIMEOUT, LISTEN_RETRY = 5, 3.0
# A document's file comes from the server in parts of this size, so its progress can be shown and stopped.
FILE_PART = 2**20


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
        self._lost = False  # the connection went down (or never came up) and is not back yet
        self._retry_at = 0.0  # monotonic time of the next try to connect again

    @property
    def reachable(self) -> bool:
        """False from a failed connection (or a lost one) until the listener is connected again."""
        return not self._lost

    def drop(self) -> None:
        """Take the server for away (an action of this app could not reach it): the next look
        connects again at once, and says the server is back only if that succeeds."""
        self.close()
        self._lost, self._retry_at = True, 0.0

    def changed_elsewhere(self) -> bool:
        """True when another app committed a change since the last call; also, once, when the
        connection was lost and once when it is back (what happened meanwhile is unknown). Never
        waits but to connect."""
        driver = _psycopg()
        try:
            if self._connection is None:
                if time.monotonic() < self._retry_at:
                    return False
                self._connection = self._listen(driver)
                back, self._lost = self._lost, False
                return back
            readable, _, _ = select.select([self._connection.fileno()], [], [], 0)
            if not readable:  # no notice, and the connection open: nothing to read, nothing changed
                return False
            own = self._engine.url.query["application_name"]
            # Reading what arrived (notices, or the end of a connection the server dropped) takes no wait.
            return any(notice.payload != own for notice in self._connection.notifies(timeout=0.001))
        except driver.Error:
            self.close()
            # Tried again a little later: a server that does not answer holds each try up to its timeout.
            self._retry_at = time.monotonic() + LISTEN_RETRY
            lost, self._lost = not self._lost, True
            return lost

    def _listen(self, driver: Any) -> psycopg.Connection:
        url = self._engine.url
        # The address's own settings too (sslmode, sslrootcert...): the listener's connection is as safe as the library's.
        settings = {key: value for key, value in url.query.items() if isinstance(value, str)}
        connection = driver.connect(
            host=url.host, port=url.port, user=url.username, password=url.password, dbname=url.database,
            **{**settings, "connect_timeout": LISTEN_TIMEOUT}, autocommit=True,
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
# user is told, whether it means the server is away rather than refusing), first match wins.
_EXPLANATIONS = [
    ("28P01", "password authentication failed", "the server refused this user name and password", False),
    ("28000", "no pg_hba.conf entry", "the server does not let this login in from this computer", False),
    ("3D000", "database", "the server has no such library (database); check its name", False),
    ("42501", "permission denied", "your login may not do this in the team library; an admin can grant it", False),
    ("53300", "too many connections", "the server has too many connections open; try again shortly", False),
    ("57P", "terminating connection", "the server closed the connection; try again", True),
    ("08", "connection refused", "the server does not answer at this address; check it and that the server runs",
     True),
    ("", "server closed the connection", "the server closed the connection; try again", True),
    ("", "no password supplied", "the server wants this login's password", False),
    ("", "certificate verify failed", "the server's TLS certificate is not one this computer trusts (self-signed, or "
     "signed by another authority); give its authority's certificate in the address (sslrootcert=FILE)", False),
    ("", "root certificate file", "the server's TLS certificate cannot be checked: no trusted authority's certificate "
     "is given; add sslrootcert=FILE to the address (or sslrootcert=system)", False),
    ("", "does not match host name", "the server's TLS certificate is for another name than the address gives",
     False),
    ("", "server does not support ssl", "the server takes no TLS connections; ask its admin to turn ssl on", False),
    ("", "timeout expired", "the server did not answer in time; check the address and the network", True),
    ("", "resolve host", "the server's name is not known; check the address", True),
    ("", "could not translate host name", "the server's name is not known; check the address", True),
    ("", "connection failed", "the server cannot be reached; check the address and the network", True),
]


def _explanation(error: BaseException) -> tuple[str, bool] | None:
    original = error.orig if isinstance(error, DBAPIError) else error
    if type(original).__module__.split(".")[0] != "psycopg":
        return None
    state = getattr(original, "sqlstate", None) or ""
    message = str(original).lower()
    for code, words, explanation, away in _EXPLANATIONS:
        # The server's code when it gave one; the driver's words when it could not reach it.
        if (code and state.startswith(code)) if state else words in message:
            return explanation, away
    return None


def refused(error: BaseException) -> bool:
    """True when the server refused what was asked for want of rights (SQLSTATE 42501)."""
    original = error.orig if isinstance(error, DBAPIError) else error
    return (getattr(original, "sqlstate", None) or "") == "42501"


def explain(error: BaseException) -> str | None:
    """A sentence for the user when ``error`` is one of the server's or the network's failures."""
    found = _explanation(error)
    return found[0] if found else None


def unreachable(error: BaseException) -> bool:
    """True when ``error`` says the server could not be reached or dropped the connection (not that
    it refused what was asked)."""
    found = _explanation(error)
    return found is not None and found[1]


# --- members and roles (revision 0018) -------------------------------------------------------

ROLES = ("reader", "annotator", "editor", "admin")  # each has the rights of those before it

_MEMBERS = text("""
    SELECT m.rolname, k.kind
    FROM unnest(CAST(:kinds AS text[])) WITH ORDINALITY AS k(kind, rank)
    JOIN pg_roles AS g ON g.rolname = library_role(k.kind)
    JOIN pg_auth_members AS am ON am.roleid = g.oid
    JOIN pg_roles AS m ON m.oid = am.member
    WHERE m.rolcanlogin
    ORDER BY m.rolname, k.rank""")

_MY_ROLES = text("""
    SELECT k.kind FROM unnest(CAST(:kinds AS text[])) AS k(kind)
    JOIN pg_roles AS r ON r.rolname = library_role(k.kind)
    WHERE pg_has_role(current_user, r.oid, 'MEMBER')""")


def members(connection: Connection) -> list[tuple[str, str]]:
    """(login, role) of every member, by login; a member's role is the highest they were given."""
    highest: dict[str, str] = {}
    for login, kind in connection.execute(_MEMBERS, {"kinds": list(ROLES)}):
        highest[login] = kind  # in the roles' order: the last one is the highest
    return sorted(highest.items())


def my_role(connection: Connection) -> str | None:
    """The role of the member logged in: the library's owner is an admin; None for a login that is no member."""
    if connection.execute(text("SELECT is_library_admin()")).scalar():
        return "admin"
    kinds = set(connection.execute(_MY_ROLES, {"kinds": list(ROLES)}).scalars())
    return next((kind for kind in reversed(ROLES) if kind in kinds), None)


def _run_formatted(connection: Connection, template: str, *values: str) -> None:
    """A statement naming roles, quoted by the server's own ``format`` (%I names, %L text)."""
    arguments = ", ".join(f"CAST(:v{n} AS text)" for n in range(len(values)))
    statement = connection.execute(text(f"SELECT format('{template}', {arguments})"),
                                   {f"v{n}": value for n, value in enumerate(values)}).scalar_one()
    connection.exec_driver_sql(statement.replace("%", "%%"))


def make_roles(connection: Connection) -> None:
    """The library's roles and their rights (revision 0018's function; a copied database has none yet)."""
    connection.execute(text("SELECT library_make_roles()"))


def set_member(connection: Connection, login: str, role: str, password: str | None = None) -> None:
    """Make ``login`` a member with ``role`` (a new login when ``password`` is given), its other roles taken away."""
    make_roles(connection)
    if password is not None:
        _run_formatted(connection, "CREATE ROLE %I LOGIN PASSWORD %L", login, password)
    for kind in ROLES:
        if kind != role:
            _run_formatted(connection, "REVOKE %I FROM %I", _role(connection, kind), login)
    _run_formatted(connection, "GRANT %I TO %I", _role(connection, role), login)


def remove_member(connection: Connection, login: str) -> None:
    """Take every role of this library from ``login``; the login itself stays (it is the server's)."""
    for kind in ROLES:
        _run_formatted(connection, "REVOKE %I FROM %I", _role(connection, kind), login)


def _role(connection: Connection, kind: str) -> str:
    return connection.execute(text("SELECT library_role(:kind)"), {"kind": kind}).scalar_one()


def login_exists(connection: Connection, login: str) -> bool:
    return bool(connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :login"), {"login": login}).scalar())


def advance_sequences(connection: Connection, tables: list[str]) -> None:
    """After rows went in with their own ids (a library moved in from an archive), each table's id
    sequence is moved past them, so the next row made gets a free id."""
    for table in tables:
        connection.execute(text("SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                                f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"), {"table": table})


# --- the documents' files (revision 0019) ---------------------------------------------------

# Tables of the server's own, which the models do not describe.
SERVER_TABLES = ("document_files", "activity")


def store_file(connection: Connection, sha256: str, content: bytes) -> None:
    """Keep a document's bytes on the server (once: the same bytes have the same hash)."""
    connection.execute(text("INSERT INTO document_files (sha256, content) VALUES (:sha256, :content)"
                            " ON CONFLICT (sha256) DO NOTHING"), {"sha256": sha256, "content": content})


def file_stored(connection: Connection, sha256: str) -> bool:
    return connection.execute(text("SELECT EXISTS (SELECT 1 FROM document_files WHERE sha256 = :sha256)"),
                              {"sha256": sha256}).scalar() is True


def file_size(connection: Connection, sha256: str) -> int | None:
    """The stored file's size in bytes; None when the server does not have it."""
    return connection.execute(text("SELECT octet_length(content) FROM document_files WHERE sha256 = :sha256"),
                              {"sha256": sha256}).scalar()


def file_part(connection: Connection, sha256: str, offset: int) -> bytes:
    """``FILE_PART`` bytes of the stored file from ``offset`` (a file stored uncompressed, as a PDF's
    bytes are, is read in slices: no part costs the whole file)."""
    found = connection.execute(text("SELECT substring(content FROM :start FOR :size) FROM document_files"
                                    " WHERE sha256 = :sha256"),
                               {"sha256": sha256, "start": offset + 1, "size": FILE_PART}).scalar()
    return bytes(found or b"")


# --- the activity log (revision 0020) ---------------------------------------------------------

ACTIVITY_COLUMNS = ("id", "at", "member", "table_name", "action", "document_id", "row_key", "before", "after")


def activity(connection: Connection, *, member: str | None = None, document_id: int | None = None,
             since: datetime | None = None, until: datetime | None = None, limit: int = 1000) -> list[tuple]:
    """The newest entries first, as ``ACTIVITY_COLUMNS``, narrowed by whichever of these is given."""
    conditions: list[str] = []
    values: dict[str, object] = {"limit": limit}
    for column, value, test in (("member", member, "="), ("document_id", document_id, "="),
                                ("at", since, ">="), ("at", until, "<")):
        if value is not None:
            conditions.append(f"{column} {test} :v{len(values)}")
            values[f"v{len(values)}"] = value
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    return [tuple(row) for row in connection.execute(
        text(f"SELECT {', '.join(ACTIVITY_COLUMNS)} FROM activity {where} ORDER BY at DESC, id DESC LIMIT :limit"),
        values)]


def activity_members(connection: Connection) -> list[str]:
    return list(connection.execute(text("SELECT DISTINCT member FROM activity ORDER BY member")).scalars())
