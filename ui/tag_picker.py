"""The type-ahead tag picker (T): treaties, articles, events and themes; Enter adds one.

What was typed can also become a new theme at once, for tagging faster than a
vocabulary can be planned.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.errors import LibraryError
from app.library import Library
from app.vocabulary.records import TagFields, TagInfo
from app.vocabulary.search import find_tags
from app.vocabulary.tags import create_tag
from ui.vocabulary_models import when
from ui.window_layout import open_over

KINDS = ("treaty", "standard", "article", "event", "theme")
KIND_NAMES = {"treaty": "Treaty", "standard": "Standard", "article": "Article", "event": "Event", "theme": "Theme"}
CREATE = "create"
WIDTH, HEIGHT = 720, 420


class TagPicker(QDialog):
    tag_chosen = Signal(int)  # the id of the tag to add

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setWindowTitle("Add a tag")
        # Wide enough for a code, an article's title and its kind; never wider or taller than the screen.
        open_over(self, parent, WIDTH, HEIGHT)
        self.search = QLineEdit(placeholderText="Treaty, article, event or theme\u2026", clearButtonEnabled=True)
        self.results = QListWidget()
        # A name longer than the list loses its middle, not the kind at its end; the tooltip has it whole.
        self.results.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()  # shown with a refusal only, so no empty band sits under the list
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.message)
        # Typing quickly should not query once per key.
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self.update_results)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self.choose_current)
        self.results.itemActivated.connect(lambda _item: self.choose_current())
        self.search.installEventFilter(self)
        self.update_results()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802, ANN001 - Qt's names
        # Up and Down move through the results while the cursor stays in the search box.
        if watched is self.search and event.type() == event.Type.KeyPress and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
            self.results.setCurrentRow(row)
            return True
        return super().eventFilter(watched, event)

    def update_results(self) -> None:
        text = self.search.text().strip()
        self.results.clear()
        for tag in find_tags(self.library, text, KINDS, limit=30):
            self._add(tag)
        if text:
            item = QListWidgetItem(f"Create theme \u201c{text}\u201d")
            item.setData(Qt.ItemDataRole.UserRole, CREATE)
            self.results.addItem(item)
        self.results.setCurrentRow(0)

    def _add(self, tag: TagInfo) -> None:
        name = f"{tag.fields.code} \u2014 {tag.label}" if tag.fields.code else tag.label
        dated = when(tag.fields) if tag.kind == "event" else ""
        item = QListWidgetItem(f"{name}    [{KIND_NAMES.get(tag.kind, tag.kind)}{', ' + dated if dated else ''}]")
        item.setToolTip(item.text())
        item.setData(Qt.ItemDataRole.UserRole, tag.id)
        self.results.addItem(item)

    def choose_current(self) -> None:
        self._timer.stop()
        item = self.results.currentItem()
        if item is None:
            self.update_results()
            item = self.results.currentItem()
        if item is None:
            return
        chosen = item.data(Qt.ItemDataRole.UserRole)
        if chosen == CREATE:
            try:
                chosen = create_tag(self.library, TagFields(kind="theme", label=self.search.text().strip())).id
            except LibraryError as error:
                self.message.setText(str(error))
                self.message.show()
                return
        self.tag_chosen.emit(int(chosen))
        self.accept()
