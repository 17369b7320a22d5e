"""The page reader draws pages into shared memory in the screen's layout: the same pixels as
PyMuPDF's own rendering, and a canvas the window can keep without the next page overwriting it."""

from __future__ import annotations

import multiprocessing

import pymupdf
import pytest

from app.pdf.page_pixels import PIXEL_LAYOUT, Canvas, CanvasView, draw_page
from app.pdf.reader_messages import Image, Render
from tests.pdfs import make_pdf


def _coloured_pdf(path, colours):
    """One page per colour: a filled square of it, and a line of text."""
    document = pymupdf.open()
    for colour in colours:
        page = document.new_page(width=300, height=400)
        page.draw_rect(pymupdf.Rect(20, 20, 120, 120), color=None, fill=colour)
        page.insert_text((20, 200), "Detention conditions, 2019", fontsize=12)
        page.draw_line((20, 300), (280, 380), color=(0, 0.5, 0), width=3)
    document.save(path)
    return path


def _as_rgb(buffer, width: int, height: int, stride: int) -> bytes:
    """The canvas's pixels as RGB bytes, to compare with PyMuPDF's RGB pixmap."""
    rgb = bytearray(width * height * 3)
    order = (2, 1, 0) if PIXEL_LAYOUT == "BGRA" else (0, 1, 2)
    for y in range(height):
        line = buffer[y * stride : y * stride + width * 4]
        for channel, source in enumerate(order):
            rgb[y * width * 3 + channel : (y + 1) * width * 3 : 3] = line[source::4]
    return bytes(rgb)


@pytest.mark.parametrize("scale, tile", [(1.0, None), (1.7, None), (4.0, (200, 240, 712, 752))])
def test_a_drawn_page_has_pymupdfs_pixels(tmp_path, scale, tile):
    path = _coloured_pdf(tmp_path / "colours.pdf", [(0.9, 0.1, 0.2)])
    canvas = Canvas()
    with pymupdf.open(path) as document:
        clip = None if tile is None else tuple(v / scale for v in tile)
        width, height, stride = draw_page(pymupdf, document[0], scale, canvas, clip)
        expected = document[0].get_pixmap(
            matrix=pymupdf.Matrix(scale, scale), alpha=False, clip=None if clip is None else pymupdf.Rect(clip)
        )
    assert (width, height) == (expected.width, expected.height)
    assert _as_rgb(canvas.buffer, width, height, stride) == expected.samples
    assert bytes(canvas.buffer[3 : height * stride : 4]) == b"\xff" * (width * height)  # opaque


def test_text_is_drawn_as_pymupdf_draws_it(tmp_path):
    path = make_pdf(tmp_path / "report.pdf", ["Allegations of ill-treatment in custody were heard."])
    canvas = Canvas()
    with pymupdf.open(path) as document:
        width, height, stride = draw_page(pymupdf, document[0], 1.3, canvas)
        expected = document[0].get_pixmap(matrix=pymupdf.Matrix(1.3, 1.3), alpha=False)
    assert _as_rgb(canvas.buffer, width, height, stride) == expected.samples


def test_the_canvas_is_drawn_on_again_unless_the_window_keeps_it(tmp_path):
    path = _coloured_pdf(tmp_path / "colours.pdf", [(1, 0, 0), (0, 0, 1), (0, 1, 0)])
    reader_end, window_end = multiprocessing.Pipe()
    canvas, view = Canvas(), CanvasView()

    def send_page(document, index: int, keep: bool):
        size = draw_page(pymupdf, document[index], 1.0, canvas)
        request = Render(index, 1.0)
        canvas.send(reader_end, request, size, keep=keep)
        image = window_end.recv()
        assert image == Image(request, *size, fresh=image.fresh, keep=keep)
        stride, fresh = image.stride, image.fresh
        buffer = view.receive(window_end, fresh)
        if image.keep:
            view.give_away()
        red_square = bytes(buffer[50 * stride + 50 * 4 : 50 * stride + 51 * 4])
        return buffer, fresh, red_square

    blue, red = (b"\xff\x00\x00\xff", b"\x00\x00\xff\xff") if PIXEL_LAYOUT == "BGRA" else (b"\x00\x00\xff\xff", b"\xff\x00\x00\xff")
    with pymupdf.open(path) as document:
        first, fresh, pixel = send_page(document, 0, keep=False)
        assert fresh and pixel == red  # a new canvas comes with its descriptor
        second, fresh, pixel = send_page(document, 1, keep=True)
        assert not fresh and pixel == blue and second is first  # drawn in the same canvas again
        third, fresh, _pixel = send_page(document, 2, keep=False)
        assert fresh and third is not second  # the kept one is not drawn on again
        assert bytes(second[50 * 1200 + 200 : 50 * 1200 + 204]) == blue
    reader_end.close()
    window_end.close()


def test_an_area_outside_the_page_is_refused(tmp_path):
    path = _coloured_pdf(tmp_path / "colours.pdf", [(1, 0, 0)])
    with pymupdf.open(path) as document, pytest.raises(ValueError):
        draw_page(pymupdf, document[0], 1.0, Canvas(), (400, 500, 600, 700))
