"""follow_link_300: following a link from a passage of a short document to one on page 150 of the
300-page report, until that page is painted, against opening the report until its first page is.

Both in the same window, in the same run, each after the window has settled: the value is the
click on the link (``AnnotationController.follow_link``, what the panel's link calls) up to the
paint of the linked passage's page; the baseline is ``MainWindow.open_document`` up to the paint of
the first page it shows (where it was left), the path first_page_300 measures. The issue asks that following a link
paint its page as fast as opening that document.
"""

from __future__ import annotations

import os
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.common import Result, seconds_to_paint, settle
from bench.import_300_pages import report_pdf

REPEAT = 9
TARGET = 1.2
LINKED_PAGE = 150
LEFT_AT = 9  # where the reader left the report, as the window keeps it: not the linked page


def run() -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import pymupdf
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.library import Library
    from app.services import links
    from app.services.importing import import_paths
    from ui.main_window import MainWindow

    application = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="bench-follow-link-") as folder:
        short = Path(folder) / "short.pdf"
        document = pymupdf.open()
        document.new_page().insert_text((72, 100), "As regards paragraph 17 of the report, the Government replies.")
        document.save(short)
        document.close()
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        with Library.open(Path(folder) / "library") as library:
            report_id, short_id = (outcome.document.id for outcome in import_paths(library, [report_pdf(), short])
                                   if outcome.document is not None)
            source = _passage(library, short_id, 0)
            links.create_link(library, source, _passage(library, report_id, LINKED_PAGE), "responds to")
            window = MainWindow(library, settings)
            window.resize(1280, 800)
            window.show()
            application.processEvents()
            pages, annotating = window.viewer.pages, window.features.annotations

            def painted_after(act: Callable[[], None], page: int | None) -> float:
                """From ``act`` to the paint of ``page`` (of the first page painted, with None)."""
                elapsed = seconds_to_paint(pages, act, page)
                if elapsed is None:
                    raise RuntimeError(f"page {page} was not painted: the figure would mean nothing")
                return elapsed

            def open_report() -> float:
                window.viewer.close_document()
                settle(application, 0.5)
                # Where the reader left it, as a reader reopens it; then left on another page than the link's.
                elapsed = painted_after(lambda: window.open_document(report_id), None)
                window.viewer.go_to_page(LEFT_AT)
                settle(application, 0.5)
                return elapsed

            def follow() -> float:
                window.open_document(short_id)
                settle(application, 0.8)  # the short document shown, its passage and link listed
                [view] = links.links_of(library, source)
                return painted_after(lambda: annotating.follow_link(view), LINKED_PAGE)

            open_report()  # the worker's first open also loads PyMuPDF: not what a reader waits for
            follow()
            opened, followed = [], []
            for _ in range(REPEAT):
                opened.append(open_report())
                followed.append(follow())
            window.close()
    value, baseline = statistics.median(followed), statistics.median(opened)
    note = (f"link followed to page {LINKED_PAGE + 1}: {_ms(followed)}; report opened where it was left (page "
            f"{LEFT_AT + 1}): {_ms(opened)}")
    return [Result("follow_link_300", value, "s", baseline, TARGET, note=note)]


def _passage(library, document_id: int, page_index: int) -> str:  # noqa: ANN001 - a Library
    """A passage over the page's first line, as a selection in the window makes one; its uuid."""
    from app.services import annotations
    from app.store.models import PAGE_SEPARATOR
    from app.text.selection import PageSelection, TextSelection

    with library.reading() as session:
        full = annotations.document_text(session, document_id)
    page_start = sum(len(page) + 1 for page in full.split(PAGE_SEPARATOR)[:page_index])
    line = full[page_start:].split("\n", 1)[0]
    quad = (72.0, 90.0, 300.0, 90.0, 72.0, 102.0, 300.0, 102.0)
    selection = TextSelection(document_id, (PageSelection(page_index, (quad,), 0, len(line), line),), line,
                              page_start, page_start + len(line))
    return annotations.create_annotation(library, annotations.draft_from_selection(selection)).uuid


def _ms(times: list[float]) -> str:
    return ", ".join(f"{t * 1000:.0f}" for t in times) + " ms"
