"""Opening documents in the window and driving the page view the way a mouse does."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services.importing import import_paths
from ui.main_window import MainWindow


def import_one(library, path, password=None):
    (outcome,) = import_paths(library, [path], password=password)
    assert outcome.document is not None, outcome.reason
    return outcome.document


def open_window(qtbot, library, settings=None) -> MainWindow:
    window = MainWindow(library, settings)
    qtbot.addWidget(window)
    window.resize(1100, 760)
    window.show()
    qtbot.waitExposed(window)
    return window


def open_and_wait(qtbot, window: MainWindow, document_id: int) -> None:
    """Open a document and wait for its first page to be painted from a real rendering
    (and the side panels filled in, which follows)."""
    pages = window.viewer.pages
    with qtbot.waitSignal(pages.page_painted, timeout=10000):
        assert window.open_document(document_id)
    qtbot.waitUntil(lambda: not window.side_panels_pending, timeout=5000)


def wait_words(qtbot, window: MainWindow, page: int) -> None:
    pages = window.viewer.pages
    pages.request_words([page])
    qtbot.waitUntil(lambda: page in pages.words, timeout=10000)


def word_centre(window: MainWindow, page: int, text: str, nth: int = 0) -> QPoint:
    pages = window.viewer.pages
    found = [w for w in pages.words[page].words if w.text == text][nth]
    point = pages.viewport_point(page, (found.x0 + found.x1) / 2, (found.y0 + found.y1) / 2)
    return point.toPoint()


def send_mouse(widget, kind: QEvent.Type, point: QPoint, buttons: Qt.MouseButton) -> None:
    """A left-button mouse event at ``point``, with ``buttons`` held after it."""
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    global_point = widget.mapToGlobal(point)
    event = QMouseEvent(kind, QPointF(point), QPointF(global_point), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def drag(window: MainWindow, start: QPoint, end: QPoint) -> None:
    """Press at ``start``, move in steps to ``end`` with the button held, release (as a hand does)."""
    viewport = window.viewer.pages.viewport()
    send_mouse(viewport, QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    for step in range(1, 6):
        point = start + (end - start) * step / 5
        send_mouse(viewport, QEvent.Type.MouseMove, point, Qt.MouseButton.LeftButton)
    send_mouse(viewport, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)


def answer_boxes(monkeypatch, button_text: str) -> list[str]:
    """Every message box run from now on is answered with the button whose text holds ``button_text``;
    returns the texts the boxes showed."""
    shown: list[str] = []

    def answer(box: QMessageBox) -> int:
        shown.append(box.text())
        [button] = [b for b in box.buttons() if button_text in b.text()]
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return shown


def settle(qtbot, operations) -> None:
    """Wait until every operation asked for has ended and been handled (edits run off the UI thread)."""
    qtbot.waitUntil(lambda: not operations.busy(), timeout=15000)
