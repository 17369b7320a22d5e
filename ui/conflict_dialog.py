"""When another member changed a passage after this window last showed it: keep theirs, or keep mine."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.annotations import EditConflict


class ConflictDialog(QDialog):
    """The two versions side by side (for a note, both texts); accepted means "keep mine"."""

    def __init__(self, conflict: EditConflict, mine: str | None, theirs: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Changed by another member")
        layout = QVBoxLayout(self)
        message = QLabel(str(conflict))
        message.setWordWrap(True)
        layout.addWidget(message)
        if mine is not None and theirs is not None:
            sides = QGridLayout()
            who = conflict.theirs.updated_by or "the other member"
            for column, (title, value) in enumerate(((f"Theirs ({who})", theirs), ("Yours", mine))):
                sides.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
                shown = QPlainTextEdit(value, readOnly=True)
                shown.setObjectName("theirs" if column == 0 else "mine")
                sides.addWidget(shown, 1, column)
            layout.addLayout(sides)
        buttons = QDialogButtonBox()
        self.keep_theirs = QPushButton("Keep theirs")
        self.keep_mine = QPushButton("Keep mine")
        buttons.addButton(self.keep_theirs, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton(self.keep_mine, QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_theirs.setDefault(True)  # the safe choice: nothing of anyone's is lost by it
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # "keep mine", as Ctrl+Enter accepts the note dialog
            QShortcut(QKeySequence(keys), self, self.accept, context=Qt.ShortcutContext.WindowShortcut)
        self.resize(640, 320 if mine is not None else 140)
