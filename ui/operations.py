"""The one way the window calls the core: off the UI thread, failures reported one way, and on
success one :class:`LibraryChange` published to every view.

Edits run on a single worker thread, in the order they were asked for, so an undo queued after
its edit runs after it; SQLite's write lock then never waits on the UI thread, which used to
freeze for up to the busy timeout while another program held the lock. Long work (imports,
exports, searches, backups, checks) runs on the shared pool, with progress and cancel.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.changes import LibraryChange
from app.errors import LibraryError

T = TypeVar("T")
Report = Callable[[str], None]


class Task(QObject):
    """One piece of work in flight: its progress, its cancel, its end (always on the UI thread)."""

    progressed = Signal(int, int, str)  # done, total, what was just done
    finished = Signal()  # after its result or failure was handled
    _ended = Signal(object, object)  # the result, the error message (or None)

    def __init__(self) -> None:
        super().__init__()
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def report(self, done: int, total: int, what: str = "") -> None:
        """Called by the work, from its thread."""
        self.progressed.emit(done, total, what)


class _Runnable(QRunnable, Generic[T]):
    def __init__(self, work: Callable[[Task], T], task: Task) -> None:
        super().__init__()
        self.work, self.task = work, task

    def run(self) -> None:
        try:
            result: object = self.work(self.task)
        except LibraryError as error:  # what a user is told
            self.task._ended.emit(None, str(error))  # noqa: SLF001 - its own task
            return
        except Exception as error:  # noqa: BLE001 - a bug: still reported, never a window left waiting
            traceback.print_exc(file=sys.stderr)
            self.task._ended.emit(None, f"Something went wrong and nothing more was done ({type(error).__name__}: "  # noqa: SLF001
                                        f"{error}). What was saved before is safe.")
            return
        self.task._ended.emit(result, None)  # noqa: SLF001


class Operations(QObject):
    """Handed to every part of the window that reads or changes the library."""

    changed = Signal(object)  # LibraryChange
    failed = Signal(str)  # a message for the user, when the caller gave no other place to show it

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._edits = QThreadPool(self)
        self._edits.setMaxThreadCount(1)
        self._running: set[Task] = set()

    def edit(self, work: Callable[[], T], *, changes: Callable[[T], LibraryChange],
             done: Callable[[T], None] | None = None, failed: Report | None = None) -> Task:
        """A change to the library, run after every edit asked for before it."""
        return self._start(self._edits, lambda _task: work(), changes, done, failed)

    def run(self, work: Callable[[Task], T], *, done: Callable[[T], None] | None = None,
            failed: Report | None = None, changes: Callable[[T], LibraryChange] | None = None) -> Task:
        """Long or read-only work (it is handed its :class:`Task` for progress and cancel)."""
        return self._start(QThreadPool.globalInstance(), work, changes, done, failed)

    def publish(self, change: LibraryChange) -> None:
        """Tell every view (for changes that did not come through an operation: another program's)."""
        if change:
            self.changed.emit(change)

    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the edits asked for so far are done (for closing the window, and tests)."""
        return self._edits.waitForDone(msecs)

    def _start(self, pool: QThreadPool, work: Callable[[Task], T], changes: Callable[[T], LibraryChange] | None,
               done: Callable[[T], None] | None, failed: Report | None) -> Task:
        task = Task()
        self._running.add(task)

        def ended(result: Any, message: str | None) -> None:
            if not shiboken6.isValid(self):
                return  # the window that asked is gone, and with it every view the answer was for
            self._running.discard(task)
            try:
                if message is not None:
                    (failed or self.failed.emit)(message)
                    return
                if changes is not None:  # the views first: ``done`` may choose what they now show
                    self.publish(changes(result))
                if done is not None:
                    done(result)
            finally:
                task.finished.emit()

        task._ended.connect(ended)  # noqa: SLF001 - queued to this (the UI) thread
        pool.start(_Runnable(work, task))
        return task
