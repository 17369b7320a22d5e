"""ocr_30_pages: recognising the text of a 30-page scan through the app, against the engine alone.

The scan is 30 pages of a UN report of the shared corpus (``../shared/corpus/real/``) rendered to
greyscale images at 300 dpi and made a PDF with no text layer (cached in bench/.cache). The app
imports it into a fresh library and recognises its queue as the window does: ``process_queue``
(two worker processes; the language guessed from the first page, each page's skew measured, the
document's paragraphs found again at the end) run in a thread of Qt's pool while the event loop
ticks a 5 ms timer. The baseline is the engine alone on the same pages in one process, in a loop:
``get_textpage_ocr`` at 300 dpi in English, and the page's text read from it. Target: 0.7.

ocr_30_pages_worst_gap: the longest the event loop went without a tick meanwhile, against 50 ms
(the window's own painting and its reading of recognised words are not part of it).
"""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path

from bench.common import CACHE_DIR, Result

PAGES = 30
REPORT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real" / "upr-wg-report__china2009.pdf"
DPI = 300
LIMIT_MS = 50.0


def scan_pdf() -> Path:
    """The 30-page scan, made once."""
    import pymupdf

    path = CACHE_DIR / f"ocr_{PAGES}_pages.pdf"
    if path.is_file():
        return path
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    source = pymupdf.open(REPORT)
    scan = pymupdf.open()
    for index in range(1, 1 + PAGES):
        page = source[index % source.page_count]
        pixmap = page.get_pixmap(dpi=DPI, colorspace=pymupdf.csGRAY)
        scan.new_page(width=page.rect.width, height=page.rect.height).insert_image(page.rect, pixmap=pixmap)
    scan.save(path.with_suffix(".tmp"), deflate=True)
    path.with_suffix(".tmp").rename(path)
    return path


def _engine_alone(path: Path) -> float:
    import pymupdf

    from app.pdf.recognise import tessdata_for

    tessdata = tessdata_for("eng")
    document = pymupdf.open(path)
    start = time.perf_counter()
    for page in document:
        textpage = page.get_textpage_ocr(flags=pymupdf.TEXTFLAGS_TEXT, language="eng", dpi=DPI, full=True,
                                         tessdata=tessdata)
        page.get_text("text", textpage=textpage)
    elapsed = time.perf_counter() - start
    document.close()
    return elapsed


def _through_the_app(path: Path) -> tuple[float, float, int, list[str]]:
    """Seconds, worst event-loop gap (ms), pages recognised, failures."""
    from PySide6.QtCore import QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    from app.library import Library
    from app.services import recognition
    from app.services.importing import import_paths

    application = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder, Library.open(Path(folder, "library")) as library:
        [outcome] = import_paths(library, [path])
        assert outcome.status == "imported", outcome.reason
        finished = threading.Event()
        box: dict[str, object] = {}

        def work() -> None:
            try:
                box["report"] = recognition.process_queue(library, workers=2)
            finally:
                finished.set()

        worst, last = 0.0, [time.perf_counter()]

        def tick() -> None:
            nonlocal worst
            now = time.perf_counter()
            worst = max(worst, now - last[0])
            last[0] = now
            if finished.is_set():
                application.quit()

        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(tick)
        timer.start()
        start = time.perf_counter()
        QThreadPool.globalInstance().start(work)
        application.exec()
        elapsed = time.perf_counter() - start
        timer.stop()
        QThreadPool.globalInstance().waitForDone()
        report = box["report"]
        assert isinstance(report, recognition.RecognitionReport)
        return elapsed, worst * 1000, report.recognised, report.failed


def run() -> list[Result]:
    if not REPORT.is_file():
        raise FileNotFoundError(f"the shared corpus is not here: {REPORT}")
    path = scan_pdf()
    baseline = _engine_alone(path)
    value, gap, recognised, failed = _through_the_app(path)
    note = (f"{recognised} of {PAGES} pages recognised through the app in {value:.1f} s (two workers), the engine "
            f"alone {baseline:.1f} s in one process" + (f"; failed: {failed}" if failed else ""))
    return [
        Result("ocr_30_pages", value, "s", baseline, 0.7, note=note),
        Result("ocr_30_pages_worst_gap", gap, "ms", LIMIT_MS, 1.0,
               note=f"the longest the event loop went without a tick while the pages were recognised "
                    f"(limit {LIMIT_MS:.0f} ms)"),
    ]
