"""Deep zoom: a page too large to render whole comes as tiles of the part in view, over a
low-resolution rendering of the page, so memory stays bounded and the text stays sharp."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from tests.pdfs import make_pdf
from tests.ui.helpers import import_one, open_and_wait, open_window, wait_words, word_centre
from ui.page_tiles import PLACEHOLDER_PIXELS, TILE, placeholder_scale, scale_key

PAGES = ["The delegation heard allegations\nof ill-treatment in custody.", "Second page."]


def _zoomed_in(qtbot, library, tmp_path, zoom=4.0):
    document = import_one(library, make_pdf(tmp_path / "report.pdf", PAGES, title="Report"))
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    pages = window.viewer.pages
    with qtbot.waitSignal(pages.page_painted, timeout=10000):
        pages.set_zoom(zoom)
        pages.go_to_page(0)
        pages.horizontalScrollBar().setValue(0)  # the top left corner, where the text is
    qtbot.waitUntil(lambda: not pages.wanted_pages(), timeout=10000)
    return window, pages


def test_at_a_high_zoom_the_cache_holds_tiles_not_whole_pages(qtbot, library, tmp_path):
    window, pages = _zoomed_in(qtbot, library, tmp_path)
    assert pages.page_is_tiled(0)
    in_view = pages.tiles_in_view(0)
    assert len(in_view) > 1
    assert pages.cache.get(pages.token, 0, pages.render_scale()) is None  # no whole page at 400 %
    assert all(pages.cache.get(pages.token, 0, pages.render_scale(), tile) is not None for tile, _ in in_view)
    assert pages.cache.tiles() >= len(in_view)
    zoomed = scale_key(pages.render_scale())
    placeholder = scale_key(placeholder_scale(595, 842))
    for key, image in pages.cache._images.items():
        if key.scale not in (zoomed, placeholder):
            continue  # a rendering at the zoom before (fitted to the width): no larger than that page
        pixels = image.width() * image.height()
        assert pixels <= max(TILE * TILE, PLACEHOLDER_PIXELS * 1.01)
    whole_page_bytes = 595 * 842 * pages.render_scale() ** 2 * 4
    assert pages.cache.used < whole_page_bytes / 2


def test_the_view_shows_the_tiles_pixel_for_pixel(qtbot, library, tmp_path):
    window, pages = _zoomed_in(qtbot, library, tmp_path)
    shown = pages.viewport().grab().toImage()
    ratio = pages.devicePixelRatioF()
    rect = pages.layout_.rect(0)
    left = round(rect.x) - pages.horizontalScrollBar().value()
    top = round(rect.y) - pages.verticalScrollBar().value()
    tiles = dict(pages.tiles_in_view(0))
    checked = dark = 0
    for x in range(0, shown.width(), 7):
        for y in range(0, shown.height(), 7):
            px, py = round((x - left) * ratio), round((y - top) * ratio)  # in the page's pixels
            tile = (px // TILE, py // TILE)
            if px < 0 or py < 0 or tile not in tiles or px >= tiles[tile][2] or py >= tiles[tile][3]:
                continue
            image = pages.cache.get(pages.token, 0, pages.render_scale(), tile)
            expected = image.pixel(px - tiles[tile][0], py - tiles[tile][1])
            assert shown.pixel(x, y) == expected, (x, y, tile)
            checked += 1
            dark += QColor(expected).lightness() < 100
    assert checked > 1000 and dark > 10  # the whole view, and text in it


def test_find_marks_highlights_and_the_selection_are_drawn_over_tiles(qtbot, library, tmp_path):
    window, pages = _zoomed_in(qtbot, library, tmp_path, zoom=3.0)
    assert pages.page_is_tiled(0)
    wait_words(qtbot, window, 0)
    bar = pages.horizontalScrollBar()
    bar.setValue(bar.value() + word_centre(window, 0, "delegation").x() - 60)  # the word in view
    qtbot.waitUntil(lambda: not pages.wanted_pages(), timeout=10000)
    plain = pages.viewport().grab().toImage()
    point = word_centre(window, 0, "delegation")
    assert plain.rect().contains(point)
    box = pages._quad_rect(0, _word_quad(pages, "delegation")).toRect().intersected(plain.rect())
    pages.set_hits([(0, (_word_quad(pages, "delegation"),))], 0)
    marked = pages.viewport().grab().toImage()
    assert _changed(plain, marked, box) > box.width() * box.height() / 2
    pages.set_hits([], -1)
    pages.set_highlights({0: [(QColor(255, 235, 59, 160), (_word_quad(pages, "delegation"),), False)]})
    highlighted = pages.viewport().grab().toImage()
    assert _changed(plain, highlighted, box) > box.width() * box.height() / 2
    pages.set_highlights({})
    qtbot.mouseDClick(pages.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert pages.selection.text == "delegation"
    selected = pages.viewport().grab().toImage()
    assert _changed(plain, selected, box) > box.width() * box.height() / 2


def _word_quad(pages, text):
    word = next(w for w in pages.words[0].words if w.text == text)
    return (word.x0, word.y0, word.x1, word.y0, word.x0, word.y1, word.x1, word.y1)


def _changed(before, after, box) -> int:
    return sum(
        before.pixel(x, y) != after.pixel(x, y)
        for x in range(box.left(), box.right() + 1)
        for y in range(box.top(), box.bottom() + 1)
    )
