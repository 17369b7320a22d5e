"""Selecting text in the page view with the mouse: drag, double click (a word), triple click
(a line), across lines, columns and pages, from the word boxes the page reader sends.

A mixin of :class:`ui.page_view.PageView`, which holds the state it uses (the words of
recent pages, the selection) and calls it from its mouse events.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QApplication

from app.text.selection import PageWords, Position, build_selection, line_of, nearest_word, word_at

WORDS_KEPT = 40  # pages whose word boxes are kept
AUTOSCROLL_INTERVAL = 25  # ms between two steps of scrolling while a drag is held past an edge
AUTOSCROLL_MAX_STEP = 120  # logical pixels per step, however far out the mouse is


@dataclass(frozen=True)
class PagePoint:
    page: int
    x: float  # PDF points
    y: float


class TextSelectionMixin:
    def _request_visible_words(self) -> None:
        if self.ready:
            self.request_words(list(self.visible_pages()))

    def request_words(self, pages: list[int]) -> None:
        missing = [p for p in pages if p not in self.words and 0 <= p < len(self.sizes)]
        if missing and self.ready:
            self.worker.request_words(self.token, missing)

    def _words_arrived(self, token: int, words: PageWords) -> None:
        if token != self.token:
            return
        self.words[words.page_index] = words
        self.words.move_to_end(words.page_index)
        while len(self.words) > WORDS_KEPT:
            self.words.popitem(last=False)
        if self._anchor is not None:
            self._update_selection()

    def _clear_selection(self) -> None:
        self._anchor = self._focus = None
        if self.selection is not None:
            self.selection = None
            self.selection_changed.emit(None)
        self.viewport().update()

    def clear_selection(self) -> None:
        self._clear_selection()

    def select_range(self, anchor: PagePoint, focus: PagePoint, mode: str = "char") -> None:
        """Select from one point to another, as a mouse drag would (used by the drag itself)."""
        self._anchor, self._focus, self._select_mode = anchor, focus, mode
        self._update_selection()

    def _position(self, point: PagePoint, is_end: bool) -> Position | None:
        page = self.words.get(point.page)
        if page is None or not page.words:
            return None
        index = nearest_word(page.words, point.x, point.y)
        if index is None:
            return None
        if self._select_mode == "line":
            first, last = line_of(page.words, index)
            index = last if is_end else first
        return Position(point.page, index)

    def _update_selection(self) -> None:
        if self._anchor is None or self._focus is None:
            return
        if self._select_mode == "char" and self._anchor == self._focus:
            if self.selection is not None:
                self.selection = None
                self.selection_changed.emit(None)
                self.viewport().update()
            return
        low, high = sorted((self._anchor.page, self._focus.page))
        self.request_words(list(range(low, high + 1)))
        first, last = sorted((self._anchor, self._focus), key=lambda p: (p.page, p.y, p.x))
        start, end = self._position(first, False), self._position(last, True)
        if start is None or end is None:
            return
        if self._select_mode == "char" and start.key() > end.key():
            start, end = end, start
        selection = build_selection(self.document_id, self.words, start, end, self.page_starts)
        if selection != self.selection:
            self.selection = selection
            self.selection_changed.emit(selection)
            self.viewport().update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        point = self.point_at(event.position())
        if point is None:
            return
        last = self._last_double_click
        triple = last is not None and (time.monotonic() - last) * 1000 < QApplication.doubleClickInterval()
        self._last_double_click = None
        # A plain click clears the selection (anchor and focus are one point); a drag builds one.
        self.select_range(point, point, "line" if triple else "char")

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        point = self.point_at(event.position())
        if point is None:
            return
        self._last_double_click = time.monotonic()
        page = self.words.get(point.page)
        if page is not None:
            index = word_at(page.words, point.x, point.y)
            if index is None:
                index = nearest_word(page.words, point.x, point.y)
            if index is not None:
                word = page.words[index]
                centre = PagePoint(point.page, (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2)
                self.select_range(centre, centre, "word")
                return
        self.select_range(point, point, "word")

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if not event.buttons() & Qt.MouseButton.LeftButton or self._anchor is None:
            return
        self._drag_position = event.position()
        # Held past the top or bottom edge, the view scrolls on its own (see _autoscroll_step)
        # so a selection can run on to the next pages while the mouse stays still.
        if self._edge_distance() and not self._autoscroll_timer.isActive():
            self._autoscroll_timer.start()
        self._extend_to(self._drag_position)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._autoscroll_timer.stop()
        self._drag_position = None
        super().mouseReleaseEvent(event)

    def _extend_to(self, position: QPointF) -> None:
        point = self.point_at(position)
        if point is not None:
            self.select_range(self._anchor, point, self._select_mode)

    def _edge_distance(self) -> float:
        """How far (logical pixels) the held mouse is above (< 0) or below (> 0) the view."""
        if self._drag_position is None:
            return 0.0
        y, height = self._drag_position.y(), self.viewport().height()
        return y if y < 0 else max(0.0, y - height)

    def _autoscroll_step(self) -> None:
        distance = self._edge_distance()
        if not distance or self._anchor is None:  # back inside, released (see mouseReleaseEvent) or cleared
            self._autoscroll_timer.stop()
            return
        # Faster the further out: a little past the edge creeps, far past it runs.
        speed = min(AUTOSCROLL_MAX_STEP, 2 + (abs(distance) / 8) ** 1.5)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + round(speed if distance > 0 else -speed))
        self._extend_to(self._drag_position)

    def copy_selection(self) -> bool:
        if self.selection is None or not self.selection.text:
            return False
        QGuiApplication.clipboard().setText(self.selection.text)
        return True
