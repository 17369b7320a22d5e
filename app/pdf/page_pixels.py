"""Pages drawn by the page reader straight into memory the window maps: no pipe, no conversion.

A page's pixels (a megabyte and more) used to cross the pipe and be converted to the screen's
layout in the window; now the reader draws them into shared memory, in that layout already
(see ``PIXEL_LAYOUT``), and the window reads them in place. Fresh memory costs more than the
drawing saves (about 1 ms a megabyte here, to have the pages of it made and zeroed), so the
reader keeps one ``Canvas`` and draws every page into it again; the window copies out of it,
except the first page of a document, which the window keeps as it is (``keep``) and the reader
makes a new canvas after it, when it is next needed.
"""

from __future__ import annotations

import mmap
import os
import sys
from typing import TYPE_CHECKING, Any

from app.pdf.reader_messages import Image

if TYPE_CHECKING:  # multiprocessing is imported when the reader starts, not with the window
    from multiprocessing.connection import Connection
    from types import ModuleType

    from app.pdf.reader_messages import Open, Render

# MuPDF's BGR with an alpha byte, cleared to opaque white: on a little-endian machine these
# are the bytes of Qt's RGB32 (0xffRRGGBB), which the screen paints without converting. A
# big-endian machine gets the byte-ordered RGBA that Qt reads as RGBX8888. (Where a page
# draws transparent objects, MuPDF's rounding leaves 254 in a few alpha bytes; the colours
# are get_pixmap's all the same, and Qt paints RGB32 as opaque whatever that byte holds.)
PIXEL_LAYOUT = "BGRA" if sys.byteorder == "little" else "RGBA"
# The canvas is made at least this big (pages of it are made only once drawn on), so that
# a thumbnail drawn first does not make it too small for the page after.
MIN_CANVAS = 4 * 1024 * 1024
# A canvas this much bigger than what is drawn (after a deep zoom) is let go.
SHRINK_FACTOR = 4


class Canvas:
    """The shared memory the reader draws into, and the window reads from."""

    def __init__(self) -> None:
        self.buffer: mmap.mmap | None = None
        self._fd: int | None = None  # until the window has been sent it

    def take(self, size: int) -> mmap.mmap:
        """Memory for ``size`` bytes: the current canvas, or a new one when it is too small,
        far too big, or was given away."""
        buffer = self.buffer
        if buffer is None or len(buffer) < size or (len(buffer) > MIN_CANVAS and len(buffer) > SHRINK_FACTOR * size):
            self.release()
            capacity = max(size, MIN_CANVAS)
            fd = os.memfd_create("page-pixels", os.MFD_CLOEXEC)
            try:
                os.ftruncate(fd, capacity)
                self.buffer = mmap.mmap(fd, capacity, flags=mmap.MAP_SHARED)
            except OSError:
                os.close(fd)
                raise
            self._fd = fd
        return self.buffer

    def send(self, connection: Connection, request: Render | Open, size: tuple[int, int, int], *, keep: bool) -> None:
        """Send the ``Image`` drawn for ``request`` (width, height, bytes per line: ``size``), then
        the canvas's descriptor when it is new. With ``keep`` the window keeps the pixels: the
        reader no longer draws there."""
        fresh = self._fd is not None
        connection.send(Image(request, *size, fresh=fresh, keep=keep))
        if fresh:
            fd, self._fd = self._fd, None
            from multiprocessing.reduction import send_handle  # noqa: PLC0415 - a fresh canvas is rare

            try:
                send_handle(connection, fd, 0)  # the pid is only used on Windows
            finally:
                os.close(fd)
        if keep:
            self.buffer = None  # the window's now: unmapped here once nothing refers to it

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self.buffer = None


class CanvasView:
    """The window's side: the canvas the reader draws into, mapped."""

    def __init__(self) -> None:
        self.buffer: mmap.mmap | None = None

    def receive(self, connection: Connection, fresh: bool) -> mmap.mmap:
        """The canvas to read this image from (reading the new one's descriptor when ``fresh``)."""
        if fresh:
            from multiprocessing.reduction import recv_handle  # noqa: PLC0415 - a fresh canvas is rare

            fd = recv_handle(connection)
            try:
                self.buffer = mmap.mmap(fd, os.fstat(fd).st_size, flags=mmap.MAP_SHARED)
            finally:
                os.close(fd)
        if self.buffer is None:
            raise OSError("the page reader sent an image without its memory")
        return self.buffer

    def give_away(self) -> None:
        """The image just read keeps the canvas: the reader draws the next one elsewhere."""
        self.buffer = None


def draw_page(
    pymupdf: ModuleType, page: Any, scale: float, canvas: Canvas, clip: tuple[float, float, float, float] | None = None
) -> tuple[int, int, int]:
    """Draw ``page`` (only ``clip`` of it, in page points, when given) at ``scale`` into the
    canvas; returns the image's width, height and bytes per line.

    What ``Page.get_pixmap`` draws, pixel for pixel (a test compares them), but without the
    display list it records first, and into the canvas in the screen's layout.
    """
    mupdf = pymupdf.mupdf
    matrix = mupdf.FzMatrix(scale, 0, 0, scale, 0, 0)
    rect = mupdf.fz_bound_page(page.this)
    if clip is not None:
        rect = mupdf.fz_intersect_rect(rect, mupdf.FzRect(*clip))
    bbox = mupdf.fz_round_rect(mupdf.fz_transform_rect(rect, matrix))
    width, height = max(0, bbox.x1 - bbox.x0), max(0, bbox.y1 - bbox.y0)
    if not width or not height:
        raise ValueError("nothing of the page is in the area asked for")
    stride = width * 4
    buffer = canvas.take(stride * height)
    colorspace = mupdf.fz_device_bgr() if PIXEL_LAYOUT == "BGRA" else mupdf.fz_device_rgb()
    pixmap = mupdf.fz_new_pixmap_with_bbox_and_data(
        colorspace, bbox, mupdf.FzSeparations(), 1, mupdf.python_mutable_buffer_data(buffer)
    )
    mupdf.fz_clear_pixmap_with_value(pixmap, 0xFF)
    if clip is None:
        device = mupdf.fz_new_draw_device(matrix, pixmap)
    else:
        device = mupdf.fz_new_draw_device_with_bbox(matrix, pixmap, bbox)
    try:
        mupdf.fz_run_page(page.this, device, mupdf.FzMatrix(), mupdf.FzCookie())
        mupdf.fz_close_device(device)
    finally:
        del device, pixmap  # MuPDF lets go of the canvas before it is sent or drawn on again
    return width, height, stride
