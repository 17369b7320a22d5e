"""Opening a document: its first page is painted before the library is read for the rest."""

from __future__ import annotations

import pymupdf

import app.services.viewing as viewing
import ui.viewer
from tests.pdfs import make_pdf
from tests.ui.helpers import import_one, open_and_wait, open_window

PAGES = [f"Page {n} of the report on detention." for n in range(1, 9)]


def _watch_library_read(monkeypatch, window) -> list[tuple[bool, list[int]]]:
    """Record, each time the library is read for a layout, whether the first page is painted yet."""
    painted: list[int] = []
    seen: list[tuple[bool, list[int]]] = []
    window.viewer.pages.page_painted.connect(painted.append)
    real = viewing.open_view

    def open_view(*args, **kwargs):
        pages = window.viewer.pages
        seen.append((pages.cache.get(pages.token, painted[-1] if painted else 0, pages.render_scale()) is not None,
                     list(painted)))
        return real(*args, **kwargs)

    monkeypatch.setattr(viewing, "open_view", open_view)
    # However loaded the machine: what is tested is the order, not the time.
    monkeypatch.setattr(ui.viewer, "FIRST_PAGE_WAIT", 10.0)
    return seen


def test_first_page_is_painted_before_the_library_is_read(qtbot, library, tmp_path, monkeypatch):
    document = import_one(library, make_pdf(tmp_path / "report.pdf", PAGES))
    other = import_one(library, make_pdf(tmp_path / "other.pdf", ["another"]))
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, other.id)
    seen = _watch_library_read(monkeypatch, window)
    open_and_wait(qtbot, window, document.id)
    assert seen == [(True, [0])]
    pages = window.viewer.pages
    assert pages.sizes == [(595.0, 842.0)] * 8 and window.page_status.text() == "p. 1 of 8"


def test_a_reopened_document_paints_its_saved_page_first_and_stays_there(qtbot, library, tmp_path, monkeypatch):
    document = import_one(library, make_pdf(tmp_path / "report.pdf", PAGES))
    other = import_one(library, make_pdf(tmp_path / "other.pdf", ["another"]))
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    window.viewer.pages.set_position(5, 100.0)
    open_and_wait(qtbot, window, other.id)
    seen = _watch_library_read(monkeypatch, window)
    positions: list[int] = []
    bar = window.viewer.pages.verticalScrollBar()
    bar.valueChanged.connect(positions.append)
    open_and_wait(qtbot, window, document.id)
    assert seen == [(True, [5])]  # the saved page, painted before the library was read
    assert window.viewer.pages.position()[0] == 5
    assert abs(window.viewer.pages.position()[1] - 100.0) < 1
    # Laid out again from the library's sizes, the page does not move: nothing jumps.
    assert len(set(positions)) == 1, positions


def test_pages_of_another_size_than_the_first_take_the_library_sizes(qtbot, library, tmp_path, monkeypatch):
    path = tmp_path / "mixed.pdf"
    pdf = pymupdf.open()
    for n, (width, height) in enumerate([(595, 842), (842, 595), (595, 842)]):
        pdf.new_page(width=width, height=height).insert_text((72, 72), f"Page {n + 1} on prisons")
    pdf.save(path)
    document = import_one(library, path)
    window = open_window(qtbot, library)
    # Until the page reader answers (just after start), an open does not wait for the first page.
    qtbot.waitUntil(lambda: window.worker.reader_ready, timeout=10000)
    qtbot.wait(20)  # the window's first paints, done
    seen = _watch_library_read(monkeypatch, window)
    open_and_wait(qtbot, window, document.id)
    assert seen[0][0]
    pages = window.viewer.pages
    assert pages.sizes == [(595.0, 842.0), (842.0, 595.0), (595.0, 842.0)]
    # Fitting the width now follows the wide page: the first page is rendered again at that scale.
    assert abs(pages.layout_.rect(1).width - (pages.viewport().width() - 32)) < 2
    qtbot.waitUntil(lambda: pages.cache.get(pages.token, 0, pages.render_scale()) is not None, timeout=10000)


def test_pages_keep_their_own_colours_once_the_next_pages_are_drawn(qtbot, library, tmp_path):
    # The first page's pixels are read where the page reader drew them: drawing the pages
    # after it must not change them, and red must stay red (not swapped with blue).
    path = tmp_path / "colours.pdf"
    pdf = pymupdf.open()
    for colour in [(1, 0, 0), (0, 0, 1), (0, 1, 0)]:
        pdf.new_page(width=595, height=842).draw_rect(pymupdf.Rect(0, 0, 595, 842), color=None, fill=colour)
    pdf.save(path)
    document = import_one(library, path)
    window = open_window(qtbot, library)
    qtbot.waitUntil(lambda: window.worker.reader_ready, timeout=10000)
    open_and_wait(qtbot, window, document.id)
    pages = window.viewer.pages
    qtbot.waitUntil(lambda: pages.cache.get(pages.token, 1, pages.render_scale()) is not None, timeout=10000)
    first = pages.cache.get(pages.token, 0, pages.render_scale())
    second = pages.cache.get(pages.token, 1, pages.render_scale())
    assert first.pixelColor(20, 20).name() == "#ff0000"
    assert second.pixelColor(20, 20).name() == "#0000ff"
    pages.set_position(2, 0.0)
    qtbot.waitUntil(lambda: pages.cache.get(pages.token, 2, pages.render_scale()) is not None, timeout=10000)
    assert pages.cache.get(pages.token, 2, pages.render_scale()).pixelColor(20, 20).name() == "#00ff00"
    assert first.pixelColor(20, 20).name() == "#ff0000"
