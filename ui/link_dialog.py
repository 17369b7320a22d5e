"""Link to…: the other passage (found by the words of its quote, or its document's symbol or title),
the kind of link, and a note. Also edits a link's kind and note.

The dialog writes nothing itself: it hands what was chosen to whoever owns the undo stack
(:attr:`LinkDialog.submitted`) and stays open until told the link was made (:meth:`LinkDialog.done_ok`)
or why not (:meth:`LinkDialog.refused`); a refusal shows the library's own message, with every field
still as the user left it.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.library import Library
from app.records import DocumentInfo
from app.services.annotations import AnnotationInfo
from app.services.documents import list_documents
from app.services.links import LinkView, link_kinds
from app.services.search import AnnotationFilters, AnnotationHit, search_annotations
from app.text.printed_text import display_quote
from ui.operations import Operations

RESULTS = 50
DEBOUNCE_MS = 120
QUOTE_CHARACTERS = 160
UUID_ROLE = Qt.ItemDataRole.UserRole
ERROR_STYLE = "color: #d32f2f"  # readable on a light and a dark background


def find_passages(library: Library, text: str, documents: list[DocumentInfo]) -> list[AnnotationHit]:
    """The passages to offer for ``text``: newest first when it is empty; else those whose quote, note or
    tags hold its words, then those of the documents it names by symbol or title (``A/HRC/24/14``,
    or ``A/HRC/24/14 para. 50``: the rest of the words must be in the passage's citation or quote)."""
    words = text.strip()
    if not words:
        return list(search_annotations(library, "", sort="date", limit=RESULTS).hits)
    hits = list(search_annotations(library, words, limit=RESULTS).hits)
    folded = words.casefold()
    named: dict[int, str] = {}  # document id -> the rest of the words, once its symbol or title is taken out
    for document in documents:
        reference, title = (document.reference or "").casefold(), document.title.casefold()
        if reference and reference in folded:
            named[document.id] = folded.replace(reference, " ")
        elif folded in reference or folded in title:
            named[document.id] = ""
    if named:
        cited = search_annotations(library, "", AnnotationFilters(documents=tuple(named)), sort="document",
                                   limit=RESULTS).hits
        for hit in cited:
            rest = named[hit.annotation.document_id].split()
            where = f"{hit.citation} {hit.annotation.quote}".casefold()
            if all(word in where for word in rest):
                hits.append(hit)
    seen: set[str] = set()
    unique = []
    for hit in hits:
        if hit.annotation.uuid not in seen:
            seen.add(hit.annotation.uuid)
            unique.append(hit)
    return unique[:RESULTS]


def _short(quote: str) -> str:
    shown = display_quote(quote)
    return shown if len(shown) <= QUOTE_CHARACTERS else shown[:QUOTE_CHARACTERS] + "\u2026"


class LinkDialog(QDialog):
    submitted = Signal(str, str, str)  # the other passage's uuid (empty when editing), kind, note

    def __init__(self, library: Library, operations: Operations, source: AnnotationInfo, source_citation: str,
                 parent: QWidget | None = None, *, editing: LinkView | None = None) -> None:
        super().__init__(parent)
        self.library, self.operations, self.source, self.editing = library, operations, source, editing
        self.setWindowTitle("Edit link" if editing else "Link to another passage")
        self._sequence = 0
        self._documents: list[DocumentInfo] | None = None
        self._busy = False

        quote = _short(source.quote) or "this area"
        if editing is None:
            header = f"Link \u201c{quote}\u201d ({source_citation}) to:"
        else:
            header = f"\u201c{quote}\u201d ({source_citation}):\n{editing.reading}"
        self.header = QLabel(header, wordWrap=True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.search = QLineEdit(placeholderText="Find the other passage: words of its quote, or its document's symbol",
                                clearButtonEnabled=True)
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.setMinimumHeight(160)
        self.status = QLabel()
        self.status.setEnabled(False)
        self.kind = QComboBox(editable=True)
        self.kind.addItems(link_kinds(library))
        self.kind.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.note = QLineEdit(placeholderText="Optional: what the link says (\u201conly in two prisons\u201d)")
        if editing is not None:
            self.kind.setCurrentText(editing.link.kind)
            self.note.setText(editing.link.note)
        self.error = QLabel(wordWrap=True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        hint = QLabel("Ctrl+Enter makes the link, Esc leaves without one." if editing is None
                      else "Ctrl+Enter keeps the changes, Esc leaves the link as it was.")
        hint.setEnabled(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.link_button = self.buttons.addButton("Keep" if editing else "Link",
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.link_button.setToolTip("Ctrl+Enter")
        for button in self.buttons.buttons():  # Enter in the search field must not close the dialog
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)

        form = QFormLayout()
        form.addRow("Kind:", self.kind)
        form.addRow("Note:", self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        if editing is None:
            layout.addWidget(self.search)
            layout.addWidget(self.results, 1)
            layout.addWidget(self.status)
        else:
            self.search.hide()
            self.results.hide()
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.resize(560, 460 if editing is None else 220)

        self.buttons.accepted.connect(self.accept_link)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept_link, context=Qt.ShortcutContext.WindowShortcut)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._to_results)
        self.results.itemActivated.connect(lambda _item: self.accept_link())
        if editing is None:
            self.search.setFocus()
            self.run_search()
        else:
            self.kind.setFocus()
            line = self.kind.lineEdit()
            if line is not None:
                line.selectAll()

    # --- finding the other passage --------------------------------------------------------

    def _search_changed(self, _text: str) -> None:
        self._sequence += 1  # an answer to what was typed before is dropped, not flashed
        self._timer.start()

    def run_search(self) -> None:
        self._timer.stop()
        self._sequence += 1
        sequence, text, library, known = self._sequence, self.search.text(), self.library, self._documents

        def work(_task: object) -> tuple[list[DocumentInfo], list[AnnotationHit]]:
            documents = known if known is not None else list_documents(library)
            return documents, find_passages(library, text, documents)

        self.operations.run(work, done=lambda found: self._found(sequence, *found),
                            failed=lambda message: self._search_failed(sequence, message))

    def _stale(self, sequence: int) -> bool:
        return not shiboken6.isValid(self) or not shiboken6.isValid(self.results) or sequence != self._sequence

    def _search_failed(self, sequence: int, message: str) -> None:
        if not self._stale(sequence):
            self.status.setText(message)

    def _found(self, sequence: int, documents: list[DocumentInfo], hits: list[AnnotationHit]) -> None:
        if self._stale(sequence):
            return
        self._documents = documents
        chosen = self.chosen_uuid()
        self.results.clear()
        # The passage being linked comes last, greyed: it is listed (it is found like any other), never
        # offered first.
        hits = sorted(hits, key=lambda hit: hit.annotation.uuid == self.source.uuid)
        for hit in hits:
            annotation = hit.annotation
            this = annotation.uuid == self.source.uuid
            quote = _short(annotation.quote) or "(an area of the page)"
            item = QListWidgetItem(f"{hit.citation}{' (this passage)' if this else ''} \u2014 {hit.document_title}"
                                   f"\n\u201c{quote}\u201d")
            item.setData(UUID_ROLE, annotation.uuid)
            item.setToolTip(display_quote(annotation.quote)[:1000])
            if this:
                item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
            self.results.addItem(item)
        count = len(hits)
        self.status.setText(f"{count} passage{'s' if count != 1 else ''}" if count else
                            "No passage found: try other words, or the document's symbol.")
        rows = [self.results.item(row).data(UUID_ROLE) for row in range(count)]
        if chosen in rows:
            self.results.setCurrentRow(rows.index(chosen))
        elif rows and rows[0] != self.source.uuid:
            self.results.setCurrentRow(0)

    def _to_results(self) -> None:
        if self.results.count():
            self.results.setFocus()

    def chosen_uuid(self) -> str | None:
        item = self.results.currentItem()
        return item.data(UUID_ROLE) if item is not None else None

    def choose(self, uuid: str) -> bool:
        """Make the result with this uuid the chosen one; False when it is not listed."""
        for row in range(self.results.count()):
            if self.results.item(row).data(UUID_ROLE) == uuid:
                self.results.setCurrentRow(row)
                return True
        return False

    # --- making the link ------------------------------------------------------------------

    def accept_link(self) -> None:
        if self._busy:
            return
        target = ""
        if self.editing is None:
            target = self.chosen_uuid() or ""
            if not target:
                self.refused("Choose the passage to link to: type words of its quote, or its document's "
                             "symbol, and pick it in the list.")
                return
        self._busy = True
        self.link_button.setEnabled(False)
        self.error.hide()
        self.submitted.emit(target, self.kind.currentText(), self.note.text())

    def refused(self, message: str) -> None:
        """The library would not make the link: say why, and leave everything as typed."""
        if not shiboken6.isValid(self):
            return
        self._busy = False
        self.link_button.setEnabled(True)
        self.error.setText(message)
        self.error.show()

    def done_ok(self) -> None:
        if shiboken6.isValid(self):
            self._busy = False
            self.accept()
