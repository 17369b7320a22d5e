"""The trash: deleted annotations, restorable until the trash is emptied."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.changes import LibraryChange
from app.library import Library
from app.services import annotations as notes
from app.text.printed_text import display_quote
from ui.annotation_commands import RestoreAnnotations
from ui.operations import Operations
from ui.undo import push

QUOTE_CHARACTERS = 160


class TrashDialog(QDialog):
    def __init__(self, library: Library, operations: Operations, undo_stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.operations, self.undo_stack = operations, undo_stack
        operations.changed.connect(self._library_changed)
        self.setWindowTitle("Trash")
        self.setMinimumSize(560, 380)
        self.items = QListWidget()
        self.items.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        # Each entry wraps to the dialog's width: its document and quote read whole, with no sideways scroll.
        self.items.setWordWrap(True)
        self.items.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items.setSpacing(3)
        self.summary = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton("&Restore")
        self.empty_button = QPushButton("&Empty trash\u2026")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.empty_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        self.empty_button.clicked.connect(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.items, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        self.items.clear()
        trashed = notes.list_trash(self.library)
        from app.services.documents import document_details

        documents = {i: document_details(self.library, i) for i in {a.document_id for a in trashed}}
        for annotation in trashed:
            when = annotation.deleted_at.strftime("%Y-%m-%d %H:%M") if annotation.deleted_at else ""
            text = display_quote(annotation.quote) or " ".join(annotation.note.split()) or "(area)"
            if len(text) > QUOTE_CHARACTERS:  # shortened, and saying so
                text = text[:QUOTE_CHARACTERS - 1].rstrip() + "\u2026"
            details = documents[annotation.document_id]
            document = details.info.reference or details.info.title
            page = details.page_label(annotation.page_index)  # as printed, as the annotation panel names it
            item = QListWidgetItem(f"{when}  \u2014  {document}, p. {page}:\n\u201c{text}\u201d")
            item.setToolTip(details.info.title)
            item.setData(Qt.ItemDataRole.UserRole, annotation)
            self.items.addItem(item)
        self.summary.setText(f"{len(trashed)} annotation{'s' if len(trashed) != 1 else ''} in the trash")
        self.empty_button.setEnabled(bool(trashed))
        self.restore_button.setEnabled(bool(trashed))

    def restore_selected(self) -> None:
        chosen = [item.data(Qt.ItemDataRole.UserRole) for item in self.items.selectedItems()]
        if not chosen:
            return
        push(self.operations, self.undo_stack, RestoreAnnotations(self.library, chosen), failed=self._refused,
             done=lambda _command: self.load())

    def empty(self) -> None:
        count = self.items.count()
        answer = QMessageBox.question(
            self,
            "Empty trash",
            f"Delete the {count} annotation{'s' if count != 1 else ''} in the trash for good? This cannot be undone.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        # For good, as the question said: no undo step.
        self.operations.edit(lambda: notes.empty_trash(self.library), changes=lambda _count: LibraryChange(),
                             done=lambda _count: self.load(), failed=self._refused)

    def _library_changed(self, change: LibraryChange) -> None:
        if change.annotations or change.elsewhere:
            self.load()

    def _refused(self, message: str) -> None:
        QMessageBox.warning(self, "Trash", message)
