"""Showing what another window or program saved: on F5 (File › Reload library), and when the
window comes to the front if the library changed meanwhile (``PRAGMA data_version``, which
costs no table read, so asking on every activation is free)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

from app.infra.change_watch import ChangeWatch
from ui.context import WindowContext


class LibraryRefresh(QObject):
    def __init__(self, context: WindowContext, on_replaced: Callable[[], None]) -> None:
        """``on_replaced`` closes and reopens what shows the library, after a restore."""
        super().__init__(context.window)
        self.context, self.on_replaced = context, on_replaced
        self.window = context.window
        self.watch = ChangeWatch(context.library)
        self.window.installEventFilter(self)
        # Whatever asked for everything to be read again (F5 too), what is read now is up to date.
        context.operations.changed.connect(lambda change: change.elsewhere and self.watch.changed_elsewhere())
        self.timer = QTimer(self, interval=1000)
        self.timer.timeout.connect(self._look)
        if context.library.is_team:  # other members edit while this window is shown: look each second
            self.timer.start()

    def _look(self) -> None:
        if self.window.isVisible() and self.watch.changed_elsewhere():
            self.context.shell.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Close:  # the window goes, and its library with it: look no more
            self.timer.stop()
        elif event.type() == QEvent.Type.ActivationChange and self.window.isActiveWindow():
            if self.watch.changed_elsewhere():
                self.context.shell.reload()
        return False

    def library_replaced(self) -> None:
        """After a restore: another file is in place; nothing on screen can be trusted."""
        self.watch.reset()
        self.context.undo_stack.clear()  # its commands refer to the library as it was
        self.on_replaced()
