"""annotate_create and render_200_highlights: annotating in the window stays instant.

annotate_create: on the 300-page report holding 5,000 annotations, from the user's key press
on a selection to the row saved (off the UI thread) and the page repainted with the new highlight. The issue
asks for 50 ms at most; the baseline is one raw SQLite insert of the same row with its
commit, measured in the same run, and the target ratio is 50 ms over that baseline.

render_200_highlights: painting a page that carries 200 highlights against painting the
same page without them (both from the render cache). Target 1.2.

annotate_locked_worst_gap: the longest pause of the window's event loop while a highlight waits
for another program's write lock (held 2 s), against 100 ms; before edits left the UI thread,
the window froze for as long as the lock was held.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from app.store.sqlite import register_functions
from bench.common import Result
from bench.import_300_pages import report_pdf

EXISTING = 5_000
REPEAT = 15
LIMIT_SECONDS = 0.050
HIGHLIGHTS = 200


def run() -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication

    from app.library import Library
    from app.services.importing import import_paths
    from ui.main_window import MainWindow
    from ui.page_view import PagePoint

    application = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="bench-annotating-") as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        with Library.open(Path(folder) / "library") as library:
            (outcome,) = import_paths(library, [report_pdf()])
            document_id = outcome.document.id
            _fill(library.db_path, document_id)
            window = MainWindow(library, settings)
            window.resize(1280, 800)
            window.show()
            window.open_document(document_id)
            pages = window.viewer.pages
            deadline = time.monotonic() + 20
            while (0 not in pages.words or window.features.annotations.document_id != document_id) and time.monotonic() < deadline:
                pages.request_words([0])
                application.processEvents()
                time.sleep(0.01)
            words = pages.words[0].words
            controller = window.features.annotations

            def select(index: int) -> None:
                first, last = words[10 + index * 3], words[12 + index * 3]
                pages.select_range(PagePoint(0, first.x0 + 1, first.y0 + 1), PagePoint(0, last.x1 - 1, last.y1 - 1))
                application.processEvents()

            def annotate_once(index: int) -> float:
                select(index)
                listed = len(controller.panel.all_rows)
                start = time.perf_counter()
                controller.annotate()
                # Saved off the UI thread: done when the row is listed and the page repainted with it.
                while len(controller.panel.all_rows) == listed:
                    application.processEvents()
                pages.viewport().repaint()  # painted, not only scheduled
                return time.perf_counter() - start

            created = [annotate_once(index) for index in range(REPEAT)]
            free_gap, _waited = _worst_gap(application, controller, lambda: select(REPEAT), None)
            locked_gap, waited = _worst_gap(application, controller, lambda: select(REPEAT + 1), library.db_path)
            baseline = statistics.median(_raw_inserts(library.db_path, document_id))

            colour = QColor(255, 213, 79, 150)
            many = {0: [(colour, ((w.x0, w.y0, w.x1, w.y0, w.x0, w.y1, w.x1, w.y1),), False) for w in words[:HIGHLIGHTS]]}
            pages.go_to_page(0)
            application.processEvents()
            plain, marked = _paint_times(pages, application, many)
            window.close()
    value = statistics.median(created)
    return [
        Result("annotate_create", value, "s", baseline, LIMIT_SECONDS / baseline,
               note=f"{value * 1000:.1f} ms median over {REPEAT} highlights with {EXISTING} already there (limit 50 ms)"),
        Result("render_200_highlights", statistics.median(marked), "s", statistics.median(plain), 1.2),
        Result("annotate_locked_worst_gap", locked_gap, "ms", FREEZE_MS, 1.0,
               note=f"the longest the window went unanswered while a highlight waited {waited:.1f} s for another "
                    f"program's write lock (limit {FREEZE_MS} ms; {free_gap:.0f} ms with no lock held)"),
    ]


def _worst_gap(application, controller, select, locked: Path | None) -> tuple[float, float]:  # noqa: ANN001
    """Highlight once while (with ``locked``) another process holds the library's write lock for
    LOCK_SECONDS; returns the longest pause of the window's event loop in ms, and how long the
    edit took to be saved in s."""
    from PySide6.QtCore import QTimer

    holder = None
    if locked is not None:
        holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(locked), str(LOCK_SECONDS)],
                                  stdout=subprocess.PIPE, text=True)
        assert holder.stdout.readline().strip() == "locked"
    select()
    ticks: list[float] = []
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    listed = len(controller.panel.all_rows)
    start = time.perf_counter()
    controller.annotate()
    while len(controller.panel.all_rows) == listed and time.perf_counter() - start < LOCK_SECONDS + 10:
        application.processEvents()
        time.sleep(0.001)
    saved = time.perf_counter() - start
    timer.stop()
    if holder is not None:
        holder.wait(timeout=30)
    gaps = [b - a for a, b in zip([start, *ticks], ticks)]
    return max(gaps, default=0.0) * 1000, saved


LOCK_SECONDS = 2.0
FREEZE_MS = 100  # the longest pause still felt as instant
# Another program holding the library's write lock, as a second window saving a long import does.
_HOLD_LOCK = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
"""


def _paint_times(pages, application, highlights) -> tuple[list[float], list[float]]:  # noqa: ANN001
    """Repaint times of the page without and with ``highlights``, in short runs of each in turn:
    a repaint takes a few tenths of a millisecond, and the machine's pace drifts more than that
    between two long runs. Each run starts with a repaint not timed, which paints the
    highlights into the page once, as the window does when they change."""
    plain, marked = [], []
    for _ in range(8):
        for shown, times in (({}, plain), (highlights, marked)):
            pages.set_highlights(shown)
            application.processEvents()
            pages.viewport().repaint()
            for _ in range(20):
                start = time.perf_counter()
                pages.viewport().repaint()
                times.append(time.perf_counter() - start)
    return plain, marked


def _fill(db_path: Path, document_id: int) -> None:
    """5,000 annotations spread over the document, written directly as the library stores them."""
    now = "2025-01-01 00:00:00.000000"
    rows = [
        (str(uuid.uuid4()), document_id, n % 300, f"passage number {n} about custody", n * 40, n * 40 + 30, now, now)
        for n in range(EXISTING)
    ]
    with sqlite3.connect(db_path) as db:
        register_functions(db)  # the index's triggers fold the text they write
        db.executemany(
            "INSERT INTO annotations (uuid, document_id, kind, color, note, page_index, targets, quote, prefix, suffix,"
            " start_offset, end_offset, paragraphs, anchor_status, origin, created_at, updated_at)"
            " VALUES (?, ?, 'highlight', 'yellow', '', ?, '[]', ?, '', '', ?, ?, '[]', 'anchored', 'user', ?, ?)",
            rows,
        )


def _raw_inserts(db_path: Path, document_id: int) -> list[float]:
    times = []
    db = sqlite3.connect(db_path, isolation_level=None)
    register_functions(db)
    db.execute("PRAGMA synchronous = FULL")
    for n in range(REPEAT):
        start = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute(
            "INSERT INTO annotations (uuid, document_id, kind, color, note, page_index, targets, quote, prefix, suffix,"
            " start_offset, end_offset, paragraphs, anchor_status, origin, created_at, updated_at)"
            " VALUES (?, ?, 'highlight', 'yellow', '', 0, '[]', 'raw insert', '', '', 1, 5, '[]', 'anchored', 'user',"
            " '2025-01-01', '2025-01-01')",
            (str(uuid.uuid4()), document_id),
        )
        db.execute("COMMIT")
        times.append(time.perf_counter() - start)
    db.close()
    return times
