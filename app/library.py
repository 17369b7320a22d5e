"""A library: one folder holding the SQLite database and the imported files."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app import paths
from app import backups
from app.errors import LibraryDamaged, LibraryUnavailable
from app.store import migrate, sqlite


class Library:
    """An open library. Use :meth:`reading` and :meth:`writing` for short transactions."""

    def __init__(self, root: Path, *, check: bool = False) -> None:
        """Open (or create) the library at ``root``; ``check`` runs SQLite's quick check first,
        which reads the whole file: the window does it once at start, in the background."""
        self.root = root
        self.db_path = root / paths.DATABASE_NAME
        self.files_dir = root / paths.FILES_DIR
        try:
            self.files_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryUnavailable(
                f"Cannot create the library folder {root}: {error.strerror or error}"
            ) from error
        if check and self.db_path.exists():
            verdict = backups.check(self.db_path)
            if verdict != "ok":
                # Writing to a damaged database can spread the damage: it is not opened.
                raise LibraryDamaged(self.db_path, verdict)
        self.engine = sqlite.make_engine(str(self.db_path))
        try:
            migrate.upgrade(self.engine, self.db_path)
        except DBAPIError as error:
            self.engine.dispose()
            raise _unavailable(error, f"Cannot open the library at {root}") from error
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(**sqlite.WRITE_OPTIONS), expire_on_commit=False
        )
        # Called after each commit made here: a change watcher tells its own edits from another program's.
        self.commit_listeners: list[Callable[[], None]] = []

    @classmethod
    def open(cls, data_dir: str | os.PathLike[str] | None = None, *, check: bool = False) -> Library:
        return cls(paths.library_dir(data_dir), check=check)

    def close(self) -> None:
        self.engine.dispose()

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
            raise _unavailable(error, f"Could not {doing}") from error

    def file_path(self, file_name: str) -> Path:
        return self.files_dir / file_name


def _unavailable(error: DBAPIError, doing: str) -> Exception:
    reason = sqlite.explain(error)
    if reason is None:
        return error
    return LibraryUnavailable(f"{doing}: {reason}. Nothing already saved was lost.")
