"""Opens sent straight to the page reader: each open's replies go to that open, also when a
newer open replaces it before the render thread has taken it."""

from __future__ import annotations

import os
import signal
import threading

import pymupdf
import pytest

from app.pdf.reader_messages import FirstPageWish
from tests.pdfs import make_pdf
from ui.render_worker import DAMAGED, RenderWorker


@pytest.fixture
def worker(qtbot):
    """A render thread whose page reader has started and answers."""
    worker = RenderWorker()
    worker.start()
    try:
        worker.preload()
        qtbot.waitUntil(lambda: worker.reader_ready, timeout=10000)
        yield worker
    finally:
        worker.stop()


def test_the_latest_of_two_quick_opens_gets_its_own_first_page(qtbot, worker, tmp_path):
    short = make_pdf(tmp_path / "short.pdf", ["One page only"])
    long = make_pdf(tmp_path / "long.pdf", [f"Page {n}" for n in range(1, 6)])
    opened: list[tuple[int, int]] = []
    worker.opened.connect(lambda token, count: opened.append((token, count)))
    worker.open_document(1, short, first=FirstPageWish(0, 1.0))
    worker.open_document(2, long, first=FirstPageWish(0, 1.0))  # before the render thread has taken the first
    first = worker.wait_first_page(2, 10.0)
    assert first is not None and first.page_count == 5 and first.image is not None
    qtbot.waitUntil(lambda: opened == [(2, 5)], timeout=10000)
    worker.open_document(3, short, first=FirstPageWish(0, 1.0))  # and the reader still answers in order
    first = worker.wait_first_page(3, 10.0)
    assert first is not None and first.page_count == 1


def _slow_pdf(path):
    """A page that takes a good while to render (2.5 s here; the reader is killed at 0.1 s):
    nine thousand long lines, every one stroked."""
    document = pymupdf.open()
    page = document.new_page(width=595, height=842)
    page.insert_text((50, 50), "Slow page")
    lines = "".join(f"{(i * 37) % 595} {(i * 53) % 842} m {(i * 91) % 595} {(i * 17) % 842} l S\n" for i in range(9000))
    document.update_stream(page.get_contents()[0], lines.encode())
    document.save(path)
    return path


def test_a_reader_dying_while_the_ui_thread_waits_for_the_first_page_is_reported_and_replaced(qtbot, worker, tmp_path):
    slow = _slow_pdf(tmp_path / "slow.pdf")
    failures: list[tuple[int, str]] = []
    worker.failed.connect(lambda token, kind, _message: failures.append((token, kind)))
    pid = worker.reader_pid
    worker.open_document(1, slow, first=FirstPageWish(0, 1.0))
    assert worker.wait_first_page(1, 10.0, image=False) is not None  # the size comes before the render
    killer = threading.Timer(0.1, os.kill, (pid, signal.SIGKILL))  # while it renders
    killer.start()
    assert worker.wait_first_page(1, 10.0) is None
    killer.join()
    qtbot.waitUntil(lambda: failures == [(1, DAMAGED)], timeout=10000)
    fine = make_pdf(tmp_path / "fine.pdf", ["Fine"])
    worker.open_document(2, fine)
    qtbot.waitUntil(lambda: worker.reader_ready and worker.reader_pid != pid, timeout=10000)
    worker.open_document(3, fine, first=FirstPageWish(0, 1.0))
    first = worker.wait_first_page(3, 10.0)
    assert first is not None and first.image is not None and first.page_count == 1
