"""A table model over the library's documents."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.records import DocumentInfo

_COLUMNS = ("Title", "Kind", "Country", "Reference", "Date", "Pages")
PAGES_COLUMN = _COLUMNS.index("Pages")
# How each kind of document is named to the reader (the library stores the keys).
KIND_NAMES = {
    "cpt_report": "CPT report",
    "un_report": "UN report",
    "government_response": "Government response",
    "ngo_report": "NGO report",
    "news": "News article",
    "other": "Other",
}


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind.replace("_", " ").capitalize())


class DocumentTableModel(QAbstractTableModel):
    def __init__(self, documents: list[DocumentInfo] | None = None) -> None:
        super().__init__()
        self._documents = list(documents or [])

    def set_documents(self, documents: list[DocumentInfo]) -> None:
        self.beginResetModel()
        self._documents = list(documents)
        self.endResetModel()

    def document(self, row: int) -> DocumentInfo:
        return self._documents[row]

    def find(self, document_id: int) -> DocumentInfo | None:
        return next((d for d in self._documents if d.id == document_id), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._documents)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        document = self._documents[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                document.title,
                kind_name(document.kind),
                document.country or "",
                document.reference or "",
                document.published or "",
                document.page_count,
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            described = ", ".join(part for part in (kind_name(document.kind), document.country, document.reference,
                                                    document.published) if part)
            lines = [document.title, described, f"{document.page_count} pages, SHA-256 {document.sha256[:12]}…"]
            if not document.has_text_layer:
                lines.append("No text layer: a scan whose text cannot be searched.")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == PAGES_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
