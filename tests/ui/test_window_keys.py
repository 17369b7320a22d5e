"""The window's keys work with the cursor in a text field of the window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import open_window


class ClaimsCtrlE(QObject):
    """A line edit as X11's key bindings make it: Ctrl+E is its "end of line", claimed before any
    window shortcut (the offscreen platform used by the tests has no such binding)."""

    def eventFilter(self, watched, event):  # noqa: N802
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_E \
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
            event.accept()
            return True
        return False


def test_ctrl_e_exports_from_the_library_filter_and_editing_keys_stay_the_field_s(qtbot, library):
    window = open_window(qtbot, library)
    field = window.library_panel.filter
    claims = ClaimsCtrlE(field)
    field.installEventFilter(claims)  # before the window's own, which comes with the focus
    window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field, timeout=5000)
    field.setText("detention")
    field.setCursorPosition(0)
    qtbot.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.features.exports.dialog is not None, timeout=5000)
    assert window.features.exports.dialog.isVisible()
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all: still the field's
    assert field.selectedText() == "detention"
