"""Showing what another window or program saved: on F5 (File › Reload library), and when the
window comes to the front if the library changed meanwhile (``PRAGMA data_version``, which
costs no table read, so asking on every activation is free)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject

from app.change_watch import ChangeWatch

if TYPE_CHECKING:
    from ui.features import Features


class LibraryRefresh(QObject):
    def __init__(self, features: Features) -> None:
        super().__init__(features.window)
        self.features = features
        self.window = features.window
        self.watch = ChangeWatch(features.library)
        self.window.installEventFilter(self)
        # Whatever asked for everything to be read again (F5 too), what is read now is up to date.
        self.window.operations.changed.connect(lambda change: change.elsewhere and self.watch.changed_elsewhere())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ActivationChange and self.window.isActiveWindow():
            if self.watch.changed_elsewhere():
                self.window.reload()
        return False

    def library_replaced(self) -> None:
        """After a restore: another file is in place; nothing on screen can be trusted."""
        self.watch.reset()
        self.features.undo_stack.clear()  # its commands refer to the library as it was
        window = self.window
        document_id = window.viewer.document_id
        window.viewer.close_document()
        self.features.annotations.document_opened(None)
        self.window.reload()
        if document_id is not None and window.documents.find(document_id) is not None:
            window.open_document(document_id)
