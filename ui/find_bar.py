"""The find-in-document bar: a text box, the count, previous and next."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class FindLine(QLineEdit):
    """Enter finds the next hit, Shift+Enter the previous one, Escape closes the bar."""

    next_wanted = Signal()
    previous_wanted = Signal()
    escape = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previous_wanted.emit()
            else:
                self.next_wanted.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.escape.emit()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    search_changed = Signal(str)  # the text to find changed (after a short pause in typing)
    next_wanted = Signal()
    previous_wanted = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = FindLine(placeholderText="Find in document")
        self.line.setClearButtonEnabled(True)
        self.count = QLabel("")
        self.count.setMinimumWidth(110)
        previous = QToolButton(text="\u25b2", toolTip="Previous match (Shift+F3)", autoRaise=True)
        following = QToolButton(text="\u25bc", toolTip="Next match (F3)", autoRaise=True)
        close = QToolButton(text="\u2715", toolTip="Close (Escape)", autoRaise=True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.line, 1)
        layout.addWidget(self.count)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(close)
        self._pause = QTimer(self, singleShot=True, interval=250)
        self._pause.timeout.connect(self._search_now)
        self._searched = ""
        self.line.textChanged.connect(lambda _text: self._pause.start())
        self.line.next_wanted.connect(self._next)
        self.line.previous_wanted.connect(self._previous)
        self.line.escape.connect(self.close_bar)
        previous.clicked.connect(self._previous)
        following.clicked.connect(self._next)
        close.clicked.connect(self.close_bar)

    def text(self) -> str:
        return self.line.text().strip()

    def set_text(self, text: str) -> None:
        self.line.setText(text)

    def open_bar(self) -> None:
        self.show()
        self.line.setFocus()
        self.line.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def set_count(self, text: str) -> None:
        self.count.setText(text)

    def _search_now(self) -> None:
        self._emit_search()

    def _emit_search(self) -> bool:
        """Start a search if the text changed since the last one; True if one started."""
        self._pause.stop()
        if self.text() == self._searched:
            return False
        self._searched = self.text()
        self.search_changed.emit(self._searched)
        return True

    def _next(self) -> None:
        if not self._emit_search():
            self.next_wanted.emit()

    def _previous(self) -> None:
        if not self._emit_search():
            self.previous_wanted.emit()

    def reset(self) -> None:
        self._searched = ""

    def forget(self) -> None:
        """Another document: its words to find are not this one's; the bar closes, empty."""
        self._pause.stop()
        self.line.blockSignals(True)
        self.line.clear()
        self.line.blockSignals(False)
        self._searched = ""
        self.hide()
