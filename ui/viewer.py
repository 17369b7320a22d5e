"""The centre of the window: a document's pages, the find bar, and messages in place of pages."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.pdf.reader_messages import FirstPageWish
from ui.find_bar import FindBar
from ui.links import LinkClicks
from ui.page_layout import POINT_PX
from ui.page_view import CUSTOM, FIT_PAGE, FIT_WIDTH, PageView
from ui.qt_fixes import run_slot
from ui.render_worker import NEEDS_PASSWORD, WRONG_PASSWORD, RenderWorker
from ui.view_state import ViewState, load_view_state, save_view_state

if TYPE_CHECKING:
    from app.services.viewing import DocumentView
    from app.text.selection import PageWords

# How long opening a document waits for its first page before reading the library for the
# layout of the rest: the time that reading takes anyway, and well under what a reader notices.
FIRST_PAGE_WAIT = 0.04

# (title, message) -> the password, or None when the user cancels.
PasswordProvider = Callable[[str, str], "str | None"]


def ask_password(parent: QWidget) -> PasswordProvider:
    def provider(title: str, message: str) -> str | None:
        text, ok = QInputDialog.getText(parent, "Password", f"{message}\n\n{title}", QLineEdit.EchoMode.Password)
        return text if ok and text else None

    return provider


class MessagePage(QWidget):
    """Words in place of pages (empty library, missing file, damaged file), with buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setMaximumWidth(560)
        self.label.setMinimumWidth(360)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch()
        column = QVBoxLayout(self)
        column.addStretch()
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.label)
        row.addStretch()
        column.addLayout(row)
        column.addLayout(self.buttons)
        column.addStretch()
        self._buttons: list[QPushButton] = []

    def show_message(self, html: str, actions: list[tuple[str, Callable[[], None]]] = ()) -> None:
        self.label.setText(html)
        for button in self._buttons:
            self.buttons.removeWidget(button)
            button.deleteLater()
        self._buttons = []
        while self.buttons.count():
            self.buttons.takeAt(0)
        self.buttons.addStretch()
        for text, callback in actions:
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, run=callback: run_slot(run))
            self.buttons.addWidget(button)
            self._buttons.append(button)
        self.buttons.addStretch()

    def button(self, text: str) -> QPushButton | None:
        return next((b for b in self._buttons if b.text() == text), None)


class Viewer(QWidget):
    status_changed = Signal()  # page, zoom or document changed: the status bar reads them again
    locate_file_wanted = Signal(int)  # document id whose library file is missing
    document_failed = Signal(str)  # a message for the user

    def __init__(self, worker: RenderWorker, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.settings = settings
        self.password_provider: PasswordProvider = ask_password(self)
        self.view: DocumentView | None = None
        self._token = 0
        self._search_id = 0
        self._search_done = True
        self._search_start_page = 0
        self._prestarted: int | None = None
        self._provisional = False  # the pages shown are laid out from the first page alone
        self._find_document: int | None = None

        self.pages = PageView(worker)
        self.links = LinkClicks(self.pages, worker)  # links in the PDF: followed only as ui.links allows
        self.find_bar = FindBar()
        self.find_bar.hide()
        self.message = MessagePage()
        reading = QWidget()
        column = QVBoxLayout(reading)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.find_bar)
        column.addWidget(self.pages, 1)
        self._column = column
        self.find_bar.installEventFilter(self)  # its showing and hiding must not move the page
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(reading)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        worker.opened.connect(self._opened)
        worker.failed.connect(self._failed)
        worker.found.connect(self._found)
        worker.search_done.connect(self._searched)
        # Slots here return nothing: PySide6 6.12 mishandles a bool returned by a slot (emit's).
        self.pages.current_page_changed.connect(self._status_changed)
        self.pages.zoom_changed.connect(self._status_changed)
        self.find_bar.search_changed.connect(self.find)
        self.find_bar.next_wanted.connect(self.find_next)
        self.find_bar.previous_wanted.connect(self.find_previous)
        self.find_bar.closed.connect(self._find_closed)

    def _status_changed(self, *_args) -> None:
        self.status_changed.emit()

    # --- opening and closing ---------------------------------------------------------

    @property
    def document_id(self) -> int | None:
        return self.view.info.id if self.view is not None else None

    def show_message(self, html: str, actions: list[tuple[str, Callable[[], None]]] = ()) -> None:
        self.message.show_message(html, actions)
        self.stack.setCurrentWidget(self.message)

    def prestart(self, path, sha256: str, at_page: int | None = None) -> None:
        """Show the page the reader will see before the library is read for the layout.

        The worker opens the file and renders that page, at the scale its own size calls for;
        the pages are laid out for the time being as that many pages of that size (most
        reports have one size), so the page lands where it will stay, and the library's
        sizes replace them in ``open_document``. A page that takes longer than
        ``FIRST_PAGE_WAIT`` comes the usual way once the layout is read. ``at_page``: the page asked
        for (a link followed, a search hit), shown first in place of the one the reader left.
        """
        self.save_state()
        self.view = None  # the position shown until open_document is not the last document's
        self._token += 1
        self._prestarted = self._token
        self._provisional = False
        state = self._opening_state(sha256, at_page)
        # The pages are shown now, so that their size (what fitting the width follows) is the
        # one they will be painted at, also when a message was shown in their place before.
        self.stack.setCurrentIndex(1)
        ratio = self.pages.devicePixelRatioF()
        page = state.page if state is not None else 0
        if state is not None and state.mode == CUSTOM:
            first = FirstPageWish(page, state.zoom * POINT_PX * ratio)
        else:
            down = self.pages.fit_page_pixels() * ratio if state is not None and state.mode == FIT_PAGE else None
            first = FirstPageWish(page, None, self.pages.fit_width_pixels() * ratio, down)
        # A page reader still starting (the app just started) takes longer than is worth waiting.
        wait = FIRST_PAGE_WAIT if self.worker.reader_ready else 0.0
        deadline = time.monotonic() + wait
        self.worker.open_document(self._token, path, first=first)
        known = self.worker.wait_first_page(self._token, wait, image=False)
        if known is None:
            return
        # Laid out while the page renders.
        self.pages.set_document(self._token, 0, [known.size] * known.page_count, [])
        self._restore_state(state)
        self._provisional = True
        arrived = self.worker.wait_first_page(self._token, deadline - time.monotonic())
        if arrived is not None and arrived.image is not None:
            self.pages.show_first_page(arrived.page, arrived.scale, arrived.image)

    def open_document(self, view: DocumentView, at_page: int | None = None) -> None:
        """Lay the pages out at once from the library's sizes; the worker opens the file meanwhile.
        ``at_page``: the page to open at, in place of the one the reader left."""
        prestarted = self._prestarted == self._token
        self._prestarted = None
        if not prestarted:
            self.save_state()
            self._token += 1
        if self._find_document != view.info.id:
            self.find_bar.forget()
        self._find_document = view.info.id  # the document the words in the find bar were for
        self.view = view
        self.find_bar.reset()
        self.find_bar.set_count("")
        if not view.file_present:
            self.worker.close_document(self._token)
            self.show_message(
                f"<b>The library's copy of this document is missing.</b><br><br>{_escape(view.info.title)}"
                f"<br><small>It should be at {_escape(str(view.path))}</small><br><br>"
                "If you still have the PDF, locate it and the library will take a copy again.",
                [("Locate file\u2026", lambda: self.locate_file_wanted.emit(view.info.id))],
            )
            self.status_changed.emit()
            return
        provisional, self._provisional = prestarted and self._provisional, False
        self.pages.set_document(
            self._token,
            view.info.id,
            [(p.width, p.height) for p in view.pages],
            list(view.page_starts),
            keep_renderings=provisional,
        )
        self.stack.setCurrentIndex(1)
        self._restore_state(self._opening_state(view.info.sha256, at_page))
        # The pages in view go with the open: the worker renders them without a round trip.
        # Prestarted, the worker renders the first page already; the rest are asked for once
        # it is here (the worker says the document is open after that page), so the page
        # reader and this thread work on that page alone.
        if not prestarted:
            self.worker.open_document(self._token, view.path, pages=self.pages.wanted_pages())
        self.status_changed.emit()

    def set_recognised_words(self, view: DocumentView, pages: Mapping[int, PageWords]) -> None:
        """The words recognised (OCR) on the open document's scanned pages, with the document as it is
        now (its pages' offsets move as their recognised text comes in): selection and find use them."""
        if self.view is None or view.info.id != self.view.info.id:
            return
        self.view = view
        self.worker.set_recognised(self._token, pages)
        self.pages.page_starts = list(view.page_starts)
        for page in pages:
            self.pages.words.pop(page, None)
        self.pages.request_words(list(self.pages.visible_pages()))

    def close_document(self) -> None:
        self.save_state()
        self._token += 1
        self.view = None
        self.worker.close_document(self._token)
        self.pages.set_document(self._token, 0, [], [])
        self.status_changed.emit()

    def _opening_state(self, sha256: str, at_page: int | None) -> ViewState | None:
        """Where a document opens: where the reader left it, or at the top of ``at_page`` in the zoom
        it was read in (rendering the page left first, then the one asked for, made a link followed
        wait for two pages)."""
        state = load_view_state(self.settings, sha256)
        if at_page is None:
            return state
        return replace(state, page=at_page, y=0.0) if state is not None else ViewState(page=at_page)

    def _restore_state(self, state: ViewState | None) -> None:
        if state is None:
            self.pages.fit_width()
            self.pages.set_position(0, 0.0)
            return
        if state.mode == FIT_PAGE:
            self.pages.fit_page()
        elif state.mode == FIT_WIDTH:
            self.pages.fit_width()
        else:
            self.pages.set_zoom(state.zoom, CUSTOM)
        self.pages.set_position(state.page, state.y)

    def save_state(self) -> None:
        if self.view is None or not self.pages.page_count() or self.stack.currentIndex() != 1:
            return
        page, y = self.pages.position()
        state = ViewState(page=page, y=y, zoom=self.pages.zoom, mode=self.pages.zoom_mode)
        save_view_state(self.settings, self.view.info.sha256, state)

    def _opened(self, token: int, _page_count: int) -> None:
        if token == self._token:
            self.pages.set_ready()

    def _failed(self, token: int, kind: str, message: str) -> None:
        if token != self._token or self.view is None:
            return
        view = self.view
        if kind in (NEEDS_PASSWORD, WRONG_PASSWORD):
            password = self.password_provider(view.info.title, message)
            if password is not None:
                self.worker.open_document(token, view.path, password, self.pages.wanted_pages())
                return
            self.show_message(
                f"<b>This document is protected by a password.</b><br><br>{_escape(view.info.title)}",
                [("Enter password\u2026", lambda: self.open_document(view))],
            )
        else:
            self.show_message(
                f"<b>This document cannot be shown.</b><br><br>{_escape(view.info.title)}<br><br>"
                f"{_escape(message)}<br><br>Its entry and annotations stay in the library.",
            )
        self.document_failed.emit(message)
        self.status_changed.emit()

    # --- find ------------------------------------------------------------------------

    def go_to_page(self, page_index: int) -> None:
        self.pages.go_to_page(page_index)

    def find_words(self, text: str) -> None:
        """Open the find bar with ``text`` in it: its matches are marked on the pages."""
        self.open_find()
        self.find_bar.set_text(text)

    def open_find(self) -> None:
        if self.view is not None and self.stack.currentIndex() == 1:
            self.find_bar.open_bar()

    def find(self, text: str) -> None:
        self._search_id += 1
        self._search_done = not text
        self._search_start_page = max(0, self.pages.current_page())
        self.pages.set_hits([], -1)
        if not text:
            self.find_bar.set_count("")
            return
        self.find_bar.set_count("Searching\u2026")
        self.worker.search(self._token, self._search_id, text)

    def _found(self, token: int, search_id: int, page: int, found: tuple) -> None:
        if token != self._token or search_id != self._search_id:
            return
        # One hit per occurrence: a phrase that runs onto the next line is one hit of two quads.
        hits = self.pages.hits + [(page, tuple(quads)) for quads in found]
        current = self.pages.current_hit
        self.pages.set_hits(hits, current)
        if current < 0 and page >= self._search_start_page:
            self.pages.show_hit(len(hits) - len(found))
        self._show_count()

    def _searched(self, token: int, search_id: int) -> None:
        if token != self._token or search_id != self._search_id:
            return
        self._search_done = True
        if self.pages.current_hit < 0 and self.pages.hits:
            self.pages.show_hit(0)
        self._show_count()

    def _show_count(self) -> None:
        total = len(self.pages.hits)
        if not total:
            self.find_bar.set_count("Searching\u2026" if not self._search_done else "No matches")
            return
        more = "" if self._search_done else "+"
        self.find_bar.set_count(f"{self.pages.current_hit + 1} of {total}{more}")

    def find_next(self) -> None:
        self._step(+1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        total = len(self.pages.hits)
        if not total:
            return
        self.pages.show_hit((self.pages.current_hit + direction) % total)
        self._show_count()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # ...ToParent: the bar itself shown or hidden (not the window), and its state already changed.
        if watched is self.find_bar and event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            self._keep_page_still(showing=event.type() == QEvent.Type.ShowToParent)
        return False

    def _keep_page_still(self, *, showing: bool) -> None:
        """The bar takes its height from the top of the pages, or gives it back: scroll by as much,
        so the text stays where the reader's eyes are."""
        if self.view is None or not self.isVisible():
            return
        height = self.find_bar.sizeHint().height() if showing else self.find_bar.height()
        bar = self.pages.verticalScrollBar()
        wanted = bar.value() + (height if showing else -height)

        self._column.activate()  # the pages take their new height now, not at the next layout pass
        bar.setValue(wanted)

    def _find_closed(self) -> None:
        self.pages.set_hits([], -1)
        self.pages.setFocus()

    # --- what the status bar shows ---------------------------------------------------

    def status_text(self) -> str:
        if self.view is None or self.stack.currentIndex() != 1:
            return ""
        page = max(0, self.pages.current_page())
        total = len(self.view.pages)
        label = self.view.page_label(page)
        suffix = f" ({label})" if label != str(page + 1) else ""
        return f"p. {page + 1} of {total}{suffix}"

    def zoom_text(self) -> str:
        if self.view is None or self.stack.currentIndex() != 1:
            return ""
        return f"{round(self.pages.zoom * 100)}%"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
