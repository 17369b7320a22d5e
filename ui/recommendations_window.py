"""Tools › Recommendations…: the recommendations found in the open document, a country's or the library's.

Each row opens its passage in the main window (double-click or Enter). The list is read off the UI
thread through the operations, and read again when the library changes. The chosen row's follow-up
is edited below the list, each edit one step of the window's undo stack: a status in one keystroke
(0-4 in the list), its note (N), and the passage chosen in the main window added as evidence; the
passages linked as responding to it are named there. "Made in" says in which years the recommendation
was made, where an earlier or later report on the country repeats it (worked out once the list shows).
"Export follow-up matrix…" writes the list's scope as XLSX, CSV or DOCX.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.changes import LibraryChange
from app.errors import NotFound
from app.export.matrix import MATRIX_FORMATS, export_matrix
from app.library import Library
from app.services import follow_up
from app.services import repeats as repeats_service
from app.services.annotations import AnnotationInfo
from app.services.documents import find_document
from app.services.recommendations import (
    KIND_NAMES,
    RecommendationInfo,
    Refound,
    countries_with_recommendations,
    find_again,
    list_recommendations,
)
from app.services.repeats import Repeats, repeats
from ui.link_commands import MakeLinks
from ui.operations import Operations
from ui.recommendation_commands import AddEvidence, RemoveEvidence, SetNote, SetStatus
from ui.undo import UndoableEdit, push, undo_actions
from ui.window_layout import open_over

STATUS_HINT = "Status: " + ", ".join(f"{key} {status}" for key, status in follow_up.STATUS_KEYS.items()) + \
    " \u00b7 N note"

HEADERS = ("Document", "Number", "Paragraph", "Kind", "Text", "Recommending State(s)", "Response", "Status",
           "Made in")
DOCUMENT_COLUMN, TEXT_COLUMN, MADE_IN_COLUMN = 0, 4, 8
# Columns only some reports fill (a CPT report names no recommending State and no response): hidden
# while no row shown has anything in them, so the text gets their width.
SOMETIMES_EMPTY = {1: "number", 5: "states", 6: "response"}
MATRIX_FILTERS = "Excel workbook (*.xlsx);;CSV (*.csv);;Word document (*.docx)"
OPENING_WORDS = 6  # the words of a recommendation marked on its page when it is opened

_PLAIN_WORD = re.compile(r"[^\W\ufb00-\ufb06]+(?:[-'\u2019][^\W\ufb00-\ufb06]+)*")

# The scopes of the chooser: (kind, value).
THIS_DOCUMENT, COUNTRY, LIBRARY = "document", "country", "library"


def _scope_filters(kind: str, value: Any) -> dict[str, Any]:
    """A scope of the chooser as the services take it: a document's id or a country."""
    return {"document_id": value if kind == THIS_DOCUMENT else None, "country": value if kind == COUNTRY else None}


def _opening_list(library: Library, document_id: int | None
                  ) -> tuple[list[str], list[RecommendationInfo], str | None]:
    """The countries to choose from, and the list to open on: the document's; where it holds none (a
    government's response, a news article), its country's, named."""
    countries = countries_with_recommendations(library)
    items = list_recommendations(library, document_id=document_id)
    if document_id is None or items:
        return countries, items, None
    try:
        country = find_document(library, f"#{document_id}").country
    except NotFound:  # removed meanwhile: the empty list says so
        return countries, items, None
    if country not in countries:
        return countries, items, None
    return countries, list_recommendations(library, country=country), country


def _repeats(count: int) -> str:
    return f"{count} repeat{'s' if count != 1 else ''}"


def opening_words(text: str) -> str:
    """The first words of a recommendation as the find bar can look for them on its page: plain words
    only, up to the first mark of punctuation (a bracket or a quote would be read as search syntax) or
    ligature (PDFs print "ﬁ" where the words are typed "fi")."""
    words = []
    for word in text.split()[:OPENING_WORDS]:
        bare = word.rstrip(",;:.")
        if not _PLAIN_WORD.fullmatch(bare):
            break
        words.append(bare)
        if bare != word:
            break
    return " ".join(words)


def shortened(text: str, words: int = 20) -> str:
    """The first ``words`` of ``text`` on one line, an ellipsis saying where it was cut."""
    shown = text.split()
    return " ".join(shown[:words]) + ("\u2026" if len(shown) > words else "")


class RecommendationsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.items: list[RecommendationInfo] = []
        self.repeats: dict[int, Repeats] = {}  # by recommendation id: those made in other years too
        self._haystacks: list[str] | None = None

    def set_items(self, items: list[RecommendationInfo]) -> None:
        self.beginResetModel()
        self.items = items
        self.repeats = {}
        self._haystacks = None
        self.endResetModel()

    def set_repeats(self, found: dict[int, Repeats]) -> None:
        self.repeats = found
        self._haystacks = None
        if self.items:
            self.dataChanged.emit(self.index(0, MADE_IN_COLUMN), self.index(len(self.items) - 1, MADE_IN_COLUMN))

    def haystacks(self) -> list[str]:
        """What the filter looks in, row by row: made at the first word typed, not while the list opens
        (ten thousand rows' texts take longer than reading them), and kept until the rows change."""
        if self._haystacks is None:
            self._haystacks = ["\n".join([self.cell(item, column) for column in range(len(HEADERS))]).casefold()
                               for item in self.items]
        return self._haystacks

    def cell(self, item: RecommendationInfo, column: int) -> str:
        if column == MADE_IN_COLUMN:
            made = self.repeats.get(item.id)
            return made.recommended_in() if made else ""
        cells = (item.document_reference or item.document_title, item.number or "", item.paragraph or "",
                 KIND_NAMES.get(item.kind, item.kind), item.text, ", ".join(item.states), item.response or "",
                 item.status)
        return cells[column]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == MADE_IN_COLUMN and item.id in self.repeats:
                return "Also made in " + self.repeats[item.id].describe()
            return item.text if index.column() == TEXT_COLUMN else None
        return self.cell(item, index.column())


class RowFilter(QSortFilterProxyModel):
    """The rows whose cells hold the words typed, in any column, case ignored."""

    def __init__(self, model: RecommendationsModel) -> None:
        super().__init__()
        self.setSourceModel(model)
        self.model, self.needle = model, ""

    def set_needle(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self.needle = text.strip().casefold()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.needle = text.strip().casefold()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, _parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        return not self.needle or self.needle in self.model.haystacks()[source_row]


class RecommendationsWindow(QDialog):
    """The list, its scope (the open document, a country, the library) and a filter over every column."""

    passage_wanted = Signal(int, int, str)  # document id, page index, the words to mark there
    evidence_wanted = Signal(int, int, str)  # an evidence passage: document id, page index, annotation uuid

    def __init__(self, library: Library, operations: Operations, undo_stack: QUndoStack,
                 chosen_passage: Callable[[], AnnotationInfo | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library, self.operations, self.undo_stack = library, operations, undo_stack
        self.chosen_passage = chosen_passage
        self.current: follow_up.FollowUp | None = None  # the chosen row's follow-up, as last read
        self.keep_id: int | None = None  # the row to choose again once the list is read again
        self.setWindowTitle("Recommendations")
        # A window of its own beside the main one (not kept above it), so the passage opened there shows;
        # the application still ends when the main window closes.
        self.setWindowFlag(Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.scope = QComboBox()
        self.scope.setMinimumContentsLength(28)
        self.filter = QLineEdit(placeholderText="Filter: words, number, State, response, status\u2026")
        self.filter.setClearButtonEnabled(True)
        self.model = RecommendationsModel()
        self.shown = RowFilter(self.model)
        self.table = QTableView()
        self.table.setModel(self.shown)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TEXT_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((120, 65, 75, 140, 0, 170, 115, 105, 150)):
            if width:
                self.table.setColumnWidth(column, width)
        self.count = QLabel()
        self.note = QLabel()  # what finding again did
        self.find_button = QPushButton("Find in this document again")
        self.find_button.setAutoDefault(False)  # Enter opens the chosen row, never this
        self.find_button.setToolTip("Read the document again and find its recommendations; statuses are kept")
        self.repeats_button = QPushButton("Link repeats")
        self.repeats_button.setAutoDefault(False)
        self.repeats_button.setToolTip("Link each recommendation shown to the earlier ones it repeats (\u201crepeats\u201d "
                                       "links, with how alike their wording is): they then show at both ends, in "
                                       "search and in exports. One step of Undo.")
        self.repeats_button.setEnabled(False)
        self.matrix_button = QPushButton("Export follow-up matrix\u2026")
        self.matrix_button.setAutoDefault(False)
        self.matrix_button.setToolTip("One row per recommendation shown here: its text, response, status, note and "
                                      "evidence, as a spreadsheet (XLSX, CSV) or a Word table")
        follow_up_layout = self._follow_up_widgets()
        top = QHBoxLayout()
        top.addWidget(QLabel("Show"))
        top.addWidget(self.scope)
        top.addWidget(self.filter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.find_button)
        bottom.addWidget(self.repeats_button)
        bottom.addWidget(self.matrix_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(follow_up_layout)
        layout.addLayout(bottom)
        self.scope.currentIndexChanged.connect(lambda _index: self.refresh())
        self.filter.textChanged.connect(self._filter)
        self.table.activated.connect(self._activated)
        self.filter.returnPressed.connect(self._open_current)  # typed, then Enter: the row chosen opens
        self.find_button.clicked.connect(self.find_again)
        self.repeats_button.clicked.connect(self.link_repeats)
        self.matrix_button.clicked.connect(self.choose_matrix)
        operations.changed.connect(self._library_changed)
        self.table.selectionModel().currentRowChanged.connect(lambda _now, _before: self._read_follow_up())
        self.addActions(undo_actions(undo_stack, self))  # Ctrl+Z here takes back a status as in the main window
        open_over(self, parent, 1100, 640)  # no larger than its screen, over the main window

    def _follow_up_widgets(self) -> QVBoxLayout:
        self.note_edit = QLineEdit(placeholderText="Follow-up note (N in the list; Enter saves it)")
        for key, status in follow_up.STATUS_KEYS.items():
            action = QAction(f"Status: {status}", self.table)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # digits typed in the filter stay there
            action.triggered.connect(lambda _checked=False, status=status: self.set_status(status))
            self.table.addAction(action)
        note_key = QAction("Edit the follow-up note", self.table)
        note_key.setShortcut(QKeySequence("N"))
        note_key.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        note_key.triggered.connect(self.note_edit.setFocus)
        self.table.addAction(note_key)
        self.hint = QLabel(STATUS_HINT)
        self.hint.setEnabled(False)  # drawn greyed, as a hint is
        self.note_edit.setToolTip("The note on this recommendation's follow-up; Enter saves it, Esc goes back "
                                  "to the list. Undo with Ctrl+Z in the main window.")
        self.note_edit.returnPressed.connect(self.save_note)
        self.evidence = QListWidget()
        self.evidence.setMaximumHeight(90)
        self.evidence.itemActivated.connect(self._open_evidence)
        self.add_evidence_button = QPushButton("Add the chosen passage as evidence")
        self.add_evidence_button.setToolTip("The passage chosen in the main window's annotation panel "
                                            "evidences this recommendation's follow-up")
        self.remove_evidence_button = QPushButton("Remove evidence")
        for button in (self.add_evidence_button, self.remove_evidence_button):
            button.setAutoDefault(False)
        self.add_evidence_button.clicked.connect(self.add_chosen_passage)
        self.remove_evidence_button.clicked.connect(self.remove_chosen_evidence)
        self.follow_up_message = QLabel()
        self.follow_up_message.setWordWrap(True)
        self.answers = QLabel()  # the passages linked as responding to it
        self.answers.setWordWrap(True)
        self.answers.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.made_in = QLabel()  # the same recommendation in the country's other reports
        self.made_in.setWordWrap(True)
        self.made_in.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        notes = QHBoxLayout()
        notes.addWidget(QLabel("Note"))
        notes.addWidget(self.note_edit, 1)
        notes.addWidget(self.hint)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_evidence_button)
        buttons.addWidget(self.remove_evidence_button)
        buttons.addStretch(1)
        evidence = QHBoxLayout()
        evidence.addWidget(QLabel("Evidence"))
        evidence.addWidget(self.evidence, 1)
        evidence.addLayout(buttons)
        layout = QVBoxLayout()
        layout.addWidget(self.answers)
        layout.addWidget(self.made_in)
        layout.addLayout(notes)
        layout.addLayout(evidence)
        layout.addWidget(self.follow_up_message)
        self._show_follow_up(None)
        return layout

    def show_for(self, document_id: int | None) -> None:
        """Open on the document shown in the main window, if any, else on the whole library."""
        self._fill_scopes(document_id)
        self.show()
        self.raise_()
        self.activateWindow()
        self.filter.setFocus()

    def _fill_scopes(self, document_id: int | None) -> None:
        library = self.library
        # The scopes and the list they open on read at once: one wait, not two in turn.
        self.operations.run(lambda _task: _opening_list(library, document_id),
                            done=lambda read: self._set_scopes(document_id, *read), failed=self._failed)

    def _set_scopes(self, document_id: int | None, countries: list[str], items: list[RecommendationInfo],
                    country: str | None) -> None:
        self.scope.blockSignals(True)
        self.scope.clear()
        if document_id is not None:
            self.scope.addItem("This document", (THIS_DOCUMENT, document_id))
        for name in countries:
            self.scope.addItem(name, (COUNTRY, name))
        self.scope.addItem("The whole library", (LIBRARY, None))
        if country is not None:  # findData does not compare the Python tuples the items hold
            self.scope.setCurrentIndex(next(i for i in range(self.scope.count())
                                            if self.scope.itemData(i) == (COUNTRY, country)))
        elif document_id is None:  # no document open: the library, not the first country of the list
            self.scope.setCurrentIndex(self.scope.count() - 1)
        self.scope.blockSignals(False)
        self._scope_chosen()
        if country is not None:
            self.note.setText(f"The open document holds none: those on {country} are shown.")
        self._show(items)

    def _scope_chosen(self) -> tuple[str, Any] | None:
        chosen = self.scope.currentData()
        if chosen is None:
            return None
        kind, _value = chosen
        self.find_button.setEnabled(kind == THIS_DOCUMENT)
        self.note.clear()
        self.table.setColumnHidden(DOCUMENT_COLUMN, kind == THIS_DOCUMENT)
        return chosen

    def refresh(self) -> None:
        chosen = self._scope_chosen()
        if chosen is None:
            return
        kind, value = chosen
        library = self.library
        self.count.setText("Reading\u2026")
        self.operations.run(
            lambda _task: list_recommendations(library, **_scope_filters(kind, value)),
            done=self._show, failed=self._failed)

    def _show(self, items: list[RecommendationInfo]) -> None:
        keep = self.keep_id if self.keep_id is not None else self._chosen_id()
        self.keep_id = None
        column = max(self.table.currentIndex().column(), 0)
        self.model.set_items(items)
        self._count_repeats()
        for column, field in SOMETIMES_EMPTY.items():
            self.table.setColumnHidden(column, not any(getattr(item, field) for item in items))
        self._count()
        library = self.library
        self.operations.run(lambda _task: repeats(library, items),
                            done=lambda found: self._show_repeats(items, found), failed=self._failed)
        row = next((i for i, item in enumerate(items) if item.id == keep), None)
        place = self.shown.mapFromSource(self.model.index(row, column)) if row is not None else QModelIndex()
        if place.isValid():
            self.table.setCurrentIndex(place)
        elif self.shown.rowCount():
            self.table.selectRow(0)
        else:
            self._read_follow_up()

    def _show_repeats(self, items: list[RecommendationInfo], found: dict[int, Repeats]) -> None:
        if self.model.items is items:  # not a list since read again
            self.model.set_repeats(found)
            self._show_made_in()
            self._count_repeats()

    def _shown_repeats(self) -> dict[int, Repeats]:
        """The repeats of the rows the filter lets through."""
        items, found = self.model.items, self.model.repeats
        if not found or self.shown.rowCount() == len(items):  # no row mapped one by one: 10,000 take 30 ms
            return dict(found)
        rows = (self.shown.mapToSource(self.shown.index(row, 0)).row() for row in range(self.shown.rowCount()))
        return {items[row].id: found[items[row].id] for row in rows if items[row].id in found}

    def _count_repeats(self) -> None:
        waiting = len(repeats_service.wanted(self._shown_repeats()))
        self.repeats_button.setText(f"Link {_repeats(waiting)}" if waiting else "Link repeats")
        self.repeats_button.setEnabled(bool(waiting))

    def link_repeats(self) -> None:
        """Link the repeats of the rows shown not linked yet, as one undoable step."""
        wanted = repeats_service.wanted(self._shown_repeats())
        if not wanted:
            return
        self.repeats_button.setEnabled(False)  # the words of each passage are read from its page: not asked twice
        self.note.setText(f"Linking {_repeats(len(wanted))}\u2026")
        push(self.operations, self.undo_stack, MakeLinks(self.library, f"Link {_repeats(len(wanted))}", wanted),
             failed=self._link_failed,
             done=lambda _command: self.note.setText(f"{_repeats(len(wanted))} linked; Ctrl+Z takes them back."))

    def _link_failed(self, message: str) -> None:
        self.note.setText(message)
        self._count_repeats()

    def _show_made_in(self) -> None:
        item = self.chosen()
        made = self.model.repeats.get(item.id) if item is not None else None
        self.made_in.setText(f"Recommended in {made.recommended_in()}: also {made.describe()}" if made else "")
        self.made_in.setVisible(made is not None)

    def _filter(self, text: str) -> None:
        self.shown.set_needle(text)
        if self.shown.rowCount() and not self.table.selectionModel().selectedRows():
            self.table.selectRow(0)
        self._count()
        self._count_repeats()

    def _count(self) -> None:
        total, shown = len(self.model.items), self.shown.rowCount()
        if not total:
            kind = (self.scope.currentData() or (LIBRARY, None))[0]
            self.count.setText("No recommendations were found in this document." if kind == THIS_DOCUMENT
                               else "No recommendations were found here.")
            return
        self.count.setText(f"{total} recommendation{'s' if total != 1 else ''}"
                           + (f", {shown} shown" if shown != total else ""))

    def _failed(self, message: str) -> None:
        self.count.setText(message)

    def _activated(self, index: QModelIndex) -> None:
        item = self.model.items[self.shown.mapToSource(index).row()]
        opening = opening_words(item.text)
        self.passage_wanted.emit(item.document_id, item.page_index, f'"{opening}"' if opening else "")

    def _open_current(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._activated(rows[0])

    def find_again(self) -> None:
        chosen = self.scope.currentData()
        if not chosen or chosen[0] != THIS_DOCUMENT:
            return
        library, document_id = self.library, chosen[1]
        self.note.setText("Reading the document again\u2026")
        self.find_button.setEnabled(False)
        self.operations.run(lambda _task: find_again(library, document_id), done=self._found_again,
                            failed=self._find_failed,
                            changes=lambda refound: LibraryChange(documents=frozenset({refound.document_id})))

    def _found_again(self, refound: Refound) -> None:
        self.find_button.setEnabled(True)
        self.note.setText(refound.summary("this document"))

    def _find_failed(self, message: str) -> None:
        self.find_button.setEnabled(True)
        self.note.setText(message)

    # --- follow-up ---------------------------------------------------------------------------------

    def chosen(self) -> RecommendationInfo | None:
        index = self.table.currentIndex()
        return self.model.items[self.shown.mapToSource(index).row()] if index.isValid() else None

    def _chosen_id(self) -> int | None:
        item = self.chosen()
        return item.id if item is not None else None

    def _read_follow_up(self) -> None:
        self._show_made_in()
        item = self.chosen()
        if item is None:
            self._show_follow_up(None)
            return
        library, wanted = self.library, item.id
        self.operations.run(lambda _task: (follow_up.follow_up_of(library, wanted),
                                           follow_up.responses_of(library, [wanted]).get(wanted, ())),
                            done=lambda read: self._show_follow_up(*read) if self._chosen_id() == wanted else None,
                            failed=self.follow_up_message.setText)

    def _show_follow_up(self, state: follow_up.FollowUp | None, answers: tuple[follow_up.Evidence, ...] = ()) -> None:
        self.current = state
        if state is None:
            self.answers.clear()
        elif answers:
            self.answers.setText("Response: " + "; ".join(f"{a.citation} \u2013 \u201c{shortened(a.quote)}\u201d"
                                                          for a in answers))
        else:
            self.answers.setText("Response: none linked yet (a response's replies are linked from its Document menu: "
                                 "Align with the report it answers\u2026)")
        for widget in (self.note_edit, self.evidence, self.add_evidence_button, self.remove_evidence_button):
            widget.setEnabled(state is not None)
        self.note_edit.setText(state.note if state else "")
        self.evidence.clear()
        for evidence in state.evidence if state else ():
            entry = QListWidgetItem(f"{evidence.citation}: {' '.join(evidence.quote.split())[:120]}")
            entry.setData(Qt.ItemDataRole.UserRole, evidence)
            entry.setToolTip(evidence.quote)
            self.evidence.addItem(entry)
        if state is not None and not state.evidence:
            self.evidence.addItem("No passage evidences this follow-up yet.")
            self.evidence.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self.remove_evidence_button.setEnabled(bool(state and state.evidence))

    def set_status(self, status: str) -> None:
        item = self.chosen()
        if item is not None and item.status != status:
            self._push(SetStatus(self.library, item.id, item.status, status), item.id)

    def save_note(self) -> None:
        item = self.chosen()
        if item is not None and self.note_edit.text().strip() != item.status_note:
            self._push(SetNote(self.library, item.id, item.status_note, self.note_edit.text()), item.id)
        self.table.setFocus()

    def add_chosen_passage(self) -> None:
        passage = self.chosen_passage()
        if passage is None:
            self.follow_up_message.setText("Choose a passage in the main window's annotation panel first; "
                                           "it is then added as this recommendation's evidence.")
            return
        if self.current is not None:
            self._push(AddEvidence(self.library, self.current, passage.uuid), self.current.recommendation_id)

    def remove_chosen_evidence(self) -> None:
        entry = self.evidence.currentItem() or self.evidence.item(0)
        evidence = entry.data(Qt.ItemDataRole.UserRole) if entry is not None else None
        if self.current is not None and isinstance(evidence, follow_up.Evidence):
            self._push(RemoveEvidence(self.library, self.current, evidence.annotation_uuid),
                       self.current.recommendation_id)

    def _push(self, command: UndoableEdit, recommendation_id: int) -> None:
        self.follow_up_message.clear()
        self.keep_id = recommendation_id
        push(self.operations, self.undo_stack, command, failed=self.follow_up_message.setText)

    def _open_evidence(self, entry: QListWidgetItem) -> None:
        evidence = entry.data(Qt.ItemDataRole.UserRole)
        if isinstance(evidence, follow_up.Evidence):
            self.evidence_wanted.emit(evidence.document_id, evidence.page_index, evidence.annotation_uuid)

    def choose_matrix(self) -> None:
        path, chosen_filter = QFileDialog.getSaveFileName(
            self, "Export the follow-up matrix", str(Path.home() / "follow-up matrix.xlsx"), MATRIX_FILTERS)
        if not path:
            return
        target = Path(path)
        if target.suffix.lower().lstrip(".") not in MATRIX_FORMATS:  # a name typed bare: the format chosen
            suffix = re.search(r"\*(\.\w+)", chosen_filter)
            target = target.with_name(target.name + (suffix.group(1) if suffix else ".xlsx"))
            # The dialog asked about the name typed, not this one.
            if target.exists():
                box = QMessageBox(QMessageBox.Icon.Question, "Export the follow-up matrix",
                                  f"{target.name} already exists in {target.parent}.\nReplace it?",
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
                box.exec()
                if box.clickedButton() is not box.button(QMessageBox.StandardButton.Yes):
                    return
        self.write_matrix(target)

    def write_matrix(self, path: Path) -> None:
        """The matrix of the scope shown, to ``path``, replacing a file there (the user was asked)."""
        chosen = self.scope.currentData()
        if chosen is None:
            return
        kind, value = chosen
        library = self.library
        self.note.setText("Writing the follow-up matrix\u2026")
        self.operations.run(
            lambda _task: export_matrix(library, path, **_scope_filters(kind, value), force=True),
            done=lambda rows: self.note.setText(f"{rows} recommendation{'s' if rows != 1 else ''} written to {path}"),
            failed=self.note.setText)

    def _library_changed(self, change: LibraryChange) -> None:
        if self.isVisible() and (change.documents or change.elsewhere):
            self.refresh()
