"""Opening a 300-page report in the window until its first page is painted, against PyMuPDF alone
opening the file and rendering that page at the same scale.

The window's figure covers the window's own path from ``MainWindow.open_document`` (what a
click in the library calls): handing the file to the page reader, its open and render, the
image's way back to the UI thread, a layout from the page's own size, up to the end of the
paint event that draws the page's rendering (the library is read for the other pages' sizes
after that paint, see ``ui.viewer.Viewer.prestart``). The baseline renders at the scale the
window drew the page at (the screen's pixels, device pixel ratio included).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import Result, seconds_to_paint, settle
from bench.import_300_pages import report_pdf

REPEAT = 11  # one open in a few meets the machine waking a process late: the median needs the samples
TARGET = 1.5


def run() -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import pymupdf
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.library import Library
    from app.services.importing import import_paths
    from ui.main_window import MainWindow

    application = QApplication.instance() or QApplication([])
    path = report_pdf()
    with tempfile.TemporaryDirectory(prefix="bench-first-page-") as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        with Library.open(Path(folder) / "library") as library:
            (outcome,) = import_paths(library, [path])
            assert outcome.document is not None, outcome.reason
            document_id = outcome.document.id
            window = MainWindow(library, settings)
            window.resize(1280, 800)
            window.show()
            application.processEvents()
            pages = window.viewer.pages

            def open_and_paint() -> float:
                window.viewer.close_document()
                settle(application, 0.5)
                elapsed = seconds_to_paint(pages, lambda: window.open_document(document_id))
                if elapsed is None or pages.cache.get(pages.token, 0, pages.render_scale()) is None:
                    raise RuntimeError("the first page was not painted")
                return elapsed

            def raw(scale: float) -> float:
                start = time.perf_counter()
                document = pymupdf.open(path)
                document.load_page(0).get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
                elapsed = time.perf_counter() - start
                document.close()
                return elapsed

            open_and_paint()  # the worker's first open also loads PyMuPDF: not what a reader waits for
            scale = pages.render_scale()
            raw(scale)
            times: list[float] = []
            base_times: list[float] = []
            for _ in range(REPEAT):
                base_times.append(raw(scale))
                times.append(open_and_paint())
            window.close()
    baseline, value = statistics.median(base_times), statistics.median(times)
    note = f"scale {scale:.3f}; window {_ms(times)}; PyMuPDF alone {_ms(base_times)}"
    return [Result("first_page_300", value, "s", baseline, TARGET, note=note)]


def _ms(times: list[float]) -> str:
    return ", ".join(f"{t * 1000:.1f}" for t in times) + " ms"
