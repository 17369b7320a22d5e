"""Backups of the library database: made online, verified, rotated, restorable.

SQLite's online backup API copies a consistent snapshot while the library stays in use.
Each copy is checked with ``PRAGMA integrity_check`` before it counts; the newest seven
daily and four weekly copies are kept. The PDFs themselves are not copied: they never
change once imported, and they are named by their hash.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from app.errors import LibraryError, LibraryUnavailable

BACKUP_DIR = "backups"
PREFIX = "library-"
SUFFIX = ".sqlite3"
KEEP_DAILY = 7
KEEP_WEEKLY = 4


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime
    size: int


def backup_folder(root: Path, chosen: Path | None = None) -> Path:
    return chosen if chosen is not None else root / BACKUP_DIR


def make_backup(db_path: Path, folder: Path, now: datetime | None = None) -> Backup:
    """Copy the database into ``folder`` and verify the copy; then drop copies no longer kept."""
    now = now or datetime.now(timezone.utc)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LibraryUnavailable(f"The backup folder {folder} cannot be made: {error.strerror or error}") from error
    target = folder / f"{PREFIX}{now:%Y%m%d-%H%M%S}{SUFFIX}"
    partial = target.with_name(target.name + ".part")
    try:
        source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
                verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                copy.close()
        finally:
            source.close()
        if verdict != "ok":
            raise LibraryError(f"The backup did not pass its check ({verdict}); the previous backups are kept.")
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise LibraryUnavailable(f"The backup could not be written to {folder}: {error}") from error
    except OSError as error:
        raise LibraryUnavailable(f"The backup could not be written to {folder}: {error.strerror or error}") from error
    finally:
        partial.unlink(missing_ok=True)
    rotate(folder)
    return Backup(target, now, target.stat().st_size)


def list_backups(folder: Path) -> list[Backup]:
    """The backups in a folder, newest first."""
    found = []
    for path in folder.glob(f"{PREFIX}*{SUFFIX}"):
        try:
            made = datetime.strptime(path.name[len(PREFIX) : -len(SUFFIX)], "%Y%m%d-%H%M%S").replace(tzinfo=timezone.utc)
        except ValueError:
            continue  # not one of ours
        found.append(Backup(path, made, path.stat().st_size))
    return sorted(found, key=lambda backup: backup.made_at, reverse=True)


def rotate(folder: Path) -> list[Path]:
    """Keep the newest backup of each of the last 7 days and of the last 4 weeks; return what went."""
    kept_days: set[str] = set()
    kept_weeks: set[str] = set()
    removed = []
    for backup in list_backups(folder):
        day = backup.made_at.strftime("%Y-%m-%d")
        week = backup.made_at.strftime("%G-%V")
        keep = False
        if day not in kept_days and len(kept_days) < KEEP_DAILY:
            kept_days.add(day)
            keep = True
        if week not in kept_weeks and len(kept_weeks) < KEEP_WEEKLY:
            kept_weeks.add(week)
            keep = True
        if not keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def check(db_path: Path, full: bool = False) -> str:
    """``ok``, or what SQLite found wrong (quick_check at start, integrity_check on request)."""
    try:
        connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            rows = connection.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return str(error)
    return "ok" if rows == [("ok",)] else "; ".join(str(row[0]) for row in rows[:5])


def restore(db_path: Path, backup: Path, now: datetime | None = None) -> Path:
    """Put a backup in place of the library database; the replaced file is kept aside, never deleted.

    The library must be closed. Returns where the replaced database was put.
    """
    if check(backup, full=True) != "ok":
        raise LibraryError(f"The backup {backup.name} is damaged; choose another.")
    now = now or datetime.now(timezone.utc)
    aside = db_path.with_name(f"{db_path.name}.replaced-{now:%Y%m%d-%H%M%S}")
    for suffix in ("", "-wal", "-shm"):
        current = db_path.with_name(db_path.name + suffix)
        if current.exists():
            os.replace(current, aside.with_name(aside.name + suffix))
    shutil.copyfile(backup, db_path)
    return aside
