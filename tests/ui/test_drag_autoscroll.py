"""Dragging a selection past the bottom or top edge of the view: it scrolls on its own, faster
the further out the mouse is held, and the selection grows with it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt

from tests.pdfs import make_pdf
from tests.ui.helpers import import_one, open_and_wait, open_window, send_mouse, wait_words, word_centre

PAGES = [f"Page {n} opens here\nand its middle line\nthen page {n} closes" for n in range(1, 9)]


def _mouse(viewport, kind: QEvent.Type, point: QPoint) -> None:
    held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
    send_mouse(viewport, kind, point, held)


def _long_document_at_full_size(qtbot, library, tmp_path):
    """The window with the eight-page document open at 100 %."""
    document = import_one(library, make_pdf(tmp_path / "long.pdf", PAGES, title="Long"))
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    window.viewer.pages.set_zoom(1.0)
    return window, window.viewer.pages


def _scrolled_while_held(qtbot, pages, point: QPoint, ms: int) -> int:
    """How far the view scrolled after the mouse came to rest at ``point`` for ``ms``."""
    bar = pages.verticalScrollBar()
    _mouse(pages.viewport(), QEvent.Type.MouseMove, point)
    before = bar.value()
    qtbot.wait(ms)
    return bar.value() - before


def test_holding_a_drag_below_the_view_scrolls_and_extends_the_selection(qtbot, library, tmp_path):
    window, pages = _long_document_at_full_size(qtbot, library, tmp_path)
    for page in range(8):
        wait_words(qtbot, window, page)
    viewport = pages.viewport()
    _mouse(viewport, QEvent.Type.MouseButtonPress, word_centre(window, 0, "opens"))
    height = viewport.height()
    near = _scrolled_while_held(qtbot, pages, QPoint(200, height + 5), 300)
    far = _scrolled_while_held(qtbot, pages, QPoint(200, height + 150), 300)
    assert 0 < near < far  # it scrolls with the mouse still, faster further out
    assert pages.selection is not None and pages.selection.pages[-1].page_index > 0
    assert pages.selection.text.startswith("opens here")
    last = pages.selection.pages[-1].page_index

    _mouse(viewport, QEvent.Type.MouseButtonRelease, QPoint(200, height + 150))
    stopped = pages.verticalScrollBar().value()
    qtbot.wait(150)
    assert pages.verticalScrollBar().value() == stopped  # released: the scrolling stops
    assert pages.selection.pages[-1].page_index == last


def test_holding_a_drag_above_the_view_scrolls_up(qtbot, library, tmp_path):
    window, pages = _long_document_at_full_size(qtbot, library, tmp_path)
    pages.go_to_page(4)
    for page in range(2, 5):
        wait_words(qtbot, window, page)
    viewport = pages.viewport()
    _mouse(viewport, QEvent.Type.MouseButtonPress, word_centre(window, 4, "closes"))
    moved = _scrolled_while_held(qtbot, pages, QPoint(200, -60), 400)
    _mouse(viewport, QEvent.Type.MouseButtonRelease, QPoint(200, -60))
    assert moved < 0
    assert pages.selection is not None and pages.selection.pages[0].page_index < 4
    assert pages.selection.text.rstrip().endswith("closes")
