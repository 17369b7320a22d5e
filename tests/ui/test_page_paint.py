"""The column of pages as painted: the grey background around the pages, each page's rendering
(or white while it renders) over its own rectangle, and nothing else, also after scrolling."""

from __future__ import annotations

from PySide6.QtCore import QRect

from tests.pdfs import make_pdf
from tests.ui.helpers import import_one, open_and_wait, open_window
from ui.page_view import _BACKGROUND

PAGES = [f"Page {n}: the mission met detainees held without charge." for n in range(1, 7)]


def _check_view(pages) -> tuple[int, int]:
    """Every sampled pixel of the view is the background, or the page's own pixel where a page is.
    Returns how many background and page pixels were checked."""
    shown = pages.viewport().grab().toImage()
    dx, dy = pages.horizontalScrollBar().value(), pages.verticalScrollBar().value()
    scale = pages.render_scale()
    rects: list[tuple[QRect, object]] = []
    for page in pages.visible_pages():
        r = pages.layout_.rect(page)
        rects.append((QRect(round(r.x - dx), round(r.y - dy), round(r.width), round(r.height)),
                      pages.cache.get(pages.token, page, scale)))
    background = on_page = 0
    for x in range(0, shown.width(), 4):  # every fourth pixel: enough of each kind with the toolbar shown too
        for y in range(0, shown.height(), 4):
            colour = shown.pixelColor(x, y)
            inside = [(rect, image) for rect, image in rects if rect.adjusted(2, 2, -2, -2).contains(x, y)]
            near = any(rect.adjusted(-2, -2, 2, 2).contains(x, y) for rect, _ in rects)
            if inside:
                rect, image = inside[0]
                if image is None:
                    expected = 0xFFFFFFFF
                else:
                    expected = image.pixel(x - rect.x(), y - rect.y())
                assert colour.rgb() == expected, (x, y, colour.name())
                on_page += 1
            elif not near:
                assert colour.rgb() == _BACKGROUND.rgb(), (x, y, colour.name())
                background += 1
    return background, on_page


def test_the_background_surrounds_the_pages_and_the_pages_are_their_renderings(qtbot, library, tmp_path):
    document = import_one(library, make_pdf(tmp_path / "report.pdf", PAGES))
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    pages = window.viewer.pages
    with qtbot.waitSignal(pages.page_painted, timeout=10000):
        pages.set_zoom(0.5)  # narrower than the view: background beside and between the pages
    qtbot.waitUntil(lambda: not pages.wanted_pages(), timeout=10000)
    background, on_page = _check_view(pages)
    assert background > 100 and on_page > 100
    pages.verticalScrollBar().setValue(pages.verticalScrollBar().maximum() // 2)
    qtbot.waitUntil(lambda: not pages.wanted_pages(), timeout=10000)
    background, on_page = _check_view(pages)
    assert background > 100 and on_page > 100
