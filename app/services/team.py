"""The members of a team library and their roles: who may read, annotate, edit or run it.

The server enforces the roles (revision 0018), for this app and any other client; this module
only asks it to change them. Only an admin may; the server refuses anyone else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy.exc import DBAPIError

from app.errors import LibraryError
from app.library import Library
from app.store import postgres

ROLES = postgres.ROLES
ROLE_NAMES = {"reader": "reads everything", "annotator": "annotates, and changes only their own annotations",
              "editor": "also adds and corrects documents and the vocabulary", "admin": "everything, members too"}
# What a login may be named here: plain, so it reads the same in every tool.
_LOGIN = re.compile(r"[a-z_][a-z0-9_.-]{0,62}\Z")


@dataclass(frozen=True)
class Member:
    login: str
    role: str


def is_address(value: str) -> bool:
    """True for a team library's address (``postgresql://…``)."""
    return postgres.is_url(value)


def description(library: Library) -> str:
    """Which team library this is, for the window: its name and server, never its password."""
    parts = urlsplit(postgres.where(library.database or ""))
    return f"Team library {parts.path.lstrip('/')} on {parts.hostname}"


def set_up(library: Library) -> None:
    """Make the opened team library's roles and their rules (the schema came with opening it).
    Again at any time: nothing is made twice."""
    _team(library)
    if library.role != "admin":
        raise LibraryError("Only the library's admin (the database's owner) can set it up.")
    with library.writing() as session:
        _changing(lambda: postgres.make_roles(session.connection()))


def members(library: Library) -> list[Member]:
    with _team(library).reading() as session:
        return [Member(login, role) for login, role in postgres.members(session.connection())]


def my_role(library: Library) -> str | None:
    """The role of the member logged in; None on a local library (its one user may do everything)."""
    return library.role


def add_member(library: Library, login: str, role: str, password: str | None = None) -> Member:
    """Give ``login`` this role in the library; with ``password``, make the login first (it must be new)."""
    _check(login, role)
    if password is not None and not password:
        raise LibraryError("A new member needs a password.")
    with _team(library).writing() as session:
        connection = session.connection()
        exists = postgres.login_exists(connection, login)
        if password is not None and exists:
            raise LibraryError(f"The server already has a login \u201c{login}\u201d; add it without a password.")
        if password is None and not exists:
            raise LibraryError(f"The server has no login \u201c{login}\u201d; give a password to make one.")
        _changing(lambda: postgres.set_member(connection, login, role, password))
    return Member(login, role)


def remove_member(library: Library, login: str) -> None:
    """Take the library's roles from ``login`` (the login stays on the server; their annotations stay)."""
    if login == library.member:
        raise LibraryError("You cannot remove yourself; another admin can.")
    with _team(library).writing() as session:
        connection = session.connection()
        if login not in {member for member, _role in postgres.members(connection)}:
            raise LibraryError(f"\u201c{login}\u201d is not a member of this library.")
        _changing(lambda: postgres.remove_member(connection, login))


def _team(library: Library) -> Library:
    if not library.is_team:
        raise LibraryError("Members and roles belong to a team library; this library is a local one.")
    return library


def _check(login: str, role: str) -> None:
    if role not in ROLES:
        raise LibraryError(f"Unknown role \u201c{role}\u201d; choose one of {', '.join(ROLES)}.")
    if not _LOGIN.match(login):
        raise LibraryError(f"\u201c{login[:80]}\u201d cannot be a login here: use lower-case letters, digits, "
                           "'_', '.' or '-', beginning with a letter, at most 63.")


def _changing(change) -> None:  # noqa: ANN001 - a function of no arguments
    """Run a change of roles; the server's refusal in words, never its statement (it may hold a password)."""
    try:
        change()
    except DBAPIError as error:
        reason = postgres.explain(error) or "the server refused it"
        raise LibraryError(f"The members were not changed: {reason}.") from None
