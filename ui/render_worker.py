"""The one thread that asks for pages: renders, word boxes and find results, newest wishes first.

The PDF itself is opened in a page-reader process (``app.pdf.render_process``): PyMuPDF
holds Python's global lock for the whole of a render, so rendering in a thread of this
process would freeze the window for as long; and a hostile PDF that crashes MuPDF costs
the reader process, not the app. This thread sends one request at a time, waits for the
reply without holding the lock, and hands results to the UI as queued signals. The UI
never waits: it states wishes (which pages at which scale, newer wishes replacing older
ones, so pages scrolled away are dropped) and paints what has arrived. (Two exceptions,
for a document's first page: the UI thread sends the open itself when this thread is idle,
and waits a moment for that page, see ``wait_first_page``.)
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QImage

from app.pdf.page_pixels import PIXEL_LAYOUT, CanvasView
from app.pdf.page_source import LayeredWords
from app.pdf.reader_messages import (  # noqa: F401 (the kinds of failure are re-exported)
    DAMAGED,
    NEEDS_PASSWORD,
    WRONG_PASSWORD,
    Failed,
    FirstPageWish,
    Found,
    Image,
    Open,
    Opened,
    PageRead,
    Ping,
    Quit,
    Render,
    Reply,
    Request,
    Search,
    Words,
)
from app.text.selection import PageWords
from ui.page_tiles import ImageKey

if TYPE_CHECKING:  # multiprocessing is imported when the reader starts, not with the window
    import mmap
    from multiprocessing.connection import Connection

T = TypeVar("T")

# How long one page may take before the reader process is taken for hung and replaced.
REPLY_TIMEOUT = 60.0
# How long a page (or tile) just rendered is not rendered again when asked for.
RECENT_SECONDS = 1.0
# Room in the pipe to the page reader, so that a large reply (a page's words and links)
# crosses in one turn of both processes rather than many.
PIPE_BUFFER = 8 * 1024 * 1024
# The layout the page reader draws pixels in (app.pdf.page_pixels), as Qt names it.
_FORMAT = QImage.Format.Format_RGB32 if PIXEL_LAYOUT == "BGRA" else QImage.Format.Format_RGBX8888


@dataclass
class _Wishes:
    token: int = 0
    open_path: Path | None = None
    password: str | None = None
    first: FirstPageWish | None = None
    renders: list[tuple[int, float]] = field(default_factory=list)
    words: deque[int] = field(default_factory=deque)
    thumbs: list[tuple[int, float]] = field(default_factory=list)
    search_id: int = 0
    search_text: str = ""
    search_next: int = -1  # next page to search; -1 when no search is running
    stop: bool = False
    preload: bool = False
    open_sent: bool = False  # the UI thread has sent the open to the page reader already


class _Recent:
    """Renderings sent in the last moment: the window asks again for a page until its image
    has crossed to the UI thread, and those wishes are dropped. Later wishes are honoured,
    since the cache may have let the image go since."""

    def __init__(self, seconds: float = RECENT_SECONDS) -> None:
        self.seconds = seconds
        self._sent: dict[ImageKey, float] = {}

    def add(self, key: ImageKey) -> None:
        now = time.monotonic()
        if len(self._sent) > 256:
            self._sent = {k: t for k, t in self._sent.items() if now - t < self.seconds}
        self._sent[key] = now

    def has(self, key: ImageKey) -> bool:
        sent = self._sent.get(key)
        return sent is not None and time.monotonic() - sent < self.seconds

    def clear(self) -> None:
        self._sent.clear()


@dataclass(frozen=True)
class FirstPage:
    """The first page of a document just opened, handed straight to the UI thread waiting for it:
    first its size and the page count (the reader knows them before rendering), then its image."""

    token: int
    page: int
    scale: float
    page_count: int
    size: tuple[float, float]  # the page's width and height in PDF points
    image: QImage | None = None


class ReaderGone(Exception):
    """The page-reader process died or stopped answering."""


class _Reader:
    """The page-reader process and the pipe to it."""

    def __init__(self) -> None:
        import multiprocessing

        # forkserver: the reader does not inherit this process's threads (Qt's among them).
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["app.pdf.render_process", "app.pdf.extract"])
        from app.pdf.render_process import serve

        self.connection, child = context.Pipe(duplex=True)
        for end in (self.connection, child):
            _widen(end)
        self.process = context.Process(target=serve, args=(child,), daemon=True, name="page-reader")
        self.process.start()
        child.close()
        self.canvas = CanvasView()  # where the reader draws pages

    def ask(self, request: Request) -> Reply:
        self.send(request)
        return self.receive(request)

    def send(self, request: Request) -> None:
        try:
            self.connection.send(request)
        except (OSError, EOFError, BrokenPipeError) as error:
            raise ReaderGone(str(error)) from error

    def receive(self, request: Request | None) -> Reply:
        """The next reply, which must answer ``request`` (None: a request sent by the UI thread
        and given up since, whose reply is dropped unread)."""
        reply = self._receive(self.connection.recv)
        if request is not None and reply.request != request:
            # The two ends no longer agree on what was asked: only a new reader puts that right.
            raise ReaderGone(f"the page reader answered {reply.request!r} to {request!r}")
        return reply

    def receive_canvas(self, fresh: bool) -> mmap.mmap:
        """The memory the image just announced is in (its descriptor follows on the pipe when ``fresh``)."""
        if not fresh:
            return self.canvas.receive(self.connection, fresh)
        try:
            return self._receive(lambda: self.canvas.receive(self.connection, fresh))
        except RuntimeError as error:  # not the descriptor that was announced
            raise ReaderGone(str(error)) from error

    def _receive(self, read: Callable[[], T]) -> T:
        try:
            if not self.connection.poll(REPLY_TIMEOUT):
                raise ReaderGone("no reply in time")
            return read()
        except (OSError, EOFError) as error:  # the reader died mid-message
            raise ReaderGone(str(error)) from error

    def close(self) -> None:
        try:
            self.connection.send(Quit())
        except OSError:
            pass
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)
        self.connection.close()


def _widen(connection: Connection) -> None:
    """Ask for socket buffers that hold a page (the system may give less: then it is slower only)."""
    import socket  # with the reader, not with the window

    try:
        sock = socket.socket(fileno=connection.fileno())
    except OSError:
        return  # not a socket (a platform where the pipe is something else)
    try:
        for option in (socket.SO_SNDBUF, socket.SO_RCVBUF):
            sock.setsockopt(socket.SOL_SOCKET, option, PIPE_BUFFER)
    except OSError:
        pass
    finally:
        sock.detach()  # the connection keeps the descriptor


class RenderWorker(QThread):
    opened = Signal(int, int)  # token, page count
    failed = Signal(int, str, str)  # token, kind, message for the user
    rendered = Signal(int, int, float, QImage)  # token, page, scale, image
    tile_rendered = Signal(int, int, float, object, QImage)  # token, page, scale, (column, row), image
    thumbnail = Signal(int, int, QImage)  # token, page, image
    words_ready = Signal(int, object)  # token, app.text.selection.PageWords
    links_ready = Signal(int, int, object)  # token, page, tuple of app.pdf.links.PageLink
    found = Signal(int, int, int, object)  # token, search id, page, hits (each a tuple of quads)
    search_done = Signal(int, int)  # token, search id

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Condition()
        self._wishes = _Wishes()
        # The first page of an open the UI thread waits for (``wait_first_page``), handed over
        # directly rather than through the event loop.
        self._first = threading.Condition()
        self._first_wanted: int | None = None  # the token whose first page is waited for
        self._first_page: FirstPage | None = None
        self.reader_pid: int | None = None  # the page-reader process, once started
        # The page reader while this thread waits for work (nothing on its way to or from it),
        # and how many opens the UI thread has sent it since this thread last took an open.
        self._idle_reader: _Reader | None = None
        self._opens_sent = 0
        self.reader_ready = False  # the page reader has answered: a first page can be waited for
        # Words recognised (OCR) on pages of the open document that have no text layer: they stand in
        # for the reader's words there (``app.pdf.page_source.LayeredWords``). Token and layer.
        self._recognised: tuple[int, LayeredWords] | None = None

    # --- called from the UI thread; each returns at once -------------------------------

    def open_document(
        self,
        token: int,
        path: Path,
        password: str | None = None,
        pages: list[tuple[int, float]] = (),
        first: FirstPageWish | None = None,
    ) -> None:
        """Open ``path`` (dropping every wish about the document before) and render ``pages`` straight after.

        ``first`` is the page to render first, for when the page's size is not known yet. Its
        rendering, with the page's size and the page count, is for ``wait_first_page``, which
        the caller then calls.
        """
        with self._first:
            self._first_wanted = token if first is not None else None
            self._first_page = None
        with self._lock:
            sent = self._send_open(Path(path), password, first)
            self._wishes = _Wishes(
                token=token, open_path=Path(path), password=password, renders=list(pages), first=first, open_sent=sent
            )
            self._lock.notify()

    def _send_open(self, path: Path, password: str | None, first: FirstPageWish | None) -> bool:
        """Send the open to the page reader from the calling (UI) thread, when this thread waits
        for work: the reader starts without waiting for this thread to wake up first. This
        thread receives the replies as ever. Called with ``_lock`` held."""
        reader = self._idle_reader
        if reader is None or not str(path) or str(path) == ".":
            return False
        try:
            reader.send(Open(str(path), password, first))
        except ReaderGone:
            return False  # this thread sends it again, finds the reader gone, and replaces it
        self._opens_sent += 1
        return True

    def _take_stale_opens(self, sent: bool) -> int:
        """How many opens the UI thread sent for wishes replaced since (by another open or a
        close): their replies come first, and are dropped."""
        with self._lock:
            stale, self._opens_sent = self._opens_sent - (1 if sent else 0), 0
        return stale

    def _drop_open_replies(self, reader: _Reader) -> None:
        reply = reader.receive(None)
        if isinstance(reply, Opened) and reply.first_scale is not None:
            self._image(reader, reader.receive(None))  # the first page that came with it

    def wait_first_page(self, token: int, timeout: float, *, image: bool = True) -> FirstPage | None:
        """The first page of the open ``token``: with its image, or (``image`` False) as soon
        as its size is known, for laying the pages out while it renders. None when the open
        failed or nothing came in ``timeout`` seconds; once this gives up, the image comes
        as ``rendered``. Without ``image``, call it again for the image.

        The UI thread waits here rather than reading the library: that would hold Python's
        lock while this thread receives the image, and the page would wait for both.
        """
        with self._first:
            self._first.wait_for(
                lambda: self._first_wanted != token or (not image and self._first_page is not None), max(0.0, timeout)
            )
            first = self._first_page
            if image or first is None:
                self._first_page = None
                if self._first_wanted == token:
                    self._first_wanted = None  # given up waiting
        return first if first is not None and first.token == token else None

    def _hand_first(self, token: int, first: FirstPage | None, *, done: bool = True) -> bool:
        """Give (what is known of) the first page to the UI thread if it waits for it."""
        with self._first:
            if self._first_wanted != token:
                return False
            self._first_page = first
            if done:
                self._first_wanted = None
            self._first.notify_all()
        return True

    def close_document(self, token: int) -> None:
        with self._lock:
            self._wishes = _Wishes(token=token, open_path=Path())  # an empty path closes the document
            self._lock.notify()

    def request_pages(self, token: int, pages: list[tuple]) -> None:
        """Render these (page, scale) pairs, first first; replaces what was asked before.

        An item (page, scale, Tile, (x0, y0, x1, y1)) asks for one tile of the page:
        that rectangle of its pixels at that scale, sent as ``tile_rendered``.
        """
        with self._lock:
            if token == self._wishes.token:
                self._wishes.renders = list(pages)
                self._lock.notify()

    def request_words(self, token: int, pages: list[int]) -> None:
        with self._lock:
            if token == self._wishes.token:
                queued = set(self._wishes.words)
                self._wishes.words.extendleft(page for page in reversed(pages) if page not in queued)
                self._lock.notify()

    def set_recognised(self, token: int, pages: Mapping[int, PageWords]) -> None:
        """The words recognised on pages of the document opened as ``token``: selection and find use them there."""
        with self._lock:
            self._recognised = (token, LayeredWords(None, pages)) if pages else None

    def _layer(self, token: int, page: int) -> LayeredWords | None:
        with self._lock:
            recognised = self._recognised
        if recognised is None or recognised[0] != token or page not in recognised[1].recognised:
            return None
        return recognised[1]

    def request_thumbnails(self, token: int, pages: list[tuple[int, float]]) -> None:
        with self._lock:
            if token == self._wishes.token:
                self._wishes.thumbs = list(pages)
                self._lock.notify()

    def search(self, token: int, search_id: int, text: str) -> None:
        with self._lock:
            if token == self._wishes.token:
                self._wishes.search_id = search_id
                self._wishes.search_text = text
                self._wishes.search_next = 0 if text else -1
                self._lock.notify()

    def preload(self) -> None:
        """Start the page reader now, so the first document opens without waiting for it."""
        with self._lock:
            self._wishes.preload = True
            self._lock.notify()

    def stop(self) -> None:
        with self._lock:
            self._wishes.stop = True
            self._lock.notify()
        self.wait(10000)

    # --- the worker thread ------------------------------------------------------------

    def run(self) -> None:
        reader: _Reader | None = None
        page_count = 0  # of the open document; 0 when none is open
        recent = _Recent()
        while True:
            with self._lock:
                while not self._has_work(page_count):
                    self._idle_reader = reader if self.reader_ready else None
                    self._lock.wait()
                self._idle_reader = None
                wishes = self._wishes
                if wishes.stop:
                    break
                wishes.preload = False
                job = self._next_job(page_count)
            try:
                if reader is None:
                    reader = _Reader()
                    self.reader_pid = reader.process.pid
                    reader.ask(Ping())
                    self.reader_ready = True
                if job is None:
                    continue
                if job[0] == "open":
                    recent.clear()
                    for _ in range(self._take_stale_opens(job[-1])):
                        self._drop_open_replies(reader)
                    try:
                        page_count = self._open(reader, wishes, recent, *job[1:])
                    finally:
                        self._hand_first(wishes.token, None)  # failed or no page: nothing to wait for
                elif job[0] in ("render", "thumb"):
                    key = ImageKey.of(wishes.token, *job[1:4])
                    if job[0] == "render" and recent.has(key):  # asked again while on its way
                        continue
                    recent.add(key)
                    if len(job) > 3:
                        self._render_tile(reader, wishes.token, *job[1:])
                    else:
                        self._render(reader, wishes.token, job[1], job[2], thumbnail=job[0] == "thumb")
                elif job[0] == "words":
                    self._words(reader, wishes.token, job[1])
                elif job[0] == "search":
                    self._search(reader, wishes.token, *job[1:], page_count)
            except ReaderGone:
                # The reader crashed or hung on this document: replace it, and say so.
                self.reader_ready = False
                if reader is not None:
                    reader.close()
                reader, page_count = None, 0
                self.failed.emit(
                    wishes.token, DAMAGED, "Reading this document stopped the page reader: the file is damaged."
                )
        if reader is not None:
            reader.close()

    def _has_work(self, page_count: int) -> bool:
        w = self._wishes
        if w.stop or w.preload or w.open_path is not None:
            return True
        if not page_count:
            return False
        return bool(w.renders or w.words or w.thumbs or w.search_next >= 0)

    def _next_job(self, page_count: int) -> tuple | None:
        """Take the most urgent wish: opening, then pages in view, words, search, thumbnails."""
        w = self._wishes
        if w.open_path is not None:
            path, w.open_path = w.open_path, None
            first, w.first = w.first, None
            sent, w.open_sent = w.open_sent, False
            return ("open", path, w.password, first, sent)
        if not page_count:
            return None  # only a preload was asked for
        if w.renders:
            return ("render", *w.renders.pop(0))
        if w.words:
            return ("words", w.words.popleft())
        if w.search_next >= 0:
            page = w.search_next
            w.search_next = page + 1 if page + 1 < page_count else -1
            return ("search", w.search_id, w.search_text, page)
        if w.thumbs:
            page, scale = w.thumbs.pop(0)
            return ("thumb", page, scale)
        return None

    def _open(
        self, reader: _Reader, wishes: _Wishes, recent: _Recent, path: Path, password: str | None,
        first: FirstPageWish | None, sent: bool,
    ) -> int:
        if not str(path) or str(path) == ".":
            return 0  # closing: the reader keeps the file until the next one is opened
        request = Open(str(path), password, first)
        if not sent:
            reader.send(request)
        reply = reader.receive(request)
        if isinstance(reply, Failed):
            self.failed.emit(wishes.token, reply.kind, reply.message)
            return 0
        page_count, first_scale = reply.page_count, reply.first_scale
        if first is not None and first_scale is not None:
            # The reader renders the first page straight after opening: its image follows.
            page = min(first.page, page_count - 1)
            first_page = FirstPage(wishes.token, page, first_scale, page_count, reply.first_size)
            self._hand_first(wishes.token, first_page, done=False)
            image = self._image(reader, reader.receive(request))
            if not self._hand_first(wishes.token, replace(first_page, image=image)):
                self.rendered.emit(wishes.token, page, first_scale, image)
                recent.add(ImageKey.of(wishes.token, page, first_scale))
        # After the first page: the window asks for more pages once told the document is open.
        self.opened.emit(wishes.token, page_count)
        return page_count

    def _render(self, reader: _Reader, token: int, page: int, scale: float, *, thumbnail: bool) -> None:
        image = self._image(reader, reader.ask(Render(page, scale)))
        if thumbnail:
            self.thumbnail.emit(token, page, image)
        else:
            self.rendered.emit(token, page, scale, image)

    def _render_tile(self, reader: _Reader, token: int, page: int, scale: float, tile: tuple, clip: tuple) -> None:
        image = self._image(reader, reader.ask(Render(page, scale, clip)))
        self.tile_rendered.emit(token, page, scale, tile, image)

    @staticmethod
    def _image(reader: _Reader, reply: Reply) -> QImage:
        if isinstance(reply, Image):
            canvas = reader.receive_canvas(reply.fresh)
            # Already in the screen's own pixel format: painting needs no conversion.
            image = QImage(canvas, reply.width, reply.height, reply.stride, _FORMAT)
            if reply.keep:
                reader.canvas.give_away()  # the image holds the memory for as long as it lives
            else:
                image = image.copy()  # the reader draws the next page there
        else:
            # A damaged page: an empty white page keeps the rest of the document readable.
            image = QImage(1, 1, QImage.Format.Format_RGB32)
            image.fill(0xFFFFFFFF)
        return image

    def _words(self, reader: _Reader, token: int, page: int) -> None:
        reply = reader.ask(Words(page))
        if isinstance(reply, PageRead):
            layer = self._layer(token, page)
            self.words_ready.emit(token, reply.words if layer is None else layer.words(page))
            self.links_ready.emit(token, page, reply.links)

    def _search(self, reader: _Reader, token: int, search_id: int, text: str, page: int, page_count: int) -> None:
        layer = self._layer(token, page)
        if layer is not None:
            hits = layer.find(page, text)
        else:
            reply = reader.ask(Search(text, page))
            hits = reply.hits if isinstance(reply, Found) else ()
        if hits:
            self.found.emit(token, search_id, page, hits)
        if page + 1 >= page_count:
            self.search_done.emit(token, search_id)
