"""Writing an export safely: never over a file unasked, never a half-written target.

Each format writes to a temporary file beside the target, renamed into place only once
complete; a failure or a cancellation removes it and leaves the target as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.errors import LibraryError

Progress = Callable[[int, int], None]


class ExportError(LibraryError):
    """The export could not be written; the message says why and that nothing was changed."""


class ExportCancelled(Exception):
    """The user cancelled; the target was not touched."""


@dataclass
class Steps:
    """Reports progress and raises :class:`ExportCancelled` when the user asks to stop."""

    total: int
    progress: Progress | None = None
    cancelled: Callable[[], bool] = lambda: False
    done: int = 0
    every: int = 500

    def step(self, count: int = 1) -> None:
        self.done += count
        if self.done % self.every < count or self.done == self.total:
            if self.cancelled():
                raise ExportCancelled
            if self.progress is not None:
                self.progress(self.done, self.total)


def check_target(target: Path, force: bool) -> None:
    """Refuse an existing file without ``force``, a folder as the file, and a folder that is missing."""
    if target.is_dir():
        raise ExportError(f"{target} is a folder; give a file name to export to.")
    if target.exists() and not force:
        raise ExportError(f"{target} already exists; nothing was written (use --force to replace it).")
    parent = target.parent
    if not parent.is_dir():
        raise ExportError(f"Cannot write {target}: the folder {parent} does not exist.")


@contextmanager
def atomic_target(target: Path, force: bool) -> Iterator[Path]:
    """A temporary path to write; it becomes ``target`` when the block ends without error."""
    check_target(target, force)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as error:
        raise ExportError(f"Cannot write in {target.parent}: {error.strerror or error}. Nothing was written.") from error
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        temporary.chmod(0o644)  # a temporary file is private; the export is an ordinary file
        if target.exists() and not force:  # made by someone else while we wrote
            raise ExportError(f"{target} appeared while exporting; nothing was replaced (use --force).")
        os.replace(temporary, target)
    except OSError as error:
        raise ExportError(f"Cannot write {target}: {error.strerror or error}. Nothing was changed.") from error
    finally:
        temporary.unlink(missing_ok=True)
