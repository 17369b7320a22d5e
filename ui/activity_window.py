"""Tools › Activity…: a team library's changes, newest first, by member, document and dates; to CSV."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.export.activity_csv import write_activity_csv
from app.library import Library
from app.services import activity
from app.services.activity import ActivityEntry
from ui.operations import Operations
from ui.window_layout import open_over

_HEADERS = ("When", "Member", "Change", "What", "Details")
LIMIT = 2000  # entries read at once; the filters narrow a longer log


def _start_of(day: QDate) -> datetime:
    return datetime.combine(date(day.year(), day.month(), day.day()), time.min).astimezone()


class ActivityModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.entries: list[ActivityEntry] = []

    def set_entries(self, entries: list[ActivityEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self.entries[index.row()]
        cells = (f"{entry.at.astimezone():%Y-%m-%d %H:%M:%S}", entry.member, entry.action, entry.what, entry.changes)
        return cells[index.column()]


class ActivityWindow(QDialog):
    def __init__(self, library: Library, operations: Operations, document_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library, self.operations, self.document_id = library, operations, document_id
        self.shown: list[ActivityEntry] = []
        self.setWindowTitle("Activity")
        self.member = QComboBox()
        self.member.addItem("Every member", None)
        self.this_document = QCheckBox("This document only")
        self.this_document.setEnabled(document_id is not None)
        today = QDate.currentDate()
        self.since, self.until = QDateEdit(today.addMonths(-1)), QDateEdit(today)
        for field in (self.since, self.until):
            field.setCalendarPopup(True)
            field.setDisplayFormat("yyyy-MM-dd")
        self.model = ActivityModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.count = QLabel()
        self.export = QPushButton("Export CSV\u2026")
        filters = QHBoxLayout()
        for widget in (self.member, QLabel("from"), self.since, QLabel("to"), self.until, self.this_document):
            filters.addWidget(widget)
        filters.addStretch(1)
        footer = QHBoxLayout()
        footer.addWidget(self.count, 1)
        footer.addWidget(self.export)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        self.member.currentIndexChanged.connect(lambda _index: self.refresh())
        self.this_document.toggled.connect(lambda _on: self.refresh())
        self.since.dateChanged.connect(lambda _date: self.refresh())
        self.until.dateChanged.connect(lambda _date: self.refresh())
        self.export.clicked.connect(self.choose_export)
        open_over(self, parent, 980, 560)
        operations.run(lambda _task: activity.members_seen(library), done=self._members, failed=self._failed)
        self.refresh()

    def _members(self, members: list[str]) -> None:
        for member in members:
            self.member.addItem(member, member)

    def refresh(self) -> None:
        library, member = self.library, self.member.currentData()
        document_id = self.document_id if self.this_document.isChecked() else None
        since = _start_of(self.since.date())
        until = _start_of(self.until.date().addDays(1))  # the whole last day
        self.count.setText("Reading\u2026")
        self.operations.run(lambda _task: activity.list_activity(library, member=member, document_id=document_id,
                                                                 since=since, until=until, limit=LIMIT),
                            done=self._show, failed=self._failed)

    def _show(self, entries: list[ActivityEntry]) -> None:
        self.shown = entries
        self.model.set_entries(entries)
        more = " (the newest; narrow the filters for older ones)" if len(entries) == LIMIT else ""
        self.count.setText(f"{len(entries)} change{'s' if len(entries) != 1 else ''}{more}")
        self.export.setEnabled(bool(entries))

    def _failed(self, message: str) -> None:
        self.count.setText(message)

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the activity", "activity.csv", "CSV (*.csv)")
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        entries = self.shown
        self.operations.run(lambda _task: write_activity_csv(entries, Path(path)),
                            done=lambda count: self.count.setText(f"{count} changes written to {path}"),
                            failed=self._failed)
