"""A library: one folder holding the SQLite database and the imported files, or a team library
on a PostgreSQL server (its database address given) with the member's files in the folder."""

from __future__ import annotations

import contextlib
import functools
import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app.errors import LibraryDamaged, LibraryError, LibraryInUse, LibraryMissing, LibraryUnavailable, NotYours
from app.infra import backups, library_lock, paths, restoring
from app.infra.checkpoint import checkpoint
from app.infra.durable import NotTheFile, place_parts
from app.infra.library_lock import LibraryLock
from app.store import migrate, postgres, sqlite
from app.store.models import Annotation, Document, Tag


class UnsafeFileName(LibraryError):
    """A stored file name that would lead out of the library's ``files/`` folder."""


class FileNotBrought(LibraryUnavailable):
    """A team library's file could not be had from its server: not kept there, or its copy damaged."""


class FetchStopped(LibraryError):
    """Bringing a file from the server was stopped by the member; nothing of it was kept."""


# The largest database checked whole before it opens, in about a quarter of a second; a bigger
# one is checked beside the open library (1.7 GB, 10,000 documents: 2.6 s). SQLite's check walks
# the file's trees in one uninterruptible step, so it is bounded by size, not stopped by a clock.
OPEN_CHECK_BYTES = 256 * 2**20


class Library:
    """An open library. Use :meth:`reading` and :meth:`writing` for short transactions."""

    def __init__(self, root: Path, *, check: bool = False, database: str | None = None) -> None:
        """Open (or create) the library at ``root``; ``check`` runs SQLite's quick check first,
        which reads the whole file: the window does it once at start, in the background. A file of
        over ``OPEN_CHECK_BYTES`` is only checked to hold a library; ``check_unfinished`` is then
        True and ``finish_check`` does the rest, beside the open library.

        With ``database`` (a ``postgresql://`` address) the library is that team database,
        ``root`` the folder of this member's copy of its files.
        """
        self.root = root
        self.database = database
        self.check_unfinished = False
        self.db_path = root / paths.DATABASE_NAME
        self.files_dir = root / paths.FILES_DIR
        try:
            self.files_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryUnavailable(
                f"Cannot create the library folder {root}: {error.strerror or error}"
            ) from error
        _finish_interrupted_restore(root, self.db_path)
        self.lock = LibraryLock(root)
        try:
            self._open_database(check)
        except BaseException:
            self.lock.release()
            raise
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        side = postgres if self.is_team else sqlite
        self._writer = sessionmaker(self.engine.execution_options(**side.WRITE_OPTIONS), expire_on_commit=False,
                                    info={"read_back_writes": side.READ_BACK_WRITES})
        # Called after each commit made here: a change watcher tells its own edits from another program's.
        self.commit_listeners: list[Callable[[], None]] = []
        # Called (from whichever thread met it) when a team library's server could not be reached.
        self.unreachable_listeners: list[Callable[[], None]] = []
        # While set (the server away), every write is refused with these words instead of being tried.
        self.writes_refused: str | None = None
        self.member = self.engine.url.username if self.is_team else _local_user()
        if not self.is_team:  # a team library's server sets both itself, whatever a client says
            event.listen(self._writer, "before_flush", self._stamp_member)

    def _stamp_member(self, session: Session, _context: object, _instances: object) -> None:
        """Who made and who last changed each document, tag and annotation written to a local library."""
        for row in session.new:
            if isinstance(row, _STAMPED):
                row.created_by = row.updated_by = self.member
        for row in session.dirty:
            if isinstance(row, _STAMPED) and session.is_modified(row):
                row.updated_by = self.member

    @property
    def is_team(self) -> bool:
        """True for a team library on a server."""
        return self.database is not None

    @functools.cached_property
    def role(self) -> str | None:
        """This member's role in a team library (reader, annotator, editor, admin); None on a local one."""
        if not self.is_team:
            return None
        with self.reading() as session:
            return postgres.my_role(session.connection())

    def may(self, role: str) -> bool:
        """True when this member has ``role`` or a higher one (always, on a local library)."""
        if not self.is_team:
            return True
        return self.role is not None and postgres.ROLES.index(self.role) >= postgres.ROLES.index(role)

    def _open_database(self, check: bool) -> None:
        if self.database is not None:
            self._open_team_database(self.database)
            return
        _refuse_missing(self.root, self.db_path)
        size = self.db_path.stat().st_size if check and self.db_path.exists() else 0
        if size:
            # A big file only shows it holds a library now; SQLite's check of it follows (finish_check).
            self.check_unfinished = size > OPEN_CHECK_BYTES
            verdict = backups.check(self.db_path, quick=not self.check_unfinished)
            if verdict != "ok":
                # Writing to a damaged database can spread the damage: it is not opened.
                raise LibraryDamaged(self.db_path, verdict)
        read_only = self.db_path.exists() and not os.access(self.root, os.W_OK)
        self.engine = sqlite.make_engine(str(self.db_path), read_only=read_only)
        try:
            migrate.upgrade(self.engine, self.db_path)
        except DBAPIError as error:
            self.engine.dispose()
            raise _unavailable(error, f"Cannot open the library at {self.root}") from error
        except BaseException:  # a migration refused in words: its connections go too
            self.engine.dispose()
            raise

    def _open_team_database(self, database: str) -> None:
        self.engine = postgres.make_engine(database)
        try:
            migrate.upgrade(self.engine, None)
        except DBAPIError as error:
            self.engine.dispose()
            raise _unavailable(error, f"Cannot open the team library {postgres.where(database)}") from error
        except BaseException:
            self.engine.dispose()
            raise

    def finish_check(self) -> str:
        """SQLite's quick check of the whole file, without a time limit: ``ok`` or what is wrong.
        It reads the file on a connection of its own, so the library stays in use meanwhile."""
        return backups.check(self.db_path)

    @classmethod
    def open(cls, data_dir: str | os.PathLike[str] | None = None, *, check: bool = False,
             database: str | None = None) -> Library:
        return cls(paths.library_dir(data_dir, database), check=check, database=database)

    def close(self) -> None:
        self.checkpoint()
        self.engine.dispose()
        self.lock.release()

    def checkpoint(self) -> bool:
        """Make the database file complete on its own, without its -wal (see app.infra.checkpoint);
        a server's database is complete at each commit."""
        return True if self.is_team else checkpoint(self.engine)

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._session(self._reader, "read the library") as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction, committed (and on disk) when the block ends without error."""
        if self.writes_refused is not None:
            raise LibraryUnavailable(self.writes_refused)
        with self._session(self._writer, "save to the library") as session:
            yield session
        for listener in self.commit_listeners:
            listener()

    @contextmanager
    def _session(self, factory: sessionmaker[Session], doing: str) -> Iterator[Session]:
        try:
            with factory.begin() as session:
                yield session
        except DBAPIError as error:
            if self.is_team and postgres.unreachable(error):
                for listener in self.unreachable_listeners:
                    listener()
            raise _unavailable(error, f"Could not {doing}") from error
        except StaleDataError:
            # On a team library the server hides from a write a row the member may not change.
            raise NotYours from None

    def file_path(self, file_name: str) -> Path:
        """Where a stored file is: only a plain name inside ``files/``, so no record can point elsewhere.

        A team library's file missing from this member's folder is brought from the server first
        (checked against its SHA-256, which names it), so every member reads every document.
        """
        _refuse_unsafe(file_name)
        path = self.files_dir / file_name
        if self.is_team and not path.exists():
            with contextlib.suppress(FileNotBrought):  # the file stays missing, never a wrong one in its place
                self.bring_file(file_name)
        return path

    def missing_here(self, file_name: str) -> bool:
        """True for a team library's file not yet in this member's folder: :meth:`file_path` would
        bring it from the server, which a window does in the background (:meth:`bring_file`)."""
        return self.is_team and _plain_name(file_name) and not (self.files_dir / file_name).exists()

    def has_file(self, file_name: str) -> bool:
        """Whether a stored file can be had: in this folder, or (a team library's) on the server, asked
        without bringing it here."""
        if (self.files_dir / file_name).exists():
            return True
        if not self.is_team or not _plain_name(file_name):
            return False
        with self.reading() as session:
            return postgres.file_stored(session.connection(), Path(file_name).stem)

    def share_file(self, session: Session, sha256: str, content: bytes) -> None:
        """In an import's transaction: on a team library, keep the file's bytes on the server too."""
        if self.is_team:
            postgres.store_file(session.connection(), sha256, content)

    def bring_file(self, file_name: str, progress: Callable[[int, int], bool] | None = None) -> Path:
        """Bring a team library's file from the server into this member's folder, written part by
        part as it comes (never whole in memory) and checked against its SHA-256 on the way (the
        hash names it). ``progress(done, total)`` hears of each part, in bytes; when it
        returns False the fetch stops (:class:`FetchStopped`) and nothing of it is kept."""
        _refuse_unsafe(file_name)
        path, sha256 = self.files_dir / file_name, Path(file_name).stem
        with self.reading() as session:
            connection = session.connection()
            total = postgres.file_size(connection, sha256)
            if total is None:
                raise FileNotBrought("The team library's server does not keep this document's file (it was imported "
                                     "before files were kept there); the member who imported it can import it again.")

            def parts() -> Iterator[bytes]:
                done = 0
                while done < total:
                    part = postgres.file_part(connection, sha256, done)
                    if not part:
                        return
                    done += len(part)
                    yield part
                    if progress is not None and not progress(done, total):
                        raise FetchStopped("Stopped bringing the document from the team library; nothing of it "
                                           "was kept.")

            try:
                place_parts(path, parts(), sha256)
            except NotTheFile:
                raise FileNotBrought("The team library's copy of this document's file is damaged (it does not match "
                                     "its SHA-256); it was not kept. The member who imported it can import it "
                                     "again.") from None
            except OSError as error:
                raise LibraryUnavailable(f"Could not keep the document's file in {self.files_dir}: "
                                         f"{error.strerror or error}. Nothing in the library was changed.") from error
        return path


_STAMPED = (Annotation, Document, Tag)


def _local_user() -> str | None:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name to be had (no $USER, no entry in the password file)
        return None


def _refuse_unsafe(file_name: str) -> None:
    if not _plain_name(file_name):
        raise UnsafeFileName(f"The library names a file \u201c{str(file_name)[:100]}\u201d that is not one of its own "
                             "files; it was not opened. Nothing was changed.")


def _plain_name(name: object) -> bool:
    return isinstance(name, str) and name not in ("", ".", "..") and not any(c in name for c in "/\\\0")


def _finish_interrupted_restore(root: Path, db_path: Path) -> None:
    if not any(root.glob(db_path.name + ".restor*")):
        return
    try:
        with library_lock.alone(root):
            restoring.finish_interrupted_restore(db_path)
    except LibraryInUse:
        pass  # the process that has it open finished it when it opened
    except OSError as error:
        raise LibraryUnavailable(f"A restore of {db_path} was cut short and cannot be finished: "
                                 f"{error.strerror or error}. Nothing was deleted.") from error


def _refuse_missing(root: Path, db_path: Path) -> None:
    """A folder with imported files or backups but no database is a damaged library, not a new one."""
    try:
        size = db_path.stat().st_size
    except FileNotFoundError:
        size = None
    if size:
        return
    files = sum(1 for _ in (root / paths.FILES_DIR).iterdir())
    kept = len(backups.list_backups(backups.backup_folder(root)))
    # Its own -wal and -shm are left out: a library being made elsewhere this instant has them.
    others = [p.name for p in root.glob(db_path.name + ".*")]
    evidence = [f"{files} imported file{'s' if files != 1 else ''}" if files else "",
                f"{kept} backup{'s' if kept != 1 else ''}" if kept else "",
                ", ".join(others[:3])]
    if any(evidence):
        raise LibraryMissing(db_path, "missing" if size is None else "empty (0 bytes)",
                             " and ".join(part for part in evidence if part))


def _unavailable(error: DBAPIError, doing: str) -> Exception:
    reason = sqlite.explain(error) or postgres.explain(error)
    if reason is None:
        return error
    return LibraryUnavailable(f"{doing}: {reason}. Nothing already saved was lost.")
