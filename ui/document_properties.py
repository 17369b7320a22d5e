"""The document properties dialog: what detection found, and the user's corrections to it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.changes import LibraryChange
from app.errors import LibraryError
from app.library import Library
from app.records import DocumentDetails
from app.services.documents import document_details
from app.services.structure import (
    EDITABLE,
    KINDS,
    check_corrections,
    correct_document,
    forget_corrections,
    redetect,
)
from ui.document_model import KIND_NAMES
from ui.operations import Operations
from ui.undo import UndoableEdit, push

LABELS = {
    "title": "Title",
    "kind": "Kind",
    "reference": "Reference symbol",
    "publisher": "Publisher / outlet",
    "country": "Country",
    "published": "Published (YYYY-MM-DD)",
    "visit_start": "Visit from",
    "visit_end": "Visit to",
    "author": "Author",
    "source_url": "Source address",
}
FIELDS = EDITABLE


def field_values(details: DocumentDetails) -> dict[str, str]:
    info = details.info
    values = {field: getattr(info, field, None) for field in FIELDS}
    values.update(source_url=details.source_url, visit_start=details.visit_start, visit_end=details.visit_end)
    return {field: value or "" for field, value in values.items()}


class CorrectDocument(UndoableEdit):
    """One save of the dialog: undo puts back the values, and whether detection owned them."""

    def __init__(self, library: Library, document_id: int, changes: dict[str, str], before: DocumentDetails) -> None:
        super().__init__(library, f"Edit properties of \u201c{before.info.title}\u201d")
        self.document_id = document_id
        self.changes = changes
        old = field_values(before)
        self.old_values = {field: old[field] for field in changes}
        self.old_corrected = tuple(field for field in changes if field in before.corrected)

    def do(self) -> LibraryChange:
        correct_document(self.library, self.document_id, **self.changes)
        return LibraryChange(documents=frozenset({self.document_id}))

    def undo_change(self) -> LibraryChange:
        correct_document(self.library, self.document_id, **self.old_values)
        detected = tuple(field for field in self.changes if field not in self.old_corrected)
        if detected:
            forget_corrections(self.library, self.document_id, detected)
        return LibraryChange(documents=frozenset({self.document_id}))


class DocumentPropertiesDialog(QDialog):
    """Edit a document's title, kind, reference and dates; corrected fields are marked and kept."""

    def __init__(self, library: Library, document_id: int, operations: Operations, undo_stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.document_id = document_id
        self.operations, self.undo_stack = operations, undo_stack
        self.setWindowTitle("Document properties")
        self.setMinimumWidth(620)
        self.editors: dict[str, QLineEdit | QComboBox] = {}
        self.captions: dict[str, QLabel] = {}

        form = QFormLayout()
        for field in FIELDS:
            if field == "kind":
                editor: QLineEdit | QComboBox = QComboBox()
                for kind in KINDS:
                    editor.addItem(KIND_NAMES[kind], kind)
            else:
                editor = QLineEdit()
                editor.setClearButtonEnabled(True)
            caption = QLabel(LABELS[field])
            form.addRow(caption, editor)
            self.editors[field], self.captions[field] = editor, caption
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel("Fields in <b>bold</b> were corrected by you: detecting again leaves them as they are.")
        hint.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.detect_button = QPushButton("Detect again")
        self.detect_button.setToolTip("Read the document again and refresh every field you have not corrected")
        buttons.addButton(self.detect_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.detect_button.clicked.connect(self.detect_again)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.facts)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        self.details = document_details(self.library, self.document_id)
        values = field_values(self.details)
        for field, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(values[field] or "other")))
            else:
                editor.setText(values[field])
                editor.setCursorPosition(0)
            font = QFont(self.captions[field].font())
            font.setBold(field in self.details.corrected)
            self.captions[field].setFont(font)
        info = self.details.info
        self.facts.setText(
            f"{info.page_count} pages, {self.details.paragraph_count} numbered paragraphs found"
            f"{'' if info.has_text_layer else ', no text layer'}<br>"
            f"SHA-256 {info.sha256}<br>Added {info.added_at:%Y-%m-%d %H:%M} from {info.original_path or 'unknown'}"
        )

    def changes(self) -> dict[str, str]:
        values = field_values(self.details)
        changed = {}
        for field, editor in self.editors.items():
            value = editor.currentData() if isinstance(editor, QComboBox) else editor.text().strip()
            if value != values[field]:
                changed[field] = value
        return changed

    def save(self) -> None:
        """Saved as one undo step; the dialog closes once it is, and stays open on a refusal."""
        changes = self.changes()
        if not changes:
            self.accept()
            return
        try:
            check_corrections(changes)
        except LibraryError as error:
            self._refused(str(error))
            return
        push(self.operations, self.undo_stack, CorrectDocument(self.library, self.document_id, changes, self.details),
             failed=self._refused, done=lambda _command: self.accept())

    def detect_again(self) -> None:
        self.detect_button.setEnabled(False)
        self.detect_button.setText("Detecting\u2026")
        library, document_id = self.library, self.document_id
        self.operations.run(lambda _task: redetect(library, document_id), done=self._detected, failed=self._refused,
                            changes=lambda _result: LibraryChange(documents=frozenset({document_id})))

    def _detected(self, _result: object) -> None:
        self.detect_button.setEnabled(True)
        self.detect_button.setText("Detect again")
        self.load()

    def _refused(self, message: str) -> None:
        self.detect_button.setEnabled(True)
        self.detect_button.setText("Detect again")
        QMessageBox.warning(self, "Document properties", message)
