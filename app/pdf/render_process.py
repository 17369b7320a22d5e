"""The page reader that runs in its own process: opens one PDF, renders pages, reads words, finds text.

Rendering runs in a separate process because PyMuPDF holds Python's global lock for the
whole of a render (a page at high zoom takes 100 ms and more), which would freeze the
window's thread; and because a hostile PDF that crashes or hangs MuPDF must not take the
app with it. The window's render thread sends one request at a time and waits for the reply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.pdf.links import links_on
from app.pdf.page_pixels import Canvas, draw_page

if TYPE_CHECKING:  # the window imports this module for its constants, before any reader starts
    from multiprocessing.connection import Connection

# Replies: ("opened", page_count, first_scale | None, first_size | None), then the first
#          page's image when first_scale is given | ("failed", kind, message)
#          ("image", width, height, stride, fresh, keep): the pixels are in the shared canvas
#          (see app.pdf.page_pixels), whose descriptor follows when ``fresh``
#          ("words", PageWords, links) | ("found", hits: each a tuple of quads) | ("error", message)
#          ("pong",) to ("ping",)
NEEDS_PASSWORD = "password"
WRONG_PASSWORD = "wrong-password"
DAMAGED = "damaged"
# How long the reader waits for a request before doing what can wait (closing the document
# read before): done at once, it would take the processor from the window painting the page.
IDLE_AFTER = 0.05


def serve(connection: Connection) -> None:
    """Answer requests until the other end closes the connection or sends ``("quit",)``."""
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    document = None
    canvas = Canvas()
    later: list = []  # documents to close once idle
    while True:
        try:
            if later and not connection.poll(IDLE_AFTER):
                for previous in later:
                    previous.close()
                later.clear()
                continue
            request = connection.recv()
        except (EOFError, OSError):
            break
        kind = request[0]
        if kind == "quit":
            break
        if kind == "ping":  # the reader is up and answering
            connection.send(("pong",))
            continue
        if kind == "open":
            previous = document
            document, reply = _open(pymupdf, *request[1:])
            connection.send(reply)
            if reply[0] == "opened" and reply[2] is not None:
                # The page the reader will see comes straight after, without another request;
                # the window keeps its pixels as they are.
                page_index = min(request[3][0], reply[1] - 1)
                _render(pymupdf, document, connection, canvas, page_index, reply[2], keep=True)
            if previous is not None:
                later.append(previous)  # closed once no request waits (IDLE_AFTER)
        elif document is None:
            connection.send(("error", "no document is open"))
        elif kind == "render":
            _render(pymupdf, document, connection, canvas, *request[1:])
        elif kind == "words":  # the page's links come with its words: both are wanted for pages in view
            connection.send(("words", *_words_and_links(document, request[1])))
        elif kind == "search":
            connection.send(("found", _search(document, request[1], request[2])))
        elif kind == "close":
            document.close()
            document = None
    for open_document in (*later, document):
        if open_document is not None:
            open_document.close()


def _open(pymupdf, path: str, password: str | None, first: tuple | None):
    try:
        document = pymupdf.open(path)
    except Exception as error:  # MuPDF raises plain RuntimeError subclasses
        return None, ("failed", DAMAGED, f"The file cannot be read as a PDF ({_short(error)}).")
    if document.needs_pass:
        if not password:
            document.close()
            return None, ("failed", NEEDS_PASSWORD, "This document is protected by a password.")
        if not document.authenticate(password):
            document.close()
            return None, ("failed", WRONG_PASSWORD, "The password does not open this document.")
    if document.page_count < 1:
        document.close()
        return None, ("failed", DAMAGED, "The file holds no page that can be shown.")
    first_scale = first_size = None
    if first is not None:
        # (page, scale) or (page, None, pixels across, pixels down or None): the scale that fits
        # the page in that box, for when the window does not know the page's size yet.
        page_index, scale, *box = first
        try:
            rect = document.load_page(min(page_index, document.page_count - 1)).rect
        except Exception:
            rect = None
        if rect is not None and rect.width > 0 and rect.height > 0:
            first_size = (rect.width, rect.height)
            if scale is None and box:
                across, down = box
                scale = across / rect.width if down is None else min(across / rect.width, down / rect.height)
            first_scale = scale
    return document, ("opened", document.page_count, first_scale, first_size)


def _render(
    pymupdf,
    document,
    connection: Connection,
    canvas: Canvas,
    page_index: int,
    scale: float,
    tile: tuple | None = None,
    *,
    keep: bool = False,
) -> None:
    """Render the page, or only ``tile`` of it: (x0, y0, x1, y1) in pixels of the page at ``scale``."""
    clip = None if tile is None else tuple(v / scale for v in tile)
    try:
        size = draw_page(pymupdf, document.load_page(page_index), scale, canvas, clip)
    except Exception as error:
        connection.send(("error", _short(error)))
        return
    canvas.send(connection, ("image", *size), keep=keep)


def _words_and_links(document, page_index: int) -> tuple:
    """The page's words and its links, from one load of the page; none of either when it cannot be read."""
    from app.pdf.words import page_words
    from app.selection import PageWords

    try:
        page = document.load_page(page_index)
    except Exception:
        return PageWords(page_index, (), ""), ()
    try:
        words = page_words(page, page_index)
    except Exception:
        words = PageWords(page_index, (), "")
    return words, links_on(page, document.page_count)


def _search(document, text: str, page_index: int) -> tuple:
    from app.pdf.find import find_on_page

    try:
        return find_on_page(document.load_page(page_index), text)
    except Exception:
        return ()


def _short(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) < 120 else text[:117] + "..."
