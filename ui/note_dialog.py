"""The note on a passage: a few lines of text, Ctrl+Enter to keep them, Esc to leave them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class NoteDialog(QDialog):
    def __init__(self, text: str = "", parent: QWidget | None = None, *, label: str = "Note on the passage:") -> None:
        super().__init__(parent)
        self.setWindowTitle("Note")
        self.editor = QPlainTextEdit(text)
        self.editor.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setToolTip("Keep the note (Ctrl+Enter)")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept, context=Qt.ShortcutContext.WindowShortcut)
        hint = QLabel("Ctrl+Enter keeps the note, Esc leaves it as it was.")
        hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(label))
        layout.addWidget(self.editor)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(440, 240)
        cursor = self.editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.editor.setTextCursor(cursor)

    def text(self) -> str:
        return self.editor.toPlainText()


def ask_note(parent: QWidget | None, text: str = "") -> tuple[str, bool]:
    """Like QInputDialog.getMultiLineText: the note written, and whether it was kept."""
    dialog = NoteDialog(text, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.text(), accepted
