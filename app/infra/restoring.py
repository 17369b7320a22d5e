"""Putting a backup in place of the library database, in steps a kill can cut anywhere.

The replaced database is kept aside, never deleted. A journal, written once the incoming copy
is whole and on disk, lets the next open finish a restore that was killed part-way: before,
a kill between the two renames left a folder with no database, which then opened as a new,
empty library.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

from app.errors import LibraryError, LibraryUnavailable
from app.infra import library_lock
from app.infra.backups import aside_path, check
from app.infra.durable import sync_path


def restore(db_path: Path, backup: Path, now: datetime | None = None, why: str = "replaced") -> Path:
    """Put a backup in place of the library database; the replaced file is kept aside, never deleted.

    Refused (:class:`LibraryInUse`) while any process has the library open. Returns where the
    replaced database was put.
    """
    with library_lock.alone(db_path.parent):
        return _replace(db_path, backup, now, why)


def restore_into(library, backup: Path, now: datetime | None = None) -> Path:  # noqa: ANN001 - a Library
    """Restore ``backup`` under an open library: its connections are closed first and open again
    on the restored file (brought up to this version's schema). Returns where the replaced file went.

    Refused while another process has the library open: its later edits would land in the replaced file.
    """
    from sqlalchemy.exc import DBAPIError  # noqa: PLC0415 - the database layer only when restoring

    from app.store import migrate  # noqa: PLC0415

    with library.lock.alone(library.root):
        library.engine.dispose()
        aside = _replace(library.db_path, backup, now, "replaced")
        try:
            migrate.upgrade(library.engine, library.db_path)
        except (DBAPIError, RuntimeError) as error:
            raise LibraryUnavailable(f"The restored backup could not be brought up to this version: {error}. "
                                     f"The replaced database is kept as {aside}.") from error
    return aside


def _replace(db_path: Path, backup: Path, now: datetime | None, why: str) -> Path:
    """The restore itself, in steps a kill can cut anywhere: :func:`finish_interrupted_restore`,
    run when the library next opens, completes it from its journal or finds nothing to do."""
    if not backup.is_file():
        raise LibraryError(f"There is no backup file {backup}; nothing was changed.")
    if check(backup, full=True) != "ok":
        raise LibraryError(f"The backup {backup.name} is damaged; choose another.")
    aside = aside_path(db_path, now or datetime.now(timezone.utc), why)
    incoming, journal = _incoming(db_path), _journal(db_path)
    try:
        # The copy is made beside the library first: if it fails, the library is as it was.
        _copy_durably(backup, incoming)
        # From here on the restore is finished at the next open if it is cut short.
        _write_durably(journal, json.dumps({"aside": aside.name}))
        _move_aside(db_path, aside)
        os.replace(incoming, db_path)
        sync_path(db_path.parent)
        journal.unlink()
    except OSError as error:
        _put_back(db_path, aside)
        incoming.unlink(missing_ok=True)
        journal.unlink(missing_ok=True)
        raise LibraryUnavailable(f"The backup could not be put in place: {error.strerror or error}. "
                                 f"Nothing was deleted; see {db_path.parent}.") from error
    return aside


def finish_interrupted_restore(db_path: Path) -> Path | None:
    """Complete a restore that was killed part-way; returns where the replaced database went, if one was.

    The journal is written only once the incoming copy is whole and on disk, so with a journal the
    restore goes forward; without one, a leftover incoming copy is a part copy and is dropped (the
    backup it came from is untouched).
    """
    incoming, journal = _incoming(db_path), _journal(db_path)
    _partial(journal).unlink(missing_ok=True)
    if not journal.exists():
        incoming.unlink(missing_ok=True)
        return None
    aside = db_path.with_name(_aside_name(journal, db_path))
    if incoming.exists():  # else it was already renamed into place
        _move_aside(db_path, aside)
        os.replace(incoming, db_path)
        sync_path(db_path.parent)
    journal.unlink()
    return aside


def _incoming(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".restoring")


def _journal(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".restore-journal")


def _aside_name(journal: Path, db_path: Path) -> str:
    try:
        name = json.loads(journal.read_text(encoding="utf-8"))["aside"]
    except (OSError, ValueError, KeyError, TypeError):
        name = None
    if isinstance(name, str) and name.startswith(db_path.name + ".") and Path(name).name == name:
        return name
    return aside_path(db_path, datetime.now(timezone.utc), "replaced").name


def _move_aside(db_path: Path, aside: Path) -> None:
    # The write-ahead log and its index go with their database: left behind, SQLite would
    # read the old library's last commits into the restored one.
    for suffix in ("", "-wal", "-shm"):
        current = db_path.with_name(db_path.name + suffix)
        if current.exists():
            os.replace(current, aside.with_name(aside.name + suffix))


def _put_back(db_path: Path, aside: Path) -> None:
    """Undo :func:`_move_aside` as far as it went, after a failure that was not a kill."""
    for suffix in ("", "-wal", "-shm"):
        moved, home = aside.with_name(aside.name + suffix), db_path.with_name(db_path.name + suffix)
        if moved.exists() and not home.exists():
            os.replace(moved, home)


def _copy_durably(source: Path, target: Path) -> None:
    with open(source, "rb") as reading, open(target, "wb") as writing:
        shutil.copyfileobj(reading, writing, 1 << 20)
        writing.flush()
        os.fsync(writing.fileno())


def _partial(target: Path) -> Path:
    return target.with_name(target.name + ".part")


def _write_durably(target: Path, text: str) -> None:
    partial = _partial(target)
    with open(partial, "w", encoding="utf-8") as writing:
        writing.write(text)
        writing.flush()
        os.fsync(writing.fileno())
    os.replace(partial, target)
    sync_path(target.parent)
