"""A member's team-library password kept in PostgreSQL's own password file (``~/.pgpass``; on
Windows ``%APPDATA%\\postgresql\\pgpass.conf``; ``$PGPASSFILE`` wins), which the server's client
library reads by itself: an address saved without its password then connects, here and in
``psql`` or ``pg_dump`` alike. The file is readable by its owner only (libpq ignores it otherwise);
the app's own settings never hold a password.

A line reads ``host:port:database:login:password``, ``:`` and ``\\`` escaped with ``\\``; the first
line that matches wins, so the app's line goes first and replaces any older one for the same library.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from app.errors import LibraryError

DEFAULT_PORT = 5432


def location() -> Path:
    """Where libpq looks for the file on this computer."""
    explicit = os.environ.get("PGPASSFILE")
    if explicit:
        return Path(explicit).expanduser()
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def _escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def _fields(line: str) -> list[str]:
    """A line's fields, unescaped (a line libpq would not read gives fewer than five)."""
    fields, current, escaped = [], [], False
    for character in line.rstrip("\r\n"):
        if escaped:
            current.append(character)
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == ":":
            fields.append("".join(current))
            current = []
        else:
            current.append(character)
    fields.append("".join(current))
    return fields


def _key(address: str) -> tuple[str, str, str, str]:
    """(host, port, database, login) of a team library's address, as libpq matches them."""
    parts = urlsplit(address)
    login, database = unquote(parts.username or ""), unquote(parts.path.lstrip("/"))
    if not (parts.hostname and login and database):
        raise LibraryError("A password is remembered for a server, a library and a login; the address lacks one.")
    return parts.hostname, str(parts.port or DEFAULT_PORT), database, login


def _lines() -> list[str]:
    try:
        return location().read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as error:
        raise LibraryError(f"PostgreSQL's password file {location()} cannot be read ({error}); the password "
                           "was not remembered.") from error


def _others(key: tuple[str, str, str, str], lines: list[str]) -> list[str]:
    return [line for line in lines if tuple(_fields(line)[:4]) != key]


def remembered(address: str) -> bool:
    """True when the file holds a password for this very server, port, library and login."""
    key = _key(address)
    return any(tuple(_fields(line)[:4]) == key and len(_fields(line)) >= 5 for line in _lines())


def remember(address: str) -> Path:
    """Keep the password of ``address`` (``postgresql://login:password@host:port/library``) in the
    file, owner-only, first of its lines; the file's path."""
    key, password = _key(address), unquote(urlsplit(address).password or "")
    if not password:
        raise LibraryError("There is no password to remember.")
    _write([":".join(_escaped(field) for field in (*key, password)), *_others(key, _lines())])
    return location()


def forget(address: str) -> None:
    """Take this library's line out of the file (the others stay as they are)."""
    lines = _lines()
    kept = _others(_key(address), lines)
    if len(kept) != len(lines):
        _write(kept)


def _write(lines: list[str]) -> None:
    """The whole file anew, readable by its owner only from its first byte, put in place at once."""
    target = location()
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write("".join(line + "\n" for line in lines))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise LibraryError(f"PostgreSQL's password file {target} cannot be written ({error.strerror or error}); "
                           "the password was not remembered.") from error
