"""Qt models over the vocabulary: trees of treaties and themes, a table of events."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPixmap, QStandardItem, QStandardItemModel

from app.vocabulary.kinds import EVENT_TYPE_LABELS, PRECISION_LABELS, TREATY_KINDS
from app.vocabulary.records import TagInfo

TAG_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

_swatches: dict[str | None, QIcon] = {}


def swatch(color: str | None) -> QIcon:
    """A small square of the tag's colour (blank space when it has none, so names stay aligned)."""
    if color not in _swatches:
        pixmap = QPixmap(12, 12)
        pixmap.fill(QColor(color) if color else QColor(0, 0, 0, 0))
        _swatches[color] = QIcon(pixmap)
    return _swatches[color]


class TagTreeModel(QStandardItemModel):
    """Tags of some kinds as a tree: name (with colour), code, passages."""

    HEADERS = ("Name", "Code", "Passages")

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setHorizontalHeaderLabels(list(self.HEADERS))
        self._items: dict[int, QStandardItem] = {}

    def set_tags(self, tags: list[TagInfo]) -> None:
        self.removeRows(0, self.rowCount())
        self._items = {}
        by_id = {tag.id: tag for tag in tags}
        below = _passages_below(tags)
        # Parents first: a tag whose parent is not shown sits at the top level.
        for tag in tags:
            name = QStandardItem(swatch(tag.color), tag.display if tag.kind in TREATY_KINDS else tag.label)
            name.setData(tag.id, TAG_ID_ROLE)
            name.setToolTip(_tooltip(tag))
            name.setEditable(False)
            code = QStandardItem(tag.fields.code or "")
            code.setEditable(False)
            # A treaty also shows what its articles gather: "0 (+5)".
            extra = below.get(tag.id, 0)
            count = QStandardItem(f"{tag.passages} (+{extra})" if extra else str(tag.passages))
            count.setToolTip(f"{tag.passages} passages tagged with it; {extra} more with entries under it")
            count.setData(tag.passages, SORT_ROLE)
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            count.setEditable(False)
            parent = self._items.get(tag.parent_id) if tag.parent_id in by_id else None
            (parent or self.invisibleRootItem()).appendRow([name, code, count])
            self._items[tag.id] = name

    def tag_ids(self) -> list[int]:
        return list(self._items)

    def index_of(self, tag_id: int) -> QModelIndex:
        item = self._items.get(tag_id)
        return item.index() if item is not None else QModelIndex()

    def tag_id(self, index: QModelIndex) -> int | None:
        if not index.isValid():
            return None
        return self.itemFromIndex(index.siblingAtColumn(0)).data(TAG_ID_ROLE)


def _passages_below(tags: list[TagInfo]) -> dict[int, int]:
    """Per tag, the passages of everything under it (children, grandchildren...)."""
    parent_of = {tag.id: tag.parent_id for tag in tags}
    below: dict[int, int] = {}
    for tag in tags:
        if not tag.passages:
            continue
        seen: set[int] = set()
        ancestor = parent_of.get(tag.id)
        while ancestor is not None and ancestor not in seen:
            seen.add(ancestor)
            below[ancestor] = below.get(ancestor, 0) + tag.passages
            ancestor = parent_of.get(ancestor)
    return below


def _tooltip(tag: TagInfo) -> str:
    fields = tag.fields
    lines = [fields.label]
    if fields.kind in TREATY_KINDS:
        if fields.organisation:
            lines.append(fields.organisation)
        if fields.adopted and fields.kind == "standard":  # adopted, never in force
            lines.append(f"Adopted {fields.adopted}")
        elif fields.adopted:
            lines.append(f"Adopted {fields.adopted}; in force {fields.in_force or '?'}")
    if tag.builtin:
        lines.append("Built in")
    lines.append(f"{tag.passages} passage{'s' if tag.passages != 1 else ''}; identifier {tag.slug}")
    return "\n".join(lines)


def when(fields) -> str:  # noqa: ANN001
    """An event's dates as a reader writes them: "2024-03-01 \u2013 2024-03-12", "c. 2025"."""
    text = fields.date_start or ""
    if fields.date_end and fields.date_end != fields.date_start:
        text = f"{text} \u2013 {fields.date_end}"
    if fields.date_precision == "approximate":
        text = f"c. {text}"
    return text


class EventTableModel(QAbstractTableModel):
    HEADERS = ("Date", "Event", "Type", "Country", "Place", "Passages")

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._events: list[TagInfo] = []

    def set_events(self, events: list[TagInfo]) -> None:
        self.beginResetModel()
        self._events = list(events)
        self.endResetModel()

    def event_at(self, row: int) -> TagInfo:
        return self._events[row]

    def row_of(self, tag_id: int) -> int:
        return next((row for row, event in enumerate(self._events) if event.id == tag_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        event = self._events[index.row()]
        fields, column = event.fields, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                when(fields),
                fields.label,
                EVENT_TYPE_LABELS.get(fields.event_type or "", fields.event_type or ""),
                fields.country or "",
                fields.place or "",
                event.passages,
            )[column]
        if role == SORT_ROLE:
            return (fields.date_start or "", fields.label.casefold(), fields.event_type or "",
                    (fields.country or "").casefold(), (fields.place or "").casefold(), event.passages)[column]
        if role == TAG_ID_ROLE:
            return event.id
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return swatch(fields.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            precision = PRECISION_LABELS.get(fields.date_precision or "", "")
            return f"{fields.label}\n{when(fields)} ({precision.lower()})\n{fields.description}".strip()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class EventFilter(QSortFilterProxyModel):
    """Events matching some words (in any column), one type and one country; sorted by ``SORT_ROLE``."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._words: list[str] = []
        self._type: str | None = None
        self._country: str | None = None

    def set_filter(self, words: str = "", event_type: str | None = None, country: str | None = None) -> None:
        self._words = words.casefold().split()
        self._type = event_type
        self._country = country
        self.invalidate()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, EventTableModel)
        event = model.event_at(row)
        fields = event.fields
        if self._type and fields.event_type != self._type:
            return False
        if self._country and (fields.country or "") != self._country:
            return False
        haystack = " ".join(
            str(part) for part in (fields.label, fields.place, fields.country, fields.description, fields.date_start,
                                    EVENT_TYPE_LABELS.get(fields.event_type or ""), " ".join(fields.actors))
            if part
        ).casefold()
        return all(word in haystack for word in self._words)
