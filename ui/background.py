"""Run one piece of core work off the UI thread and hear back on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.errors import LibraryError


class _Signals(QObject):
    done = Signal(object)  # the result, or the LibraryError raised


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result: object = self.work()
        except LibraryError as error:  # what a user is told; anything else is a bug and is raised
            result = error
        self.signals.done.emit(result)


_running: set[_Job] = set()  # keeps each job's signals alive until it has reported


def run_in_background(work: Callable[[], Any], done: Callable[[object], None]) -> None:
    """Call ``work()`` on a pool thread, then ``done(result)`` on the UI thread (a LibraryError is passed as the result)."""
    job = _Job(work)

    def finish(result: object) -> None:
        _running.discard(job)
        done(result)

    job.signals.done.connect(finish)
    _running.add(job)
    QThreadPool.globalInstance().start(job)
