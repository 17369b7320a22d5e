"""The operation wrapper: work off the UI thread, edits in order, failures one way, one change value."""

from __future__ import annotations

import threading
import time

import shiboken6
from PySide6.QtCore import QObject

from app.changes import LibraryChange
from app.errors import LibraryUnavailable
from tests.ui.helpers import settle
from ui.operations import Operations


def test_edits_run_off_the_ui_thread_in_the_order_asked(qtbot):
    operations, order, threads = Operations(), [], set()
    changes: list[LibraryChange] = []
    operations.changed.connect(changes.append)
    for n in range(5):
        def work(n=n):
            time.sleep(0.02 if n == 0 else 0)  # the first is slowest: order must still hold
            threads.add(threading.get_ident())
            return n

        operations.edit(work, changes=lambda n: LibraryChange(documents=frozenset({n})), done=order.append)
    settle(qtbot, operations)
    assert order == [0, 1, 2, 3, 4]
    assert threading.get_ident() not in threads and len(threads) == 1
    assert [set(c.documents) for c in changes] == [{0}, {1}, {2}, {3}, {4}]


def test_a_refusal_reaches_the_caller_or_the_window_and_publishes_nothing(qtbot):
    operations, told, window_told, changes = Operations(), [], [], []
    operations.failed.connect(window_told.append)
    operations.changed.connect(changes.append)

    def full():
        raise LibraryUnavailable("Could not save to the library: the disk holding the library is full.")

    operations.edit(full, changes=lambda _r: LibraryChange(vocabulary=True), failed=told.append)
    operations.edit(full, changes=lambda _r: LibraryChange(vocabulary=True))
    settle(qtbot, operations)
    assert told == window_told == ["Could not save to the library: the disk holding the library is full."]
    assert changes == []


def test_an_unexpected_error_is_told_in_words_and_never_leaves_the_caller_waiting(qtbot):
    operations, told = Operations(), []
    task = operations.run(lambda _task: 1 / 0, failed=told.append)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    [message] = told
    assert "ZeroDivisionError" in message and "What was saved before is safe" in message
    assert not operations.busy()


def test_long_work_reports_progress_and_stops_when_cancelled(qtbot):
    operations, seen, ended = Operations(), [], []

    def work(task):
        done = 0
        while not task.cancelled and done < 1000:
            done += 1
            task.report(done, 1000, f"step {done}")
            time.sleep(0.005)
        return done

    task = operations.run(work, done=ended.append)
    task.progressed.connect(lambda done, total, what: seen.append((done, total, what)))
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=5000)
    task.cancel()
    settle(qtbot, operations)
    assert ended and ended[0] < 1000 and seen[0] == (seen[0][0], 1000, f"step {seen[0][0]}")


def test_an_answer_for_a_window_that_is_gone_is_dropped(qtbot):
    owner = QObject()
    operations, answered = Operations(owner), []
    release = threading.Event()
    operations.run(lambda _task: release.wait(5), done=answered.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(operations), timeout=5000)
    release.set()
    time.sleep(0.1)
    qtbot.wait(50)  # the queued answer is delivered now, to no one
    assert answered == []
