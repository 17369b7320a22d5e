"""Backups of the library database: made online, verified, rotated, restorable.

A backup copies the library as one read transaction sees it, while the library stays in use:
the database file itself when it alone holds that state, else through SQLite's backup API.
Each copy's every page and row passes ``PRAGMA quick_check`` before it counts; the newest seven
daily and four weekly copies are kept. The PDFs themselves are not copied: they never
change once imported, and they are named by their hash.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from app.errors import LibraryError, LibraryUnavailable
from app.infra.durable import sync_path

BACKUP_DIR = "backups"
# The folder chosen for a library's backups, in the library folder itself: it travels with the
# library, the command line reads it too, and it survives a damaged database.
SETTINGS_NAME = "backup-settings.json"
PREFIX = "library-"
SUFFIX = ".sqlite3"
KEEP_DAILY = 7
KEEP_WEEKLY = 4


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime
    size: int


class OutOfTime(LibraryError):
    """A backup did not finish within the time it was given; nothing was left behind."""


def backup_folder(root: Path, chosen: Path | None = None) -> Path:
    """``chosen``, else the folder chosen for this library, else its own ``backups`` folder."""
    return chosen if chosen is not None else (chosen_folder(root) or root / BACKUP_DIR)


def chosen_folder(root: Path) -> Path | None:
    try:
        folder = json.loads((root / SETTINGS_NAME).read_text(encoding="utf-8")).get("folder")
    except (OSError, ValueError, AttributeError):
        return None  # none chosen, or a file not ours: the default folder
    return Path(folder) if isinstance(folder, str) and folder else None


def choose_folder(root: Path, folder: Path | None) -> None:
    """Keep ``folder`` as this library's backup folder (None: back to the default)."""
    try:
        if folder:
            folder.mkdir(parents=True, exist_ok=True)
        settings = root / SETTINGS_NAME
        partial = settings.with_name(settings.name + ".part")
        partial.write_text(json.dumps({"folder": str(folder) if folder else None}), encoding="utf-8")
        os.replace(partial, settings)
    except OSError as error:
        raise LibraryUnavailable(f"The backup folder cannot be set to {folder}: {error.strerror or error}") from error


def changed_since(db_path: Path, when: datetime) -> bool:
    """True when a commit may have come after ``when``. In WAL mode every commit writes the
    write-ahead log, so its time is the one read while it is there: the database file is also
    written by checkpoints, which only move what was committed (a backup makes one). Without a log
    (none, or the last connection closed it), the file's own time."""
    for path in (db_path.with_name(db_path.name + "-wal"), db_path):
        try:
            stamp = path.stat().st_mtime
        except FileNotFoundError:
            continue
        return datetime.fromtimestamp(stamp, timezone.utc) > when
    return True


def make_backup(db_path: Path, folder: Path, now: datetime | None = None, budget: float | None = None) -> Backup:
    """Copy the database into ``folder`` and verify the copy; then drop copies no longer kept.

    With ``budget`` (seconds), a copy not finished in time is abandoned (:class:`OutOfTime`)
    and its part removed: at quit, leaving promptly matters more than one more copy.
    """
    now = now or datetime.now(timezone.utc)
    deadline = None if budget is None else time.monotonic() + budget
    verdict = check(db_path, full=False, quick=False)
    if verdict != "ok":
        # A copy of an empty or foreign file would count as the day's backup and rotate a good one out.
        raise LibraryError(f"Nothing was backed up: {verdict}. The existing backups are kept.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LibraryUnavailable(f"The backup folder {folder} cannot be made: {error.strerror or error}") from error
    target = folder / f"{PREFIX}{now:%Y%m%d-%H%M%S}{SUFFIX}"
    # Named for this thread: the start's backup may still be running when the quit's begins.
    partial = target.with_name(f"{target.name}.{os.getpid()}-{threading.get_ident()}.part")
    try:
        _in_time(deadline, budget)
        source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, isolation_level=None)
        try:
            verdict = _copy_verified(db_path, source, partial, deadline, budget)
        finally:
            source.close()
        _in_time(deadline, budget)
        if verdict != "ok":
            raise LibraryError(f"The backup did not pass its check ({verdict}); the previous backups are kept.")
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise LibraryUnavailable(f"The backup could not be written to {folder}: {error}") from error
    except OSError as error:
        raise LibraryUnavailable(f"The backup could not be written to {folder}: {error.strerror or error}") from error
    finally:
        for leftover in ("", "-wal", "-shm", "-journal"):
            partial.with_name(partial.name + leftover).unlink(missing_ok=True)
    made = Backup(target, now, target.stat().st_size)
    rotate(folder, made)
    return made


# Tries at a moment when the database file alone holds the library (every commit in its write-ahead
# log copied back into it) before the copy is made through SQLite instead.
SNAPSHOT_TRIES = 3


def _copy_verified(db_path: Path, source: sqlite3.Connection, partial: Path, deadline: float | None,
                   budget: float | None) -> str:
    """Copy into ``partial`` the library as ``source`` reads it in one read transaction, so commits made
    meanwhile are wholly in or wholly out; synced; the verdict of SQLite's quick check of every page
    and row copied.

    While a read transaction lasts no checkpoint writes into the database file past what it reads,
    and no commit reaches a database not in WAL mode: so once the file alone holds that state, a
    plain copy of it is that state, byte for byte, and checking the pages where ``source`` reads
    them checks the copy's. The copy and the check then run side by side. Else the copy is made
    through SQLite's backup API, in one step (a step at a time restarts whenever the library is
    written), and read back."""
    for tries_left in reversed(range(SNAPSHOT_TRIES)):
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the read transaction starts here
        pages = source.execute("PRAGMA page_count").fetchone()[0]
        if _file_holds_snapshot(db_path):
            with ThreadPoolExecutor(1) as copier:
                copied = copier.submit(_copy_file, db_path, partial, pages)
                try:
                    verdict = _quick_check(source, deadline, budget)
                finally:
                    copied.result()  # the file is copied before the read transaction ends
            source.execute("COMMIT")
            return verdict
        if tries_left:
            source.execute("COMMIT")
    copy = sqlite3.connect(partial)
    try:
        # Neither a journal nor a sync per page: a part not finished is removed, never read.
        copy.execute("PRAGMA journal_mode = OFF")
        copy.execute("PRAGMA synchronous = OFF")
        source.backup(copy)  # within the read transaction still open: the state of ``pages``
    finally:
        copy.close()
    source.execute("COMMIT")
    _settle(partial, pages)
    with ThreadPoolExecutor(1) as writer:
        synced = writer.submit(sync_path, partial)
        checker = read_only(partial)
        try:
            verdict = _quick_check(checker, deadline, budget)
        finally:
            checker.close()
            synced.result()
    return verdict


def _file_holds_snapshot(db_path: Path) -> bool:
    """True when every commit in the database's write-ahead log is in the file itself (or it has
    none). A passive checkpoint copies back all it may, up to what the open read transactions read."""
    try:
        checkpointer = sqlite3.connect(db_path, timeout=0)
        try:
            busy, frames, copied = checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        finally:
            checkpointer.close()
    except sqlite3.Error:  # a library it cannot write to, say: copied through SQLite
        return False
    return busy == 0 and frames == copied


def _copy_file(db_path: Path, partial: Path, pages: int) -> None:
    shutil.copyfile(db_path, partial)
    _settle(partial, pages)
    sync_path(partial)  # on the disk before it counts and rotation removes an older copy


def _settle(partial: Path, pages: int) -> None:
    """Make the copy one self-contained file and see that it is whole: a copy left in WAL mode grows
    -wal and -shm files beside it whenever it is read, which a copy elsewhere or a rotation would
    leave behind."""
    copy = sqlite3.connect(partial)
    try:
        copy.execute("PRAGMA journal_mode = DELETE")
        copied = copy.execute("PRAGMA page_count").fetchone()[0]
        holds = _has_schema_version(copy)
    finally:
        copy.close()
    if copied != pages or not holds:
        raise LibraryError(f"The backup is not a whole copy ({copied} of {pages} pages); "
                           "the previous backups are kept.")


def _quick_check(connection: sqlite3.Connection, deadline: float | None, budget: float | None) -> str:
    """The verdict of SQLite's quick check on ``connection``, given up (:class:`OutOfTime`) at ``deadline``."""
    if deadline is not None:
        connection.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
    try:
        found = _problems(connection, QUICK_CHECK)
    except sqlite3.OperationalError:
        _in_time(deadline, budget)
        raise
    finally:
        connection.set_progress_handler(None, 0)
    return "; ".join(found[:5]) or "ok"


def _in_time(deadline: float | None, budget: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise OutOfTime(f"The backup took longer than {budget:g} s and was left for next time.")


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


def rotate(folder: Path, made: Backup | None = None) -> list[Path]:
    """Keep the newest backup of each of the last 7 days and of the last 4 weeks; return what went.

    With ``made`` (the backup just written), a backup that holds more documents or annotations
    than it is kept while no other kept backup holds as much: a library emptied by accident
    must not rotate its last full copy out.
    """
    kept_days: set[str] = set()
    kept_weeks: set[str] = set()
    kept: list[Backup] = []
    doomed: list[Backup] = []
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
        (kept if keep else doomed).append(backup)
    if made is not None and doomed:
        doomed = _spare_fuller(made, kept, doomed)
    for backup in doomed:
        for suffix in ("", "-wal", "-shm"):  # older copies, made in WAL mode, may have these
            backup.path.with_name(backup.path.name + suffix).unlink(missing_ok=True)
    return [backup.path for backup in doomed]


def _spare_fuller(made: Backup, kept: list[Backup], doomed: list[Backup]) -> list[Backup]:
    """``doomed`` less each backup holding more than ``made`` that no kept backup holds as much as."""
    newest = contents(made.path)
    if newest is None:
        return doomed
    most = newest
    for backup in kept:
        held = contents(backup.path) if backup.path != made.path else None
        if held is not None:
            most = most.widest(held)
    going = []
    for backup in doomed:  # newest first: the newest fuller copy is the one spared
        held = contents(backup.path)
        if held is not None and not most.covers(held):
            most = most.widest(held)
            continue
        going.append(backup)
    return going


def check(db_path: Path, full: bool = False, *, quick: bool = True) -> str:
    """``ok``, or what is wrong with the library database (quick_check at start, integrity_check
    on request; with ``quick`` False only that the file is there and holds a library).

    A missing or empty file, or one without the library's schema version, is not ``ok``: SQLite
    reads a 0-byte file as an empty database, which passes its own checks.
    """
    try:
        if db_path.stat().st_size == 0:
            return "the database file is empty (0 bytes)"
    except FileNotFoundError:
        return "the database file is missing"
    except OSError as error:
        raise LibraryUnavailable(f"The library database {db_path} cannot be read: {error.strerror or error}") from error
    try:
        connection = read_only(db_path)
        try:
            found: list[str] = []
            if quick:
                found = _integrity(db_path, connection) if full else _problems(connection, QUICK_CHECK)
            if not found and not _has_schema_version(connection):
                return "the file holds no library (it has no schema version)"
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return str(error)
    return "; ".join(found[:5]) or "ok"


def _problems(connection: sqlite3.Connection, check_statement: str) -> list[str]:
    return [str(row[0]) for row in connection.execute(check_statement) if row[0] != "ok"]


QUICK_CHECK = "PRAGMA quick_check"
# The tables that hold most rows in a library, whose indexes take longest to match: checked first.
LARGEST_TABLES = ("annotations", "annotation_tags")
CHECK_CONNECTIONS = 2
# Matching a table's rows to its indexes seeks each row in every index: with room for the indexes'
# pages it took a quarter less than in SQLite's default 2 MiB. A quick check reads each page once.
INDEX_CHECK_CACHE_KIB = 128 * 1024


def _integrity(db_path: Path, connection: sqlite3.Connection) -> list[str]:
    """What SQLite's integrity_check finds, in parts checked side by side on connections of their own:
    one connection took 11 s for a million passages, most of it matching the annotations' four
    indexes to their rows. integrity_check is quick_check (every page and row, each page used once)
    and also each index matched to its table and each unique index without repeats, which
    integrity_check(table) does for one table: so quick_check of the whole file, with that of each
    table that has an index, finds all it finds."""
    indexed = {row[0] for row in connection.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'index'")}
    tables = [name for name in LARGEST_TABLES if name in indexed] + sorted(indexed - set(LARGEST_TABLES))
    parts: queue.SimpleQueue[str] = queue.SimpleQueue()
    for statement in [*(_table_check(name) for name in tables[:1]), QUICK_CHECK,
                      *(_table_check(name) for name in tables[1:])]:
        parts.put(statement)
    found: list[str] = []

    def check_parts() -> None:
        checker = read_only(db_path)
        try:
            while True:
                try:
                    statement = parts.get_nowait()
                except queue.Empty:
                    return
                checker.execute(f"PRAGMA cache_size = {-2000 if statement == QUICK_CHECK else -INDEX_CHECK_CACHE_KIB}")
                found.extend(_problems(checker, statement))
        finally:
            checker.close()

    with ThreadPoolExecutor(CHECK_CONNECTIONS) as pool:
        for checked in [pool.submit(check_parts) for _ in range(CHECK_CONNECTIONS)]:
            checked.result()  # a file SQLite cannot read is said as it says it
    return found


def _table_check(name: str) -> str:
    return 'PRAGMA integrity_check("' + name.replace('"', '""') + '")'


def read_only(db_path: Path) -> sqlite3.Connection:
    """A read-only connection, also to a library in a folder this user cannot write.

    SQLite needs to write a WAL database's ``-shm`` file even to read it; in a read-only folder
    without one it cannot open it at all, which is no damage: such a file is read as immutable,
    as nothing can change it there.
    """
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        return connection
    except sqlite3.OperationalError as error:
        connection.close()
        if os.access(db_path.parent, os.W_OK) or not any(words in str(error) for words in ("unable to open", "readonly")):
            raise
    return sqlite3.connect(f"file:{db_path}?mode=ro&immutable=1", uri=True)


def _has_schema_version(connection: sqlite3.Connection) -> bool:
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone() is not None
    except sqlite3.OperationalError:
        return False


def latest_good(folder: Path) -> Backup | None:
    """The newest backup that passes a full check now (a copy may have been damaged since)."""
    for backup in list_backups(folder):
        if check(backup.path, full=True) == "ok":
            return backup
    return None


def aside_path(db_path: Path, now: datetime, why: str = "replaced") -> Path:
    """Where :func:`restore` keeps the database it replaces."""
    return db_path.with_name(f"{db_path.name}.{why}-{now:%Y%m%d-%H%M%S}")


QUIT_BUDGET = 5.0  # seconds: what a quit may wait for a backup made in the window's own process
# A bigger database is backed up at quit by a process of its own (``backup --if-changed``), which
# the window leaves running: copying and checking 1.7 GB took 9 s, too long to hold the quit.
QUIT_INLINE_BYTES = 256 * 2**20


def backup_at_quit(db_path: Path, folder: Path, budget: float | None = QUIT_BUDGET) -> Backup | None:
    """A backup when the window closes, if anything changed since the newest one; None if nothing did.
    Without a ``budget``, however long it takes."""
    newest = list_backups(folder)[:1]
    if newest and not changed_since(db_path, newest[0].made_at):
        return None
    return make_backup(db_path, folder, budget=budget)


@dataclass(frozen=True)
class Contents:
    documents: int
    annotations: int  # not in the trash

    def covers(self, other: Contents) -> bool:
        """True when this holds at least as many documents and annotations as ``other``."""
        return self.documents >= other.documents and self.annotations >= other.annotations

    def widest(self, other: Contents) -> Contents:
        return Contents(max(self.documents, other.documents), max(self.annotations, other.annotations))

    def describe(self) -> str:
        documents = f"{self.documents} document{'s' if self.documents != 1 else ''}"
        return f"{documents}, {self.annotations} annotation{'s' if self.annotations != 1 else ''}"


def contents(db_path: Path) -> Contents | None:
    """What a library database (or a backup) holds, for a confirmation; None if it cannot be read."""
    try:
        connection = read_only(db_path)
        try:
            documents = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
            # All less those in the trash: both counts read an index (a million passages: 0.1 s
            # against 0.7 s for the live rows counted in the table), and rotation counts each backup.
            annotations = (connection.execute("SELECT count(*) FROM annotations").fetchone()[0]
                           - connection.execute("SELECT count(*) FROM annotations WHERE deleted_at IS NOT NULL").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return Contents(documents, annotations)
