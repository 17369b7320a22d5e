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
        # F5 reads the list again; this reads the rest.
        self.window.reload_action.triggered.connect(lambda _checked=False: self.reread(list_too=False))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ActivationChange and self.window.isActiveWindow():
            if self.watch.changed_elsewhere():
                self.reread()
        return False

    def reread(self, *, list_too: bool = True) -> None:
        """Read the list, the open document's annotations and any search again from the library."""
        self.watch.changed_elsewhere()  # what is read now is up to date
        if list_too:
            self.window.refresh()
        features = self.features
        document_id = features.annotations.document_id
        if document_id is not None:
            features.annotations.notify(document_id, ())  # reloads its rows and page marks
        if features.search.query.text().strip():
            features.search.run_search()
        if features.vocabulary is not None:
            features.vocabulary.refresh()
        self.window.statusBar().showMessage("Read again from the library, with any changes saved elsewhere.", 5000)

    def library_replaced(self) -> None:
        """After a restore: another file is in place; nothing on screen can be trusted."""
        self.watch.reset()
        self.features.undo_stack.clear()  # its commands refer to the library as it was
        window = self.window
        document_id = window.viewer.document_id
        window.viewer.close_document()
        self.features.annotations.document_opened(None)
        window.refresh()
        if document_id is not None and window.documents.find(document_id) is not None:
            window.open_document(document_id)
        self.reread(list_too=False)
