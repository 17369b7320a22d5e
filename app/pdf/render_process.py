"""The page reader that runs in its own process: opens one PDF, renders pages, reads words, finds text.

Rendering runs in a separate process because PyMuPDF holds Python's global lock for the
whole of a render (a page at high zoom takes 100 ms and more), which would freeze the
window's thread; and because a hostile PDF that crashes or hangs MuPDF must not take the
app with it. The window's render thread sends one request at a time and waits for the reply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.pdf.links import links_on
from app.pdf.page_pixels import Canvas
from app.pdf.page_source import PyMuPDFPages
from app.pdf.reader_messages import (
    DAMAGED,
    NEEDS_PASSWORD,
    WRONG_PASSWORD,
    Close,
    Error,
    Failed,
    Found,
    Open,
    Opened,
    PageRead,
    Ping,
    Pong,
    Quit,
    Render,
    Request,
    Search,
    Words,
)
from app.text.selection import PageWords

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

# How long the reader waits for a request before doing what can wait (closing the document
# read before): done at once, it would take the processor from the window painting the page.
IDLE_AFTER = 0.05


def serve(connection: Connection) -> None:
    """Answer requests (``app.pdf.reader_messages``) until the other end closes the connection or sends ``Quit``."""
    import pymupdf  # noqa: PLC0415 - loaded in the render process only

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    reader = _Reader(pymupdf, connection)
    try:
        while True:
            try:
                if reader.later and not connection.poll(IDLE_AFTER):
                    reader.close_later()
                    continue
                request = connection.recv()
            except (EOFError, OSError):
                break
            if not reader.answer(request):
                break
    finally:
        reader.close_all()


class _Reader:
    """The reader's state between requests: the open document and the canvas it draws into."""

    def __init__(self, pymupdf, connection: Connection) -> None:  # noqa: ANN001 - the pymupdf module
        self.pymupdf = pymupdf
        self.connection = connection
        self.pages: PyMuPDFPages | None = None
        self.canvas = Canvas()
        self.later: list[PyMuPDFPages] = []  # documents to close once idle

    def answer(self, request: Request) -> bool:
        """Do what ``request`` asks; False once asked to stop."""
        match request:
            case Quit():
                return False
            case Ping():
                self.connection.send(Pong(request))
            case Open():
                self._open(request)
            case _ if self.pages is None:
                self.connection.send(Error(request, "no document is open"))
            case Render(page=page, scale=scale, clip=clip):
                self._render(request, page, scale, clip)
            case Words(page=page):  # the page's links come with its words: both are wanted for pages in view
                self.connection.send(PageRead(request, *_words_and_links(self.pages, page)))
            case Search(text=text, page=page):
                self.connection.send(Found(request, _search(self.pages, text, page)))
            case Close():
                self.pages.close()
                self.pages = None
            case _:
                self.connection.send(Error(request, f"not a request: {type(request).__name__}"))
        return True

    def _open(self, request: Open) -> None:
        previous = self.pages
        self.pages, reply = _open(self.pymupdf, request)
        self.connection.send(reply)
        if isinstance(reply, Opened) and reply.first_scale is not None:
            # The page the reader will see comes straight after, without another request;
            # the window keeps its pixels as they are.
            page_index = min(request.first.page, reply.page_count - 1)
            self._render(request, page_index, reply.first_scale, keep=True)
        if previous is not None:
            self.later.append(previous)  # closed once no request waits (IDLE_AFTER)

    def _render(
        self, request: Render | Open, page_index: int, scale: float, tile: tuple | None = None, *, keep: bool = False
    ) -> None:
        """Render the page, or only ``tile`` of it: (x0, y0, x1, y1) in pixels of the page at ``scale``."""
        clip = None if tile is None else tuple(v / scale for v in tile)
        try:
            size = self.pages.render(page_index, scale, self.canvas, clip)
        except Exception as error:
            self.connection.send(Error(request, _short(error)))
            return
        self.canvas.send(self.connection, request, size, keep=keep)

    def close_later(self) -> None:
        for previous in self.later:
            previous.close()
        self.later.clear()

    def close_all(self) -> None:
        self.close_later()
        if self.pages is not None:
            self.pages.close()
            self.pages = None


def _open(pymupdf, request: Open) -> tuple[PyMuPDFPages | None, Opened | Failed]:  # noqa: ANN001
    try:
        document = pymupdf.open(request.path)
    except Exception as error:  # MuPDF raises plain RuntimeError subclasses
        return None, Failed(request, DAMAGED, f"The file cannot be read as a PDF ({_short(error)}).")
    if document.needs_pass:
        if not request.password:
            document.close()
            return None, Failed(request, NEEDS_PASSWORD, "This document is protected by a password.")
        if not document.authenticate(request.password):
            document.close()
            return None, Failed(request, WRONG_PASSWORD, "The password does not open this document.")
    if document.page_count < 1:
        document.close()
        return None, Failed(request, DAMAGED, "The file holds no page that can be shown.")
    pages = PyMuPDFPages(pymupdf, document)
    first_scale, first_size = _first_page(pages, request)
    return pages, Opened(request, document.page_count, first_scale, first_size)


def _first_page(pages: PyMuPDFPages, request: Open) -> tuple[float | None, tuple[float, float] | None]:
    """The scale to draw ``request.first`` at, and that page's size, when it can be read."""
    if request.first is None:
        return None, None
    try:
        rect = pages.page(min(request.first.page, pages.document.page_count - 1)).rect
    except Exception:
        return None, None
    if rect.width <= 0 or rect.height <= 0:
        return None, None
    return request.first.scale_for(rect.width, rect.height), (rect.width, rect.height)


def _words_and_links(pages: PyMuPDFPages, page_index: int) -> tuple[PageWords, tuple]:
    """The page's words and its links, from one load of the page; none of either when it cannot be read."""
    try:
        page = pages.page(page_index)
    except Exception:
        return PageWords(page_index, (), ""), ()
    try:
        words = pages.words(page_index)
    except Exception:
        words = PageWords(page_index, (), "")
    return words, links_on(page, pages.document.page_count)


def _search(pages: PyMuPDFPages, text: str, page_index: int) -> tuple:
    try:
        return pages.find(page_index, text)
    except Exception:
        return ()


def _short(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) < 120 else text[:117] + "..."
