"""Opens sent straight to the page reader: each open's replies go to that open, also when a
newer open replaces it before the render thread has taken it."""

from __future__ import annotations

from tests.pdfs import make_pdf
from ui.render_worker import RenderWorker


def test_the_latest_of_two_quick_opens_gets_its_own_first_page(qtbot, tmp_path):
    short = make_pdf(tmp_path / "short.pdf", ["One page only"])
    long = make_pdf(tmp_path / "long.pdf", [f"Page {n}" for n in range(1, 6)])
    worker = RenderWorker()
    worker.start()
    try:
        worker.preload()
        qtbot.waitUntil(lambda: worker.reader_ready, timeout=10000)
        opened: list[tuple[int, int]] = []
        worker.opened.connect(lambda token, count: opened.append((token, count)))
        worker.open_document(1, short, first=(0, 1.0))
        worker.open_document(2, long, first=(0, 1.0))  # before the render thread has taken the first
        first = worker.wait_first_page(2, 10.0)
        assert first is not None and first.page_count == 5 and first.image is not None
        qtbot.waitUntil(lambda: opened == [(2, 5)], timeout=10000)
        worker.open_document(3, short, first=(0, 1.0))  # and the reader still answers in order
        first = worker.wait_first_page(3, 10.0)
        assert first is not None and first.page_count == 1
    finally:
        worker.stop()
