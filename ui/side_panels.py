"""The panels beside the pages: the library list with its filter, the outline, the thumbnails,
and the place the annotations will be listed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.records import OutlineEntry
from ui.document_model import DocumentTableModel

THUMB_WIDTH = 110
HIDE_ORDER = (5, 1, 4, 3, 2)  # the library's columns to hide first when it is narrow: Pages, Kind, Date...
FIT_ROWS = 50


class LibraryPanel(QWidget):
    """The library's documents, filtered by what is typed above them, and its saved searches."""

    saved_search_chosen = Signal(object)  # a saved search, to run again

    def __init__(self, model: DocumentTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(placeholderText="Filter: title, reference, kind, date\u2026")
        self.filter.setClearButtonEnabled(True)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        # Typed, then Enter or Down: the first document shown opens (unless one shown is open), and the
        # list has the keys for the next ones.
        self.filter.returnPressed.connect(self.choose_shown)
        self.filter.installEventFilter(self)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        self.table.horizontalScrollBar().setEnabled(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The viewport's own resize, not the table's: the table's comes before the viewport has its new width.
        self.table.viewport().installEventFilter(self)
        model.modelReset.connect(self.fit_columns)
        # Saved searches, each run again by one click; shown once there is one.
        self.saved_label = QLabel("Saved searches")
        self.saved = QListWidget()
        self.saved.setMaximumHeight(110)
        self.saved.setToolTip("Click a saved search to run it again in the search panel")
        self.saved.itemClicked.connect(self._saved_chosen)
        self.saved.itemActivated.connect(self._saved_chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)
        layout.addWidget(self.saved_label)
        layout.addWidget(self.saved)
        self.set_saved_searches([])

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001, N802
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        elif watched is self.filter and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            self.choose_shown()
            return True
        return False

    def choose_shown(self) -> None:
        """Into the list, on the document chosen if the filter shows it, else on the first shown."""
        if not self.proxy.rowCount():
            return
        if not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self.table.setFocus()

    def fit_columns(self) -> None:
        """The title keeps at least two fifths of the width; the other columns take what their
        text needs, and those that do not fit then are hidden (Pages first, then Kind, Date,
        Reference), their values still in each row's tooltip."""
        header, model = self.table.horizontalHeader(), self.proxy
        width = self.table.viewport().width()
        title_least = max(120, int(width * 0.4))
        needed = {}
        for column in range(1, model.columnCount()):
            content = self._text_width(column)
            needed[column] = min(max(content, header.sectionSizeHint(column)) + 6, 160)
        shown = set(needed)
        for column in HIDE_ORDER:
            if sum(needed[c] for c in shown) + title_least <= width:
                break
            shown.discard(column)
        for column, size in needed.items():
            header.setSectionHidden(column, column not in shown)
            if column in shown:
                header.resizeSection(column, size)

    def _text_width(self, column: int) -> int:
        """The width the column's text needs in the rows in view and the first ``FIT_ROWS``:
        Qt's own measure (``sizeHintForColumn``) read every one of 10,000 rows, a second."""
        model, metrics = self.proxy, self.table.fontMetrics()
        first = max(0, self.table.rowAt(0))
        last = self.table.rowAt(self.table.viewport().height())
        rows = set(range(min(model.rowCount(), FIT_ROWS)))
        rows.update(range(first, min(model.rowCount(), (last if last >= 0 else first + FIT_ROWS) + 1)))
        widths = [metrics.horizontalAdvance(str(model.index(row, column).data() or "")) for row in rows]
        return max(widths, default=0) + 2 * self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 8

    def set_saved_searches(self, searches: list) -> None:
        """List ``searches`` (SavedSearchInfo, each with a name) under the documents."""
        self.saved.clear()
        for search in searches:
            item = QListWidgetItem(search.name)
            item.setData(Qt.ItemDataRole.UserRole, search)
            item.setToolTip(search.query or "(filters only)")
            self.saved.addItem(item)
        self.saved_label.setVisible(bool(searches))
        self.saved.setVisible(bool(searches))

    def _saved_chosen(self, item: QListWidgetItem) -> None:
        self.saved_search_chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def document_row(self, view_row: int) -> int:
        return self.proxy.mapToSource(self.proxy.index(view_row, 0)).row()


class OutlineTree(QTreeWidget):
    page_wanted = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._activated)
        self._entries: tuple[OutlineEntry, ...] | None = None  # what the tree shows

    def set_outline(self, entries: tuple[OutlineEntry, ...]) -> None:
        if self._entries == entries:
            return  # clearing a tree is slow enough to be worth sparing
        self._entries = entries
        self.clear()
        parents: list[QTreeWidgetItem] = []
        for entry in entries:
            level = max(1, entry.level)
            del parents[level - 1 :]
            item = QTreeWidgetItem([entry.title])
            item.setData(0, Qt.ItemDataRole.UserRole, entry.page_index)
            if entry.page_index is not None:
                item.setToolTip(0, f"{entry.title}\npage {entry.page_index + 1}")
            if parents:
                parents[-1].addChild(item)
            else:
                self.addTopLevelItem(item)
            parents.append(item)
        self.expandToDepth(0)
        if not entries:
            item = QTreeWidgetItem(["This document has no outline."])
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addTopLevelItem(item)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        page = item.data(0, Qt.ItemDataRole.UserRole)
        if page is not None:
            self.page_wanted.emit(int(page))


class ThumbnailList(QListWidget):
    """Small pictures of the pages; only those scrolled into view are asked for."""

    page_wanted = Signal(int)
    thumbnails_wanted = Signal(list)  # page indexes in view without a picture yet

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setSpacing(6)
        self.itemClicked.connect(self._clicked)
        self._have: set[int] = set()
        self._pending: tuple[list[tuple[float, float]], list[str]] | None = None
        self._timer = QTimer(self, singleShot=True, interval=60, timeout=self._ask)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._timer.start())

    def _clicked(self, item: QListWidgetItem) -> None:
        self.page_wanted.emit(self.row(item))

    def set_pages(self, sizes: list[tuple[float, float]], labels: list[str]) -> None:
        """Items are made when the list is first shown: a reader who never looks pays nothing."""
        self.clear()
        self._have.clear()
        self._pending = (list(sizes), list(labels))
        if self.isVisible():
            self._fill()

    def _fill(self) -> None:
        if self._pending is None:
            return
        sizes, labels = self._pending
        self._pending = None
        tallest = max((h / w for w, h in sizes if w), default=1.414)
        self.setIconSize(QSize(THUMB_WIDTH, round(THUMB_WIDTH * tallest)))
        blank = QPixmap(THUMB_WIDTH, round(THUMB_WIDTH * tallest))
        blank.fill(QColor("white"))
        icon = QIcon(blank)  # one shared picture until each page's own arrives
        for label in labels:
            item = QListWidgetItem(icon, label)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.addItem(item)
        self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._fill()
        self._timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._timer.start()

    def _ask(self) -> None:
        if not self.isVisible() or not self.count():
            return
        first = self.indexAt(self.viewport().rect().topLeft() + self.viewport().rect().center() * 0)
        start = first.row() if first.isValid() else 0
        wanted = [row for row in range(start, min(self.count(), start + 12)) if row not in self._have]
        if wanted:
            self.thumbnails_wanted.emit(wanted)

    def set_thumbnail(self, page: int, image: QImage) -> None:
        if 0 <= page < self.count():
            self._have.add(page)
            self.item(page).setIcon(QIcon(QPixmap.fromImage(image)))

    def select_page(self, page: int) -> None:
        if 0 <= page < self.count() and self.currentRow() != page:
            self.blockSignals(True)
            self.setCurrentRow(page)
            self.blockSignals(False)


class AnnotationsPanel(QWidget):
    """Where the document's annotations will be listed (they come with the annotation features)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = QLabel(
            "Annotations of the open document will be listed here.",
            alignment=Qt.AlignmentFlag.AlignCenter,
            wordWrap=True,
        )
        self.placeholder.setEnabled(False)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.placeholder)
