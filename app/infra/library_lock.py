"""Who has a library open: a lock file every process of the app honours.

Each process that opens a library holds a shared lock on ``library.lock`` in its folder;
replacing the database (a restore) needs the lock alone. Without it a restore under an
open window moved the database aside while the window went on writing into the moved file:
edits acknowledged and read back, then gone from the library.

The kernel drops a lock when its holder dies, so a crash never leaves the library locked.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import LibraryInUse, LibraryUnavailable

LOCK_NAME = "library.lock"
# A restore holds the lock alone for as long as it copies one file: an opener waits that long.
WAIT_FOR_RESTORE = 30.0


class LibraryLock:
    """A shared hold on a library folder, taken when the library opens and let go when it closes."""

    def __init__(self, root: Path, wait: float = WAIT_FOR_RESTORE) -> None:
        self._fd = _open(root)
        if self._fd is not None and not _take(self._fd, fcntl.LOCK_SH, wait):
            self.release()
            raise LibraryUnavailable(f"The library at {root} is being restored by another program; "
                                     "try again when it has finished.")

    def release(self) -> None:
        if self._fd is not None:
            # Unlocked before closing: worker processes forked meanwhile share the descriptor,
            # and would otherwise keep the hold after this library is closed.
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @contextmanager
    def alone(self, root: Path) -> Iterator[None]:
        """Hold the library alone for the block (this process already has it open), then share again."""
        if self._fd is None:
            yield  # a library whose folder cannot hold a lock file cannot be restored into either
            return
        if not _take(self._fd, fcntl.LOCK_EX, 0):
            _take(self._fd, fcntl.LOCK_SH, WAIT_FOR_RESTORE)  # on Linux a refused change can drop the hold
            raise _in_use(root)
        try:
            yield
        finally:
            _take(self._fd, fcntl.LOCK_SH, WAIT_FOR_RESTORE)


@contextmanager
def alone(root: Path) -> Iterator[None]:
    """Hold a library no process has open for the block; :class:`LibraryInUse` if one does."""
    fd = _open(root)
    if fd is None:
        yield
        return
    try:
        if not _take(fd, fcntl.LOCK_EX, 0):
            raise _in_use(root)
        yield
    finally:
        os.close(fd)


def in_use(root: Path) -> bool:
    """True while some process holds the library open."""
    try:
        with alone(root):
            return False
    except LibraryInUse:
        return True


def _open(root: Path) -> int | None:
    path = root / LOCK_NAME
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        try:
            return os.open(path, os.O_RDONLY)  # a read-only library folder: the lock file may still be there
        except OSError:
            return None  # nor can anything be restored into this folder, so nothing needs the lock


def _take(fd: int, kind: int, wait: float) -> bool:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, kind | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)


def _in_use(root: Path) -> LibraryInUse:
    return LibraryInUse(f"The library at {root} is open in another window or command. Close it there first; "
                        "nothing was changed.")
