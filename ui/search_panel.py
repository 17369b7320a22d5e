"""Search the whole library (Ctrl+Shift+F): every annotation, or the documents' own text.

Queries run off the UI thread a moment after the last keystroke; a result that arrives
after a newer query was typed is dropped. Enter or a double click opens the passage.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QAbstractListModel, QMargins, QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import LibraryError
from app.library import Library
from app.services.annotations import PALETTE
from app.services.documents import list_documents, search_text
from app.services.links import link_kinds
from app.services.saved_searches import SavedSearchInfo, delete_saved_search, list_saved_searches, save_search
from app.services.search import AnnotationFilters, search_annotations
from app.vocabulary.search import find_tags
from ui.annotation_panel import ANNOTATION_ROLE, _Delegate
from ui.operations import Operations

RESULTS = 50  # the best first; a narrower query or a filter finds the rest
# The results must be painted within 100 ms of the last keystroke, and the query itself
# takes 10-40 ms on a busy machine: a short pause still merges a burst of keys into one query
# (older answers are dropped anyway).
DEBOUNCE_MS = 25
KINDS = {
    "": "Any kind", "cpt_report": "CPT reports", "un_report": "UN reports", "government_response": "Government responses",
    "ngo_report": "NGO reports", "news": "News", "other": "Other",
}
# What the "without a link" field holds for "no link of any kind".
NO_LINK = "no link at all"
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _marked(text: str, spans) -> str:  # noqa: ANN001
    out, last = [], 0
    for start, end in spans:
        out += [html.escape(text[last:start]), "<b style='background:#fff59d; color:#1a1a1a'>", html.escape(text[start:end]), "</b>"]
        last = end
    out.append(html.escape(text[last:]))
    return " ".join("".join(out).split())


class _Results(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, object, tuple[int, int, str | None]]] = []  # html, annotation or None, target

    def set_rows(self, rows) -> None:  # noqa: ANN001
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        text, annotation, target = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == ANNOTATION_ROLE:
            return annotation
        if role == Qt.ItemDataRole.UserRole:
            return target
        return None


class _TextHitDelegate(_Delegate):
    """Document hits carry no annotation: no colour bar, and sizes cached by text."""

    def paint(self, painter, option, index) -> None:  # noqa: ANN001
        if index.data(ANNOTATION_ROLE) is not None:
            super().paint(painter, option, index)
            return
        painter.save()
        document = self._document(option, index.data())
        painter.translate(option.rect.x() + self.MARGIN, option.rect.y() + self.MARGIN / 2)
        document.drawContents(painter)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: ANN001, N802
        if index.data(ANNOTATION_ROLE) is not None:
            return super().sizeHint(option, index)
        document = self._document(option, index.data())
        return document.size().toSize().grownBy(QMargins(0, 0, 0, self.MARGIN))


LINKED_TO = "Linked to\u2026"


class _FilledOnOpen(QComboBox):
    """A choice whose items are read again each time its list opens (documents and link kinds
    come and go while the panel stays), keeping what was chosen or typed."""

    def __init__(self, fill: Callable[[QComboBox], None], *, editable: bool = False,
                 placeholder: str | None = None) -> None:
        super().__init__(editable=editable)
        self._fill = fill
        if placeholder is None:
            self.refill()
        else:  # read when its list first opens: a big library's documents are too many to read at start
            self.addItem(placeholder, None)

    def refill(self) -> None:
        data, text = self.currentData(), self.currentText()
        self.blockSignals(True)
        self.clear()
        self._fill(self)
        found = self.findData(data) if data is not None else self.findText(text)
        if found >= 0:
            self.setCurrentIndex(found)
        elif self.isEditable():
            self.setEditText(text)
        self.blockSignals(False)

    def showPopup(self) -> None:  # noqa: N802
        self.refill()
        # The list may be wider than the field, which the side panel squeezes: kinds and titles read whole.
        self.view().setMinimumWidth(self.view().sizeHintForColumn(0) + 2 * self.view().frameWidth() + 8)
        super().showPopup()


class SearchPanel(QWidget):
    passage_wanted = Signal(int, int, str)  # document id, page index, annotation uuid
    page_wanted = Signal(int, int, str)  # document id, page index, the words to show found there
    saved_changed = Signal(list)  # the saved searches, after one was saved or forgotten
    export_requested = Signal(str, object, str)  # words, AnnotationFilters, sort: every passage they find

    def __init__(self, library: Library, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.operations = operations
        self._sequence = 0
        self.query = QLineEdit(placeholderText='Search: words, "a phrase", restr*, AND / OR / NOT', clearButtonEnabled=True)
        self.scope = QComboBox()
        self.scope.addItem("Annotations", "annotations")
        self.scope.addItem("In documents", "documents")
        self.tag = QComboBox(editable=True)
        self.tag.lineEdit().setPlaceholderText("Tag, treaty or event\u2026")
        self.kind = QComboBox()
        for key, name in KINDS.items():
            self.kind.addItem(name, key or None)
        self.color = QComboBox()
        self.color.addItem("Any colour", None)
        for name in PALETTE:
            self.color.addItem(name.capitalize(), name)
        self.since = QLineEdit(placeholderText="Published since (2019)")
        self.until = QLineEdit(placeholderText="until")
        self.has_note = QCheckBox("With a note")
        self.linked_to = _FilledOnOpen(self._fill_documents, placeholder=LINKED_TO)
        self.linked_to.setToolTip("Passages linked, either way, to a passage in this document")
        self.without_link = _FilledOnOpen(self._fill_link_kinds, editable=True)
        self.without_link.lineEdit().setPlaceholderText("Without link\u2026")
        self.without_link.setToolTip("Passages with no link of this kind either way (\u201cresponds to\u201d: "
                                     f"no response yet); \u201c{NO_LINK}\u201d: passages with no link")
        self.sort = QComboBox()
        for key, name in (("relevance", "Best first"), ("date", "Newest first"), ("document", "By document")):
            self.sort.addItem(name, key)
        self.saved = QComboBox()
        self.save_button = QPushButton("Save\u2026")
        self.forget_button = QPushButton("Forget")
        self.results = _Results()
        self.list = QListView()
        self.list.setModel(self.results)
        self.list.setItemDelegate(_TextHitDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(20)
        self.list.setMinimumHeight(180)  # room for a few results, however the dock is squeezed
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.export_button = QPushButton("Export\u2026")
        self.export_button.setToolTip("Export every passage this search finds (Ctrl+E exports the whole library)")
        # The panel shares the side of the window: its fields may narrow rather than widen the side.
        for combo in (self.scope, self.tag, self.kind, self.color, self.sort, self.saved, self.linked_to,
                      self.without_link):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(5)
        for field in (self.query, self.since, self.until):
            field.setMinimumWidth(60)
        for button in (self.save_button, self.forget_button, self.export_button):
            button.setMinimumWidth(48)

        filters = QGridLayout()
        filters.addWidget(self.scope, 0, 0)
        filters.addWidget(self.tag, 0, 1)
        filters.addWidget(self.kind, 1, 0)
        filters.addWidget(self.color, 1, 1)
        filters.addWidget(self.since, 2, 0)
        filters.addWidget(self.until, 2, 1)
        filters.addWidget(self.has_note, 3, 0)
        filters.addWidget(self.sort, 3, 1)
        filters.addWidget(self.linked_to, 4, 0)
        filters.addWidget(self.without_link, 4, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        saved = QHBoxLayout()
        saved.addWidget(self.saved, 1)
        saved.addWidget(self.save_button)
        saved.addWidget(self.forget_button)
        layout.addWidget(self.query)
        layout.addLayout(saved)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.export_button)
        layout.addLayout(bottom)

        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        for signal in (self.query.textChanged, self.tag.currentTextChanged, self.since.textChanged, self.until.textChanged,
                       self.without_link.currentTextChanged):
            signal.connect(lambda _value: self._changed())
        for combo in (self.scope, self.kind, self.color, self.sort, self.linked_to):
            combo.currentIndexChanged.connect(lambda _index: self._changed())
        self.has_note.toggled.connect(lambda _on: self._changed())
        self.query.returnPressed.connect(self.open_current)
        self.list.activated.connect(lambda _index: self.open_current())
        self.list.clicked.connect(lambda _index: self.open_current())  # one click opens, as in the library
        self.saved.activated.connect(lambda _index: self.run_saved())
        self.save_button.clicked.connect(self.save_current)
        self.forget_button.clicked.connect(self.forget_current)
        self.export_button.clicked.connect(self.export_results)
        self.scope.currentIndexChanged.connect(
            lambda _index: self.export_button.setEnabled(self.scope.currentData() == "annotations"))
        self._fill_tags()
        self._fill_saved()

    def _changed(self) -> None:
        # Results of what was asked before this change are out of date even if they come
        # back before the new query is sent: drop them rather than flash them.
        self._sequence += 1
        self._timer.start()

    def _fill_tags(self) -> None:
        self.tag.addItem("", None)
        for tag in find_tags(self.library, "", ("treaty", "article", "event", "theme"), limit=500):
            self.tag.addItem(tag.fields.code or tag.label, tag.id)

    def _fill_documents(self, combo: QComboBox) -> None:
        combo.addItem(LINKED_TO, None)
        for document in list_documents(self.library):
            name = f"{document.reference} \u2014 {document.title}" if document.reference else document.title
            combo.addItem(f"Linked to {name}", document.id)

    def _fill_link_kinds(self, combo: QComboBox) -> None:
        combo.addItem("")
        combo.addItem(NO_LINK)
        for kind in link_kinds(self.library):
            combo.addItem(kind)

    def saved_searches(self) -> list[SavedSearchInfo]:
        return [self.saved.itemData(index) for index in range(1, self.saved.count())]

    def _fill_saved(self, current: str | None = None) -> None:
        self.saved.clear()
        self.saved.addItem("Saved searches\u2026", None)
        for search in list_saved_searches(self.library):
            self.saved.addItem(search.name, search)
        self.saved.setCurrentIndex(max(0, self.saved.findText(current)) if current else 0)
        self.forget_button.setEnabled(self.saved.count() > 1)

    def save_current(self) -> None:
        filters = self.filters()
        if isinstance(filters, str):
            self.status.setText(filters)
            return
        name, accepted = QInputDialog.getText(self, "Save search", "Name of this search:", text=self.query.text())
        if not accepted:
            return
        try:
            saved = save_search(self.library, name, self.query.text(), filters, self.scope.currentData())
        except LibraryError as error:
            self.status.setText(str(error))
            return
        self._fill_saved(saved.name)
        self.saved_changed.emit(self.saved_searches())

    def forget_current(self) -> None:
        search = self.saved.currentData()
        if search is not None:
            delete_saved_search(self.library, search.id)
            self._fill_saved()
            self.saved_changed.emit(self.saved_searches())

    def run_saved(self, search: SavedSearchInfo | None = None) -> None:
        """Put a saved search (by default the one chosen above) back in the panel, and run it."""
        if search is None:
            search = self.saved.currentData()
        if search is None:
            return
        self.saved.setCurrentIndex(max(0, self.saved.findText(search.name)))
        widgets = (self.query, self.scope, self.tag, self.kind, self.color, self.since, self.until, self.has_note,
                   self.linked_to, self.without_link)
        for widget in widgets:
            widget.blockSignals(True)
        filters = search.filters
        self.query.setText(search.query)
        self.scope.setCurrentIndex(max(0, self.scope.findData(search.scope)))
        self.tag.setCurrentIndex(max(0, self.tag.findData(filters.tags_any[0])) if filters.tags_any else 0)
        self.kind.setCurrentIndex(max(0, self.kind.findData(filters.document_kinds[0])) if filters.document_kinds else 0)
        self.color.setCurrentIndex(max(0, self.color.findData(filters.colors[0])) if filters.colors else 0)
        self.since.setText(filters.published_from or "")
        self.until.setText(filters.published_to or "")
        self.has_note.setChecked(bool(filters.has_note))
        self.linked_to.refill()
        linked = self.linked_to.findData(filters.linked_to_documents[0]) if filters.linked_to_documents else 0
        self.linked_to.setCurrentIndex(max(0, linked))
        without = filters.without_link
        self.without_link.setEditText(NO_LINK if without == "" else without or "")
        for widget in widgets:
            widget.blockSignals(False)
        self.run_search()

    def export_results(self) -> None:
        """Ask for an export of what this search finds (its words, filters and order; no limit)."""
        filters = self.filters()
        if isinstance(filters, str):
            self.status.setText(filters)
            return
        self.export_requested.emit(self.query.text(), filters, self.sort.currentData())

    def focus_query(self) -> None:
        self.query.setFocus()
        self.query.selectAll()

    def filters(self) -> AnnotationFilters | str:
        """The filters as set, or a short message on the one that cannot be read."""
        since, until = self.since.text().strip(), self.until.text().strip()
        for value in (since, until):
            if value and not _DATE.match(value):
                return f"Dates are written 2019, 2019-05 or 2019-05-31 (not \u201c{value}\u201d)."
        tag_text = self.tag.currentText().strip()
        chosen = self.tag.currentIndex() > 0 and self.tag.itemText(self.tag.currentIndex()) == tag_text
        tag_id = self.tag.currentData() if chosen else None
        if tag_text and tag_id is None:
            found = find_tags(self.library, tag_text, limit=1)
            if not found:
                return f"No tag matches \u201c{tag_text}\u201d."
            tag_id = found[0].id
        return AnnotationFilters(
            tags_any=(tag_id,) if tag_id else (),
            document_kinds=(self.kind.currentData(),) if self.kind.currentData() else (),
            colors=(self.color.currentData(),) if self.color.currentData() else (),
            published_from=since or None,
            published_to=until or None,
            has_note=True if self.has_note.isChecked() else None,
            linked_to_documents=(self.linked_to.currentData(),) if self.linked_to.currentData() else (),
            without_link=self._without_link(),
        )

    def _without_link(self) -> str | None:
        kind = " ".join(self.without_link.currentText().split())
        if not kind:
            return None
        return "" if kind.casefold() == NO_LINK else kind

    def run_search(self) -> None:
        self._timer.stop()
        self._sequence += 1
        sequence = self._sequence
        filters = self.filters()
        if isinstance(filters, str):
            self.status.setText(filters)
            self.results.set_rows([])
            return
        text, library, sort = self.query.text(), self.library, self.sort.currentData()
        if self.scope.currentData() == "documents":
            if not text.strip():
                self.results.set_rows([])
                self.status.setText("Type words to find them in the documents' text.")
                return
            self.operations.run(lambda _task: search_text(library, text, limit=RESULTS),
                                done=lambda r: self._documents_done(sequence, text, r),
                                failed=lambda message: self._failed(sequence, message))
        else:
            self.operations.run(lambda _task: search_annotations(library, text, filters, sort=sort, limit=RESULTS),
                                done=lambda r: self._annotations_done(sequence, r),
                                failed=lambda message: self._failed(sequence, message))

    def _stale(self, sequence: int) -> bool:
        if not shiboken6.isValid(self) or not shiboken6.isValid(self.list):
            return True  # the window closed while the search ran
        return sequence != self._sequence  # a newer query is on its way

    def _failed(self, sequence: int, message: str) -> None:
        if not self._stale(sequence):
            self.status.setText(message)

    def _annotations_done(self, sequence: int, result) -> None:  # noqa: ANN001
        if self._stale(sequence):
            return
        rows = []
        for hit in result.hits:
            annotation = hit.annotation
            where = hit.citation
            tags = " ".join(f"[{html.escape(t.code or t.label)}]" for t in annotation.tags)
            text = f"<small><b>{html.escape(where)}</b> {tags}</small><br>\u201c{_marked(annotation.quote, hit.highlights)}\u201d"
            if annotation.note:
                text += f"<br><i>{html.escape(annotation.note[:300])}</i>"
            rows.append((text, annotation, (annotation.document_id, annotation.page_index, annotation.uuid)))
        self.results.set_rows(rows)
        count = len(rows)
        self.status.setText(" ".join([f"{count} passage{'s' if count != 1 else ''}"] + list(result.hints)))
        if rows:
            self.list.setCurrentIndex(self.results.index(0))

    def _documents_done(self, sequence: int, text: str, result) -> None:  # noqa: ANN001
        if self._stale(sequence):
            return
        rows = [
            (
                f"<small><b>{html.escape(hit.document_title)}, p. {html.escape(hit.page_label)}</b></small><br>"
                f"{_marked(hit.snippet, hit.highlights)}",
                None,
                (hit.document_id, hit.page_index, text),
            )
            for hit in result
        ]
        self.results.set_rows(rows)
        self.status.setText(f"{len(rows)} page{'s' if len(rows) != 1 else ''}")
        if rows:
            self.list.setCurrentIndex(self.results.index(0))

    def open_current(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid():
            return
        document_id, page_index, what = index.data(Qt.ItemDataRole.UserRole)
        if index.data(ANNOTATION_ROLE) is not None:
            self.passage_wanted.emit(document_id, page_index, what)
        else:
            self.page_wanted.emit(document_id, page_index, what)
