"""The window's keys reach it from a text field too.

A line edit claims some Ctrl+letter keys for editing (on Linux, Ctrl+E moves to the end of the
line), so with the cursor in the library filter or the search box Ctrl+E did not export, without
a word. The window's own Ctrl+letter keys win there; the keys editing needs (select all, copy,
cut, paste, undo, redo) stay the field's.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

_EDITING = frozenset("ACVXYZ")


class WindowKeysFirst(QObject):
    """Lets a key shortcut of ``window``'s actions through a line edit inside that window: put on
    each field as it takes the focus (a filter on the whole application would see every event)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        application = QApplication.instance()
        assert isinstance(application, QApplication)
        application.focusChanged.connect(self._focused)

    def _focused(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, QLineEdit) and new.window() is self._window:
            new.installEventFilter(self)  # once: Qt keeps one entry per filter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, QLineEdit):
            return False
        if watched.window() is not self._window or not isinstance(event, QKeyEvent):
            return False
        if not self._is_window_key(event):
            return False
        event.ignore()  # not claimed by the field: Qt's shortcut machinery triggers the action
        return True

    def _is_window_key(self, event: QKeyEvent) -> bool:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if not modifiers & Qt.KeyboardModifier.ControlModifier or not Qt.Key.Key_A <= event.key() <= Qt.Key.Key_Z:
            return False
        if modifiers == Qt.KeyboardModifier.ControlModifier and chr(event.key()) in _EDITING:
            return False
        pressed = QKeySequence(event.keyCombination())
        return any(shortcut.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
                   for action in self._window.actions() for shortcut in action.shortcuts())
