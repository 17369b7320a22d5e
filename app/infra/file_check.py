"""Check every imported file against the SHA-256 the library recorded when it came in.

The database is read read-only with sqlite3, not through :class:`app.library.Library`, so a
library that cannot be opened normally (damaged, being restored) can still be checked.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.infra import paths
from app.infra.backups import read_only

CHUNK = 2**20


@dataclass(frozen=True)
class FileProblem:
    name: str
    title: str
    reason: str  # "missing", "damaged", or why it could not be read


@dataclass(frozen=True)
class FilesVerdict:
    total: int
    problems: tuple[FileProblem, ...] = ()
    error: str | None = None  # the documents could not be listed

    @property
    def ok(self) -> bool:
        return self.error is None and not self.problems

    def as_json(self) -> dict[str, object]:
        return {"checked": self.total, "error": self.error,
                "problems": [{"file": p.name, "title": p.title, "reason": p.reason} for p in self.problems]}

    def summary(self) -> str:
        """``files: 2 of 40 damaged or missing: a.pdf, b.pdf``."""
        if self.error is not None:
            return f"files: not checked: {self.error}"
        if not self.problems:
            return f"files: all {self.total} intact"
        names = ", ".join(problem.name for problem in self.problems)
        return f"files: {len(self.problems)} of {self.total} damaged or missing: {names}"


def check_files(root: Path) -> FilesVerdict:
    """Hash each document's file in ``root``'s ``files/`` folder and compare it with the record."""
    try:
        documents = _documents(root / paths.DATABASE_NAME)
    except sqlite3.DatabaseError as error:
        return FilesVerdict(0, error=str(error))
    problems = [problem for problem in (_check_one(root / paths.FILES_DIR, *row) for row in documents) if problem]
    return FilesVerdict(len(documents), tuple(problems))


def _documents(db_path: Path) -> list[tuple[str, str, str]]:
    connection = read_only(db_path)
    try:
        return connection.execute("SELECT file_name, sha256, title FROM documents ORDER BY id").fetchall()
    finally:
        connection.close()


def _check_one(folder: Path, name: object, sha256: object, title: object) -> FileProblem | None:
    shown = str(name)
    if not isinstance(name, str) or name in ("", ".", "..") or any(c in name for c in "/\\\0"):
        return FileProblem(shown, str(title), "not a file name of the library")
    try:
        digest = _sha256(folder / name)
    except FileNotFoundError:
        return FileProblem(shown, str(title), "missing")
    except OSError as error:
        return FileProblem(shown, str(title), f"cannot be read: {error.strerror or error}")
    return None if digest == sha256 else FileProblem(shown, str(title), "damaged")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
