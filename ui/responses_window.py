"""Document › Align with the report it answers…: a government response's replies offered as links.

The report the response answers is named (with what says so, and a chooser when several could be
it); each reply that cites one of its paragraphs holding a recommendation is a row, accepted with
its own button or all at once, each acceptance one step of the window's undo stack. What cannot
become a link (a paragraph the report lacks, one without a recommendation) and other documents
answering the same report are listed plainly beneath. Read off the UI thread, and again whenever
the library changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.changes import LibraryChange
from app.library import Library
from app.services import responses
from ui.link_commands import MakeLinks
from ui.operations import Operations
from ui.recommendations_window import opening_words, shortened
from ui.undo import push, undo_actions
from ui.window_layout import open_over

HEADERS = ("Page", "Reply", "Cites", "Recommendation", "")
REPLY_COLUMN, RECOMMENDATION_COLUMN, ACCEPT_COLUMN = 1, 3, 4
_OWN_NUMBER = re.compile(r"^\s*\d+[.)]?\s+")  # the response's own paragraph number, before a reply
SHOWN_WORDS = 30  # of a reply or a recommendation in its cell; the tooltip holds it whole


class ResponsesWindow(QDialog):
    passage_wanted = Signal(int, int, str)  # document id, page index, the words to mark there

    def __init__(self, library: Library, operations: Operations, undo_stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library, self.operations, self.undo_stack = library, operations, undo_stack
        self.document_id: int | None = None
        self.alignment: responses.Alignment | None = None
        self.setWindowTitle("Response to a report")
        self.setWindowFlag(Qt.WindowType.Window)  # beside the main window, so the reply opened there shows
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.report = QComboBox()  # when more than one report could be the one answered
        self.report.setMinimumContentsLength(40)
        self.report_name = QLabel()  # when one is
        self.report_name.setWordWrap(True)  # a long title wraps rather than widening the window past the screen
        self.report_name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.because = QLabel()
        self.because.setEnabled(False)  # greyed: what says so, not a choice
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(REPLY_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(RECOMMENDATION_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 50), (2, 60), (ACCEPT_COLUMN, 110)):
            self.table.setColumnWidth(column, width)
        self.not_linked_label = QLabel("Not linked")
        self.not_linked = QListWidget()
        self.not_linked.setMaximumHeight(110)
        self.not_linked.setWordWrap(True)
        self.not_linked.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.accept_all_button = QPushButton("Accept all")
        self.accept_all_button.setToolTip("Link every reply not linked yet to the recommendation it answers "
                                          "(one step: Ctrl+Z undoes it)")
        self.accept_all_button.setAutoDefault(False)
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("Answers"))
        top.addWidget(self.report, 1)
        top.addWidget(self.report_name, 1)
        top.addWidget(self.because)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.accept_all_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.not_linked_label)
        layout.addWidget(self.not_linked)
        layout.addLayout(bottom)
        self.report.activated.connect(lambda _index: self.refresh(self.report.currentData()))
        self.accept_all_button.clicked.connect(self.accept_all)
        self.table.cellDoubleClicked.connect(lambda row, _column: self._open(row))
        operations.changed.connect(self._library_changed)
        self.addActions(undo_actions(undo_stack, self))  # Ctrl+Z here takes back an acceptance as in the main window
        open_over(self, parent, 1100, 620)  # no larger than its screen, over the main window

    def show_for(self, document_id: int) -> None:
        self.document_id = document_id
        self.refresh()
        self.show()
        self.raise_()
        self.activateWindow()

    def refresh(self, report_id: int | None = None) -> None:
        if self.document_id is None:
            return
        library, document_id = self.library, self.document_id
        if report_id is None and self.alignment is not None and self.alignment.response_id == document_id \
                and self.alignment.report is not None:
            report_id = self.alignment.report.id  # the user's choice stays while the library changes
        self.count.setText("Reading\u2026")
        self.operations.run(lambda _task: responses.align(library, document_id, report_id),
                            done=self._show, failed=self._failed)

    def _show(self, alignment: responses.Alignment) -> None:
        if alignment.response_id != self.document_id:
            return  # read for a document the window has since left
        self.alignment = alignment
        self.report.clear()
        for choice in alignment.reports:
            self.report.addItem(choice.name, choice.id)
        if alignment.report is not None:
            self.report.setCurrentIndex(self.report.findData(alignment.report.id))
        self.report.setVisible(len(alignment.reports) > 1)
        self.report_name.setVisible(len(alignment.reports) <= 1)
        self.report_name.setText(f"<b>{escape(alignment.report.name)}</b>" if alignment.report else "no report found")
        self.because.setText(f"({alignment.report.because})" if alignment.report else "")
        warnings = [alignment.message] if alignment.message else []
        warnings += [f"{rival.name} also answers this report ({rival.because})." for rival in alignment.rivals]
        self.message.setText("\n".join(warnings))
        self.message.setVisible(bool(warnings))
        self._fill(alignment.suggestions)
        self.not_linked.clear()
        for item in alignment.unmatched:
            self.not_linked.addItem(f"p. {item.page}: cites paragraph {item.cited}, but {item.reason} "
                                    f"\u2013 \u201c{shortened(item.quote, SHOWN_WORDS)}\u201d")
        self.not_linked_label.setVisible(bool(alignment.unmatched))
        self.not_linked.setVisible(bool(alignment.unmatched))
        waiting = sum(not s.accepted for s in alignment.suggestions)
        total = len(alignment.suggestions)
        self.count.setText(f"{total} repl{'ies' if total != 1 else 'y'} to link, {total - waiting} linked"
                           if total else "")
        self.accept_all_button.setEnabled(waiting > 0)

    def _fill(self, suggestions: Sequence[responses.Suggestion]) -> None:
        self.table.setRowCount(len(suggestions))
        for row, suggestion in enumerate(suggestions):
            cells = (suggestion.page, shortened(suggestion.quote, SHOWN_WORDS), suggestion.cited,
                     shortened(suggestion.recommendation_text, SHOWN_WORDS))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (REPLY_COLUMN, RECOMMENDATION_COLUMN):
                    item.setToolTip(" ".join((suggestion.quote if column == REPLY_COLUMN
                                              else suggestion.recommendation_text).split()))
                self.table.setItem(row, column, item)
            button = QPushButton("Linked \u2713" if suggestion.accepted else "Accept")
            button.setEnabled(not suggestion.accepted)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, chosen=suggestion: self.accept_replies([chosen]))
            self.table.setCellWidget(row, ACCEPT_COLUMN, button)
        self.table.resizeRowsToContents()

    def accept_replies(self, suggestions: Sequence[responses.Suggestion]) -> None:
        if not suggestions:
            return
        # Hundreds take seconds (each passage's words are read from its page): said, and not asked twice.
        self.accept_all_button.setEnabled(False)
        count = len(suggestions)
        self.count.setText(f"Linking {count} repl{'ies' if count != 1 else 'y'}\u2026")
        text = "Accept a reply as a response" if count == 1 else f"Accept {count} replies"
        push(self.operations, self.undo_stack, MakeLinks(self.library, text, responses.wanted(suggestions)),
             failed=self._refused)

    def _refused(self, message: str) -> None:
        self._failed(message)
        if self.alignment is not None:
            self.accept_all_button.setEnabled(any(not s.accepted for s in self.alignment.suggestions))

    def accept_all(self) -> None:
        if self.alignment is not None:
            self.accept_replies([s for s in self.alignment.suggestions if not s.accepted])

    def _open(self, row: int) -> None:
        if self.alignment is None or not 0 <= row < len(self.alignment.suggestions):
            return
        suggestion = self.alignment.suggestions[row]
        opening = opening_words(_OWN_NUMBER.sub("", suggestion.quote))  # "3." alone would mark every 3 there
        self.passage_wanted.emit(suggestion.response_id, suggestion.page_index, f'"{opening}"' if opening else "")

    def _failed(self, message: str) -> None:
        self.count.setText(message)

    def _library_changed(self, change: LibraryChange) -> None:
        if self.isVisible() and (change.documents or change.annotations or change.elsewhere):
            self.refresh()
