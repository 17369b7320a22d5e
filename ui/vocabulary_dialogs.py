"""The dialog that creates or edits one tag; the service's refusal is shown inside it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.vocabulary.kinds import EVENT_TYPE_LABELS, KIND_LABELS, PARENT_KINDS, PRECISION_LABELS, TREATY_KINDS
from app.vocabulary.records import TagFields, TagInfo
from app.vocabulary.search import fold

# The fields, where to say a refusal, what to do once saved.
Submit = Callable[[TagFields, Callable[[str], None], Callable[[], None]], None]


class ColorButton(QPushButton):
    """Shows a colour; click to choose one, right-click (or "No colour") to clear it."""

    def __init__(self, color: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.color: str | None = None
        self.set_color(color)
        self.clicked.connect(self._choose)

    def set_color(self, color: str | None) -> None:
        self.color = color
        self.setText(color or "Choose\u2026")
        self.setStyleSheet(f"background-color: {color}; color: {_contrast(color)};" if color else "")

    def _choose(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.color or "#ffcc00"), self, "Tag colour")
        if chosen.isValid():
            self.set_color(chosen.name())


def _contrast(color: str) -> str:
    return "black" if QColor(color).lightness() > 140 else "white"


class TagDialog(QDialog):
    """Name, code, parent, colour and description; treaty facts or event details by kind."""

    def __init__(self, fields: TagFields, submit: Submit, parents: list[TagInfo], treaties: list[TagInfo],
                 builtin: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._submit = submit
        self._kind = fields.kind
        self.setWindowTitle(f"{KIND_LABELS[fields.kind]}: {fields.label or 'new'}")
        self.setMinimumWidth(520)
        form = QFormLayout()
        self.label = QLineEdit(fields.label)
        form.addRow("&Name", self.label)
        self.code = QLineEdit(fields.code or "")
        self.code.setPlaceholderText("e.g. ETS No. 126, ECHR Art. 3")
        if fields.kind in (*TREATY_KINDS, "article", "theme"):
            form.addRow("&Code", self.code)
        self.parent_box = QComboBox()
        allowed = PARENT_KINDS[fields.kind]
        if None in allowed:
            self.parent_box.addItem("(top level)", None)
        for candidate in parents:
            if candidate.kind in allowed:
                self.parent_box.addItem(candidate.display, candidate.id)
        self.parent_box.setCurrentIndex(max(0, self.parent_box.findData(fields.parent_id)))
        if fields.kind != "event":
            form.addRow("&Under", self.parent_box)
        self.color = ColorButton(fields.color)
        clear = QPushButton("No colour")
        clear.clicked.connect(lambda: self.color.set_color(None))
        row = QHBoxLayout()
        row.addWidget(self.color, 1)
        row.addWidget(clear)
        form.addRow(_label("Co&lour", self.color), row)

        self.short_name = QLineEdit(fields.short_name or "")
        self.organisation = QLineEdit(fields.organisation or "")
        self.adopted = QLineEdit(fields.adopted or "")
        self.in_force = QLineEdit(fields.in_force or "")
        if fields.kind in TREATY_KINDS:
            form.addRow("Short name", self.short_name)
            form.addRow("Organisation", self.organisation)
            form.addRow("Adopted", self.adopted)
        if fields.kind == "treaty":  # a standard is adopted, never in force
            form.addRow("In force", self.in_force)

        self.event_type = QComboBox()
        for key, text in EVENT_TYPE_LABELS.items():
            self.event_type.addItem(text, key)
        self.event_type.setCurrentIndex(max(0, self.event_type.findData(fields.event_type or "other")))
        self.date_start = QLineEdit(fields.date_start or "")
        self.date_start.setPlaceholderText("YYYY-MM-DD, YYYY-MM or YYYY")
        self.date_end = QLineEdit(fields.date_end or "")
        self.date_end.setPlaceholderText("optional, for a range")
        self.precision = QComboBox()
        self.precision.addItem("(from the date)", None)
        for key, text in PRECISION_LABELS.items():
            self.precision.addItem(text, key)
        self.precision.setCurrentIndex(max(0, self.precision.findData(fields.date_precision)))
        self.place = QLineEdit(fields.place or "")
        self.country = QLineEdit(fields.country or "")
        self.actors = QLineEdit("; ".join(fields.actors))
        self.actors.setPlaceholderText("separated by semicolons")
        self.treaties = QListWidget()
        self.treaties.setMaximumHeight(130)
        for treaty in treaties:
            item = QListWidgetItem(treaty.display if treaty.kind in TREATY_KINDS else f"    {treaty.fields.code or treaty.label}")
            item.setData(Qt.ItemDataRole.UserRole, treaty.slug)
            item.setToolTip(treaty.label)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if treaty.slug in fields.treaties else Qt.CheckState.Unchecked)
            self.treaties.addItem(item)
        self.treaty_filter = QLineEdit()
        self.treaty_filter.setPlaceholderText("Filter treaties and articles\u2026")
        self.treaty_filter.setClearButtonEnabled(True)
        self.treaty_filter.textChanged.connect(self._filter_treaties)
        treaty_box = QVBoxLayout()
        treaty_box.addWidget(self.treaty_filter)
        treaty_box.addWidget(self.treaties)
        if fields.kind == "event":
            form.addRow("&Type", self.event_type)
            form.addRow("&Date", self.date_start)
            form.addRow("&Until", self.date_end)
            form.addRow("&Precision", self.precision)
            form.addRow("&Place", self.place)
            form.addRow("C&ountry", self.country)
            form.addRow("&Actors", self.actors)
            form.addRow(_label("T&reaties", self.treaty_filter), treaty_box)

        self.description = QPlainTextEdit(fields.description)
        self.description.setMaximumHeight(90)
        form.addRow("D&escription", self.description)
        if builtin:
            for widget in (self.label, self.code, self.parent_box, self.short_name, self.organisation,
                           self.adopted, self.in_force):
                widget.setEnabled(False)
            form.addRow("", QLabel("Built in: its official facts come with the app."))

        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _filter_treaties(self, text: str) -> None:
        words = fold(text).split()
        for row in range(self.treaties.count()):
            item = self.treaties.item(row)
            haystack = f" {fold(item.text())} {fold(item.toolTip())} "
            checked = item.checkState() == Qt.CheckState.Checked
            item.setHidden(not checked and not all(f" {word}" in haystack for word in words))

    def fields(self) -> TagFields:
        checked = [
            self.treaties.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.treaties.count())
            if self.treaties.item(row).checkState() == Qt.CheckState.Checked
        ]
        is_event = self._kind == "event"
        is_treaty = self._kind in TREATY_KINDS
        return TagFields(
            kind=self._kind,
            label=self.label.text(),
            code=self.code.text() if self._kind in (*TREATY_KINDS, "article", "theme") else None,
            parent_id=None if is_event else self.parent_box.currentData(),
            description=self.description.toPlainText(),
            color=self.color.color,
            short_name=self.short_name.text() if is_treaty else None,
            organisation=self.organisation.text() if is_treaty else None,
            adopted=self.adopted.text() if is_treaty else None,
            in_force=self.in_force.text() if self._kind == "treaty" else None,
            event_type=self.event_type.currentData() if is_event else None,
            date_start=self.date_start.text() if is_event else None,
            date_end=self.date_end.text() if is_event else None,
            date_precision=self.precision.currentData() if is_event else None,
            place=self.place.text() if is_event else None,
            country=self.country.text() if is_event else None,
            actors=tuple(self.actors.text().split(";")) if is_event else (),
            treaties=tuple(checked) if is_event else (),
        )

    def accept(self) -> None:
        """Save through the service; the dialog closes once saved, and a refusal stays in it so nothing
        typed is lost."""
        self._submit(self.fields(), self._refused, super().accept)

    def _refused(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()


def _label(text: str, buddy: QWidget) -> QLabel:
    """A form label whose mnemonic (the letter after &) goes to ``buddy``: a row holding a layout
    gets no buddy from QFormLayout, and its label would show the & itself."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label
