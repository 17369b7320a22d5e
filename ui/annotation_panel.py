"""The right-hand panel: the open document's annotations in reading order, filterable.

Each row shows the colour, the page label and paragraph, the tags, the quote and the
note. The panel only reads through services and asks for edits by signals; whoever owns
the undo stack turns them into commands.
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Iterable

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QAction, QColor, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import LibraryError, NotFound
from app.library import Library
from app.services import annotations as notes
from app.services.links import LinkView, links_of
from app.services.viewing import open_view
from app.text.printed_text import display_quote

UUID_ROLE = Qt.ItemDataRole.UserRole + 1
ANNOTATION_ROLE = Qt.ItemDataRole.UserRole + 2
LINK_ROLE = Qt.ItemDataRole.UserRole + 3
QUOTE_CHARACTERS = 280


def reading_order(annotation: notes.AnnotationInfo) -> tuple[int, int, int]:
    return (annotation.page_index, annotation.start_offset if annotation.start_offset is not None else -1, annotation.id)


def color_of(annotation: notes.AnnotationInfo) -> QColor:
    return QColor(notes.PALETTE.get(annotation.color, annotation.color))


class AnnotationListModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[notes.AnnotationInfo] = []
        self.labels: dict[int, str] = {}
        self.members = False  # a team library's: each row says who made it and who last changed it

    def set_rows(self, rows: list[notes.AnnotationInfo], labels: dict[int, str]) -> None:
        self.beginResetModel()
        self.rows, self.labels = rows, labels
        self.endResetModel()

    def upsert(self, annotation: notes.AnnotationInfo) -> None:
        """Put one annotation in its place in reading order, as one row change (not a reset)."""
        self.remove(annotation.uuid)
        row = bisect.bisect(self.rows, reading_order(annotation), key=reading_order)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.insert(row, annotation)
        self.endInsertRows()

    def remove(self, uuid: str) -> None:
        for row, annotation in enumerate(self.rows):
            if annotation.uuid == uuid:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[row]
                self.endRemoveRows()
                return

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        annotation = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.html(annotation)
        if role == Qt.ItemDataRole.ToolTipRole:
            return annotation.note or annotation.quote
        if role == UUID_ROLE:
            return annotation.uuid
        if role == ANNOTATION_ROLE:
            return annotation
        return None

    def html(self, annotation: notes.AnnotationInfo) -> str:
        where = f"p. {self.labels.get(annotation.page_index, str(annotation.page_index + 1))}"
        if annotation.paragraphs:
            where += f" \u00b7 para. {', '.join(annotation.paragraphs)}"
        if annotation.anchor_status != "anchored":
            where += f" \u00b7 <i>{annotation.anchor_status}</i>"
        chips = " ".join(
            f"<span style='background:#e8eaf6; color:#1a237e'>&nbsp;{html.escape(tag.code or tag.label)}&nbsp;</span>"
            for tag in annotation.tags
        )
        shown = display_quote(annotation.quote)
        quote = shown if len(shown) <= QUOTE_CHARACTERS else shown[:QUOTE_CHARACTERS] + "\u2026"
        parts = [f"<small><b>{where}</b> {chips}</small>"]
        if quote:
            parts.append(f"\u201c{html.escape(quote)}\u201d")
        if annotation.note:
            parts.append(f"<i>{html.escape(annotation.note[:QUOTE_CHARACTERS])}</i>")
        if self.members and annotation.created_by:
            who = f"by {annotation.created_by}"
            if annotation.updated_by and annotation.updated_by != annotation.created_by:
                who += f", changed by {annotation.updated_by}"
            parts.append(f"<small style='color:palette(mid)'>{html.escape(who)}</small>")
        return "<br>".join(parts)


class _Delegate(QStyledItemDelegate):
    """Rich text rows with a colour bar at the left."""

    BAR = 6
    MARGIN = 6

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        # Laying out rich text is slow; a document with thousands of annotations lays out once.
        self._sizes: dict[tuple[str, object, int], QSize] = {}

    def _document(self, option: QStyleOptionViewItem, text: str) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(text)
        document.setTextWidth(max(50, option.rect.width() - self.BAR - 2 * self.MARGIN))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        annotation: notes.AnnotationInfo = index.data(ANNOTATION_ROLE)
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            # A pale tint of the selection colour under dark ink, or a deep one under light ink:
            # the row's text keeps the palette's colour, readable in a light and a dark theme.
            highlight = option.palette.highlight().color()
            dark = option.palette.color(QPalette.ColorRole.Base).lightness() < 128
            painter.fillRect(option.rect, highlight.darker(160) if dark else highlight.lighter(170))
        painter.fillRect(option.rect.x(), option.rect.y() + 2, self.BAR, option.rect.height() - 4, color_of(annotation))
        document = self._document(option, index.data())
        painter.translate(option.rect.x() + self.BAR + self.MARGIN, option.rect.y() + self.MARGIN / 2)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.Text))
        context.clip = QRectF(0, 0, document.textWidth(), option.rect.height())
        painter.setClipRect(context.clip)
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        annotation: notes.AnnotationInfo = index.data(ANNOTATION_ROLE)
        key = (annotation.uuid, annotation.updated_at, option.rect.width())
        size = self._sizes.get(key)
        if size is None:
            document = self._document(option, index.data())
            size = self._sizes[key] = QSize(int(document.idealWidth()), int(document.size().height() + self.MARGIN))
        return size


class _Filter(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.tag_id: int | None = None
        self.color: str | None = None

    def set(self, words: list[str], tag_id: int | None, color: str | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self.words, self.tag_id, self.color = words, tag_id, color
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.words, self.tag_id, self.color = words, tag_id, color
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        annotation = self.sourceModel().rows[row]
        if self.color is not None and annotation.color != self.color:
            return False
        if self.tag_id is not None and not any(t.id == self.tag_id for t in annotation.tags):
            return False
        if self.words:
            haystack = " ".join(
                [annotation.quote, annotation.note] + [f"{t.code or ''} {t.label}" for t in annotation.tags]
            ).casefold()
            return all(word in haystack for word in self.words)
        return True


class AnnotationPanel(QWidget):
    annotation_activated = Signal(str, int)  # uuid, page index: show it in the viewer
    note_requested = Signal(str)  # uuid: edit its note
    tags_requested = Signal(str)  # uuid: open the tag picker
    color_requested = Signal(object, str)  # uuids, colour name
    delete_requested = Signal(object)  # uuids
    copy_citation_requested = Signal(str)
    place_requested = Signal(str)  # uuid: attach it to the text selected on the page
    tags_set_requested = Signal(str, object)  # uuid, the tag ids it should have
    export_requested = Signal(object)  # uuids to export; empty: the whole document
    link_requested = Signal(str)  # uuid: link it to another passage
    link_followed = Signal(object)  # LinkView: open its other end
    link_edit_requested = Signal(object)  # LinkView: its kind and note
    link_delete_requested = Signal(object)  # LinkView

    def __init__(self, library: Library | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.document_id: int | None = None

        self.filter = QLineEdit(placeholderText="Filter annotations\u2026", clearButtonEnabled=True)
        self.tag_filter = QComboBox()
        self.color_filter = QComboBox()
        self.color_filter.addItem("All colours", None)
        for name in notes.PALETTE:
            self.color_filter.addItem(name.capitalize(), name)
        self.model = AnnotationListModel()
        self.shown = _Filter()
        self.shown.setSourceModel(self.model)
        self.list = QListView()
        self.list.setModel(self.shown)
        # Rows are laid out in batches, so thousands of annotations never freeze the window.
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(200)
        self.list.setItemDelegate(_Delegate(self.list))
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.count = QLabel()
        # The links of the annotation chosen above, each read from it: "responds to A/HRC/24/14, para. 50".
        self.links_title = QLabel(wordWrap=True)
        self.links = QListWidget()
        self.links.setWordWrap(True)
        self.links.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.links.setToolTip("Double-click or Enter opens the linked passage; the right button edits or removes a link")
        self.links_for: str | None = None  # the annotation whose links are listed
        self.link_views: list[LinkView] = []

        filters = QHBoxLayout()
        filters.addWidget(self.tag_filter, 1)
        filters.addWidget(self.color_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.links_title)
        layout.addWidget(self.links)

        self.filter.textChanged.connect(lambda _text: self._apply_filters())
        self.tag_filter.currentIndexChanged.connect(lambda _index: self._apply_filters())
        self.color_filter.currentIndexChanged.connect(lambda _index: self._apply_filters())
        self.list.clicked.connect(self._clicked)
        self.list.doubleClicked.connect(lambda index: self.note_requested.emit(index.data(UUID_ROLE)))
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.selectionModel().currentChanged.connect(lambda _now, _before: self.show_links())
        self.list.selectionModel().selectionChanged.connect(lambda _on, _off: self.show_links())
        self.links.itemActivated.connect(self._link_activated)
        self.links.customContextMenuRequested.connect(self._links_menu)
        self.set_document(None)

    def set_document(self, document_id: int | None, labels: dict[int, str] | None = None) -> None:
        """Show a document's annotations; ``labels`` (page index to label) saves reading them again."""
        self.document_id = document_id
        if labels is None and self.library is not None and document_id is not None:
            labels = {index: page.label for index, page in enumerate(open_view(self.library, document_id).pages)}
        self.model.labels = labels or {}
        self.reload()

    @property
    def all_rows(self) -> list[notes.AnnotationInfo]:
        return self.model.rows

    def reload(self) -> None:
        """Read the document's annotations again (on opening it, or after a change elsewhere)."""
        rows = [] if self.library is None or self.document_id is None else notes.list_annotations(self.library, self.document_id)
        self.model.set_rows(rows, self.model.labels)
        self._fill_tag_filter()
        self._apply_filters()
        self.show_links(again=True)

    def apply_changes(self, uuids: Iterable[str], records: Iterable[notes.AnnotationInfo] = ()) -> None:
        """Refresh just these annotations: added, edited or gone; ``records`` are their state now, where
        the edit gave it (the others are read again)."""
        known = {record.uuid: record for record in records}
        chosen = [a.uuid for a in self.selected()]  # an edited row is put back: chosen it stays
        current = self.list.currentIndex().data(ANNOTATION_ROLE)
        for uuid in uuids:
            try:
                annotation = known.get(uuid) or (notes.get_annotation(self.library, uuid) if self.library else None)
            except NotFound:
                annotation = None
            if annotation is None or annotation.deleted_at is not None or annotation.document_id != self.document_id:
                self.model.remove(uuid)
            else:
                self.model.upsert(annotation)
        self._choose_again(chosen, current.uuid if current is not None else None)
        self._fill_tag_filter()
        self._show_count()
        if self.links_for in set(uuids):
            self.show_links(again=True)

    def _choose_again(self, uuids: list[str], current: str | None) -> None:
        if not uuids or [a.uuid for a in self.selected()] == uuids:
            return
        rows = {annotation.uuid: row for row, annotation in enumerate(self.model.rows)}
        selection = self.list.selectionModel()
        for uuid in uuids:
            if uuid in rows:
                index = self.shown.mapFromSource(self.model.index(rows[uuid]))
                if index.isValid():
                    flags = QItemSelectionModel.SelectionFlag.Select
                    if uuid == current:
                        flags |= QItemSelectionModel.SelectionFlag.Current
                    selection.select(index, flags)
                    if uuid == current:
                        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)

    def selected(self) -> list[notes.AnnotationInfo]:
        return [index.data(ANNOTATION_ROLE) for index in self.list.selectionModel().selectedIndexes()]

    def select(self, uuid: str) -> None:
        for row, annotation in enumerate(self.model.rows):
            if annotation.uuid == uuid:
                index = self.shown.mapFromSource(self.model.index(row))
                if index.isValid():
                    self.list.setCurrentIndex(index)
                    self.list.scrollTo(index)
                return

    def _fill_tag_filter(self) -> None:
        current = self.tag_filter.currentData()
        tags = {tag.id: tag for annotation in self.model.rows for tag in annotation.tags}
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem("All tags", None)
        for tag in sorted(tags.values(), key=lambda t: (t.kind, t.code or t.label)):
            self.tag_filter.addItem(tag.code or tag.label, tag.id)
        self.tag_filter.setCurrentIndex(max(0, self.tag_filter.findData(current)))
        self.tag_filter.blockSignals(False)

    def _apply_filters(self) -> None:
        self.shown.set(self.filter.text().casefold().split(), self.tag_filter.currentData(), self.color_filter.currentData())
        self._show_count()

    def _show_count(self) -> None:
        total, shown = self.model.rowCount(), self.shown.rowCount()
        self.count.setText(
            f"{total} annotation{'s' if total != 1 else ''}" if shown == total else f"{shown} of {total} annotations"
        )

    def _clicked(self, index: QModelIndex) -> None:
        annotation: notes.AnnotationInfo = index.data(ANNOTATION_ROLE)
        self.annotation_activated.emit(annotation.uuid, annotation.page_index)

    def _menu(self, point) -> None:  # noqa: ANN001 - a QPoint
        chosen = self.selected()
        if chosen:
            self.menu_for(chosen).exec(self.list.viewport().mapToGlobal(point))

    def menu_for(self, chosen: list[notes.AnnotationInfo]) -> QMenu:
        """What can be done to these annotations: for this panel and for the page alike."""
        uuids = [a.uuid for a in chosen]
        menu = QMenu(self)
        if chosen[0].anchor_status != "anchored":
            menu.addAction("Place on the selected text", lambda: self.place_requested.emit(uuids[0]))
        menu.addAction("Edit note\u2026", lambda: self.note_requested.emit(uuids[0]))
        menu.addAction("Add a tag\u2026", lambda: self.tags_requested.emit(uuids[0]))
        if chosen[0].tags:
            remove = menu.addMenu("Remove tag")
            for tag in chosen[0].tags:
                rest = [t.id for t in chosen[0].tags if t.id != tag.id]
                remove.addAction(tag.code or tag.label, lambda rest=rest: self.tags_set_requested.emit(uuids[0], rest))
        colours = menu.addMenu("Colour")
        for number, name in enumerate(notes.PALETTE, start=1):
            action = QAction(f"&{number} {name.capitalize()}", colours)
            action.triggered.connect(lambda _checked=False, name=name: self.color_requested.emit(uuids, name))
            colours.addAction(action)
        menu.addAction("Link to\u2026", lambda: self.link_requested.emit(uuids[0]))
        menu.addAction("Copy citation", lambda: self.copy_citation_requested.emit(uuids[0]))
        menu.addAction(f"Export {'these' if len(uuids) > 1 else 'this'}\u2026", lambda: self.export_requested.emit(tuple(uuids)))
        menu.addAction("Export the document's annotations\u2026", lambda: self.export_requested.emit(()))
        menu.addSeparator()
        menu.addAction("Delete", lambda: self.delete_requested.emit(uuids))
        return menu

    # --- the links of the chosen annotation --------------------------------------------------

    def link_subject(self) -> notes.AnnotationInfo | None:
        """The annotation whose links are listed: the current one, while it is chosen."""
        index = self.list.currentIndex()
        if not index.isValid() or not self.list.selectionModel().isSelected(index):
            return None
        return index.data(ANNOTATION_ROLE)

    def show_links(self, *, again: bool = False) -> None:
        """List the chosen annotation's links; ``again`` reads them anew (they changed)."""
        subject = self.link_subject()
        uuid = subject.uuid if subject is not None else None
        if uuid == self.links_for and not again:
            return
        self.links_for = uuid
        views: list[LinkView] = []
        message = ""
        if uuid is not None and self.library is not None:
            try:
                views = links_of(self.library, uuid)
            except LibraryError as error:
                message = str(error)
        self.link_views = views
        self.links.clear()
        for view in views:
            lines = [view.reading]
            if view.link.note:
                lines.append(f"\u201c{view.link.note[:200]}\u201d")
            if view.warning:
                lines.append(f"\u26a0 {view.warning}")
            item = QListWidgetItem("\n".join(lines))
            item.setData(LINK_ROLE, view)
            details = [view.warning, f"Note: {view.link.note}" if view.link.note else "",
                       f"\u201c{display_quote(view.other.quote)[:300]}\u201d" if view.other.quote else "",
                       view.other.document_title]
            item.setToolTip("\n".join(filter(None, details)))
            if view.warning:
                item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
            self.links.addItem(item)
        if self.document_id is None:
            self.links_title.setText("")
        elif uuid is None:
            self.links_title.setText("<small>Links: choose an annotation to see its links</small>")
        elif message:
            self.links_title.setText(f"<small>Links: {html.escape(message)}</small>")
        elif not views:
            self.links_title.setText("<small>No links yet: Link to\u2026 (L) joins this passage to another</small>")
        else:
            self.links_title.setText(f"<small><b>{len(views)} link{'s' if len(views) != 1 else ''}</b></small>")
        self.links_title.setVisible(self.document_id is not None)
        self.links.setVisible(bool(views))
        if views:
            QTimer.singleShot(0, self._fit_links)  # once laid out at its width: its rows wrap to it

    def _fit_links(self) -> None:
        """The list of links as tall as its rows (up to about five), at the width it has now."""
        if not self.links.count():
            return
        width = max(60, self.links.viewport().width() - 8)
        metrics = self.links.fontMetrics()
        total = 0
        for row in range(self.links.count()):
            item = self.links.item(row)
            text = metrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, item.text())
            item.setSizeHint(QSize(width, text.height() + 6))
            total += text.height() + 6 if row < 5 else 0
        self.links.setFixedHeight(min(total, 150) + 2 * self.links.frameWidth() + 2)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's
        super().resizeEvent(event)
        if self.links.isVisible():
            self._fit_links()

    def _link_activated(self, item: QListWidgetItem) -> None:
        self.link_followed.emit(item.data(LINK_ROLE))

    def chosen_link(self) -> LinkView | None:
        item = self.links.currentItem()
        return item.data(LINK_ROLE) if item is not None else None

    def _links_menu(self, point) -> None:  # noqa: ANN001 - a QPoint
        item = self.links.itemAt(point)
        if item is not None:
            self.links.setCurrentItem(item)
            self.link_menu_for(item.data(LINK_ROLE)).exec(self.links.viewport().mapToGlobal(point))

    def link_menu_for(self, view: LinkView) -> QMenu:
        menu = QMenu(self)
        follow = menu.addAction("Open the linked passage", lambda: self.link_followed.emit(view))
        follow.setEnabled(not view.other.in_trash)
        menu.addAction("Edit link\u2026", lambda: self.link_edit_requested.emit(view))
        menu.addAction("Remove link", lambda: self.link_delete_requested.emit(view))
        return menu
