"""The trash: deleted annotations, restorable until the trash is emptied."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
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

from app.errors import LibraryError
from app.library import Library
from app.services import annotations as notes


class TrashDialog(QDialog):
    def __init__(self, library: Library, restored: Callable[[int, tuple[str, ...]], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.restored = restored
        self.setWindowTitle("Trash")
        self.setMinimumSize(560, 380)
        self.items = QListWidget()
        self.items.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
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
        for annotation in trashed:
            when = annotation.deleted_at.strftime("%Y-%m-%d %H:%M") if annotation.deleted_at else ""
            text = " ".join((annotation.quote or annotation.note or "(area)").split())[:160]
            item = QListWidgetItem(f"{when}  \u2014  p. {annotation.page_index + 1}: \u201c{text}\u201d")
            item.setData(Qt.ItemDataRole.UserRole, annotation)
            self.items.addItem(item)
        self.summary.setText(f"{len(trashed)} annotation{'s' if len(trashed) != 1 else ''} in the trash")
        self.empty_button.setEnabled(bool(trashed))
        self.restore_button.setEnabled(bool(trashed))

    def restore_selected(self) -> None:
        chosen = [item.data(Qt.ItemDataRole.UserRole) for item in self.items.selectedItems()]
        if not chosen:
            return
        try:
            notes.restore(self.library, [a.uuid for a in chosen])
        except LibraryError as error:
            QMessageBox.warning(self, "Trash", str(error))
            return
        for document_id in {a.document_id for a in chosen}:
            self.restored(document_id, tuple(a.uuid for a in chosen if a.document_id == document_id))
        self.load()

    def empty(self) -> None:
        count = self.items.count()
        answer = QMessageBox.question(
            self,
            "Empty trash",
            f"Delete the {count} annotation{'s' if count != 1 else ''} in the trash for good? This cannot be undone.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            notes.empty_trash(self.library)
        except LibraryError as error:
            QMessageBox.warning(self, "Trash", str(error))
        self.load()
