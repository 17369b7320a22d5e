"""The one thread that touches the open PDF: renders pages, reads word boxes, finds text.

PyMuPDF is not thread-safe, so this worker owns its own document and nobody else uses it.
The UI sends wishes (which pages at which scale, newest wishes replacing older ones, so
pages scrolled away are dropped) and gets results back as queued signals; it never waits.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QImage

# Failure kinds sent with ``failed``.
NEEDS_PASSWORD = "password"
WRONG_PASSWORD = "wrong-password"
DAMAGED = "damaged"


@dataclass
class _Wishes:
    token: int = 0
    open_path: Path | None = None
    password: str | None = None
    renders: list[tuple[int, float]] = field(default_factory=list)
    words: deque[int] = field(default_factory=deque)
    thumbs: list[tuple[int, float]] = field(default_factory=list)
    search_id: int = 0
    search_text: str = ""
    search_next: int = -1  # next page to search; -1 when no search is running
    stop: bool = False
    preload: bool = False
    first: tuple[int, float] | None = None


class RenderWorker(QThread):
    opened = Signal(int, int)  # token, page count
    failed = Signal(int, str, str)  # token, kind, message for the user
    rendered = Signal(int, int, float, QImage)  # token, page, scale, image
    thumbnail = Signal(int, int, QImage)  # token, page, image
    words_ready = Signal(int, object)  # token, app.selection.PageWords
    found = Signal(int, int, int, object)  # token, search id, page, tuple of quads
    search_done = Signal(int, int)  # token, search id

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._lock = threading.Condition()
        self._wishes = _Wishes()

    # --- called from the UI thread; each returns at once -------------------------------

    def open_document(
        self,
        token: int,
        path: Path,
        password: str | None = None,
        pages: list[tuple[int, float]] = (),
        first: tuple[int, float] | None = None,
    ) -> None:
        """Open ``path`` (dropping every wish about the document before) and render ``pages`` straight after.

        ``first`` is (page, pixels across): the page to render first, at the scale that fits it
        in that many pixels, for when the page's size is not known yet.
        """
        with self._lock:
            self._wishes = _Wishes(
                token=token, open_path=Path(path), password=password, renders=list(pages), first=first
            )
            self._lock.notify()

    def close_document(self, token: int) -> None:
        with self._lock:
            self._wishes = _Wishes(token=token, open_path=None)
            self._wishes.open_path = Path()  # an empty path closes the document
            self._lock.notify()

    def request_pages(self, token: int, pages: list[tuple[int, float]]) -> None:
        """Render these (page, scale) pairs, first first; replaces what was asked before."""
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
        """Load PyMuPDF now, in this thread, so the first document opens without waiting for it."""
        with self._lock:
            self._wishes.preload = True
            self._lock.notify()

    def stop(self) -> None:
        with self._lock:
            self._wishes.stop = True
            self._lock.notify()
        self.wait(5000)

    # --- the worker thread ------------------------------------------------------------

    def run(self) -> None:
        # PyMuPDF is imported here, when first needed, not at the top: the window starts
        # without paying for it.
        pymupdf = None
        document = None
        token = -1
        recent: deque[tuple[int, int]] = deque(maxlen=8)  # pages just rendered, by scale
        while True:
            with self._lock:
                while not self._has_work(document):
                    self._lock.wait()
                wishes = self._wishes
                if wishes.stop:
                    break
                wishes.preload = False
                job = self._next_job(document)
            if pymupdf is None:
                import pymupdf

                pymupdf.TOOLS.mupdf_display_errors(False)
                pymupdf.TOOLS.mupdf_display_warnings(False)
            if job is None:
                continue
            kind = job[0]
            if kind == "open":
                if document is not None:
                    document.close()
                    document = None
                token = wishes.token
                recent.clear()
                document = self._open(pymupdf, token, job[1], job[2])
                if document is not None and job[3] is not None:
                    first = self._first_page(document, *job[3])
                    if first is not None:
                        with self._lock:
                            if wishes is self._wishes:
                                wishes.renders.insert(0, first)
            elif document is None:
                continue
            elif kind == "render":
                key = (job[1], round(job[2] * 1000))
                if key in recent:  # asked again while it was on its way
                    continue
                recent.append(key)
                self._render(pymupdf, document, wishes.token, job[1], job[2], thumbnail=False)
            elif kind == "thumb":
                self._render(pymupdf, document, wishes.token, job[1], job[2], thumbnail=True)
            elif kind == "words":
                self._words(document, wishes.token, job[1])
            elif kind == "search":
                self._search_page(pymupdf, document, wishes.token, job[1], job[2], job[3])
        if document is not None:
            document.close()

    def _has_work(self, document) -> bool:
        w = self._wishes
        if w.stop or w.preload or w.open_path is not None:
            return True
        if document is None:
            return False
        return bool(w.renders or w.words or w.thumbs or w.search_next >= 0)

    def _next_job(self, document) -> tuple | None:
        """Take the most urgent wish: opening, then pages in view, words, search, thumbnails."""
        w = self._wishes
        if w.open_path is not None:
            path, w.open_path = w.open_path, None
            first, w.first = w.first, None
            return ("open", path, w.password, first)
        if document is None:
            return None  # only a preload was asked for
        if w.renders:
            page, scale = w.renders.pop(0)
            return ("render", page, scale)
        if w.words:
            return ("words", w.words.popleft())
        if w.search_next >= 0:
            page = w.search_next
            w.search_next = page + 1 if page + 1 < document.page_count else -1
            return ("search", w.search_id, w.search_text, page)
        page, scale = w.thumbs.pop(0)
        return ("thumb", page, scale)

    def _open(self, pymupdf, token: int, path: Path, password: str | None):
        if not str(path) or str(path) == ".":
            return None
        try:
            document = pymupdf.open(path)
        except Exception as error:  # MuPDF raises plain RuntimeError subclasses
            self.failed.emit(token, DAMAGED, f"The file cannot be read as a PDF ({_short(error)}).")
            return None
        if document.needs_pass:
            if not password:
                document.close()
                self.failed.emit(token, NEEDS_PASSWORD, "This document is protected by a password.")
                return None
            if not document.authenticate(password):
                document.close()
                self.failed.emit(token, WRONG_PASSWORD, "The password does not open this document.")
                return None
        if document.page_count < 1:
            document.close()
            self.failed.emit(token, DAMAGED, "The file holds no page that can be shown.")
            return None
        self.opened.emit(token, document.page_count)
        return document

    @staticmethod
    def _first_page(document, page_index: int, pixels_across: float) -> tuple[int, float] | None:
        try:
            width = document.load_page(page_index).rect.width
        except Exception:
            return None
        return (page_index, pixels_across / width) if width > 0 else None

    def _render(self, pymupdf, document, token: int, page_index: int, scale: float, *, thumbnail: bool) -> None:
        try:
            page = document.load_page(page_index)
            pixmap = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
            image = QImage(
                pixmap.samples_mv, pixmap.width, pixmap.height, pixmap.stride, QImage.Format.Format_RGB888
            ).convertToFormat(QImage.Format.Format_RGB32)
            # A copy in the screen's own pixel format: the pixmap's buffer is freed when it goes,
            # and painting needs no conversion on the UI thread.
        except Exception:
            # A damaged page: an empty white page of the right size keeps the document readable.
            image = QImage(1, 1, QImage.Format.Format_RGB888)
            image.fill(0xFFFFFF)
        if thumbnail:
            self.thumbnail.emit(token, page_index, image)
        else:
            self.rendered.emit(token, page_index, scale, image)

    def _words(self, document, token: int, page_index: int) -> None:
        from app.pdf.words import page_words
        from app.selection import PageWords

        try:
            words = page_words(document.load_page(page_index), page_index)
        except Exception:
            words = PageWords(page_index, (), "")
        self.words_ready.emit(token, words)

    def _search_page(self, pymupdf, document, token: int, search_id: int, text: str, page_index: int) -> None:
        try:
            quads = document.load_page(page_index).search_for(text, quads=True)
        except Exception:
            quads = []
        if quads:
            self.found.emit(token, search_id, page_index, tuple(tuple(_corners(q)) for q in quads))
        if page_index + 1 >= document.page_count:
            self.search_done.emit(token, search_id)


def _corners(quad) -> list[float]:
    return [quad.ul.x, quad.ul.y, quad.ur.x, quad.ur.y, quad.ll.x, quad.ll.y, quad.lr.x, quad.lr.y]


def _short(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) < 120 else text[:117] + "..."
