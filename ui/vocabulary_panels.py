"""Pieces of the vocabulary window: a tag's details and the passages tagged with it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.text.printed_text import display_quote
from app.vocabulary.kinds import EVENT_TYPE_LABELS, KIND_LABELS, PRECISION_LABELS, TREATY_KINDS
from app.vocabulary.records import Passage, TagInfo
from ui.vocabulary_models import when

PASSAGE_ROLE = Qt.ItemDataRole.UserRole + 1


def describe(tag: TagInfo, names: dict[str, str]) -> str:
    """The tag's facts as rich text; ``names`` gives a display name per slug for linked treaties."""
    fields = tag.fields
    rows: list[tuple[str, str]] = [("Kind", KIND_LABELS[fields.kind] + (" (built in)" if tag.builtin else ""))]
    if fields.code:
        rows.append(("Code", fields.code))
    if fields.kind in TREATY_KINDS:
        rows += [("Short name", fields.short_name or ""), ("Organisation", fields.organisation or ""),
                 ("Adopted", fields.adopted or "")]
        if fields.kind == "treaty":  # a standard is adopted, never in force
            rows.append(("In force", fields.in_force or ""))
    if fields.kind == "event":
        precision = PRECISION_LABELS.get(fields.date_precision or "", "")
        rows += [("Type", EVENT_TYPE_LABELS.get(fields.event_type or "", "")),
                 ("Date", f"{when(fields)} ({precision.lower()})" if precision else when(fields)),
                 ("Place", fields.place or ""), ("Country", fields.country or ""),
                 ("Actors", "; ".join(fields.actors)),
                 ("Treaties", "; ".join(names.get(slug, slug) for slug in fields.treaties))]
    rows.append(("Passages", str(tag.passages)))
    rows.append(("Identifier", tag.slug))
    table = "".join(
        f"<tr><td style='color:#666;padding-right:8px'>{escape(name)}</td><td>{escape(value)}</td></tr>"
        for name, value in rows if value
    )
    description = f"<p>{escape(fields.description)}</p>" if fields.description else ""
    return f"<h3>{escape(fields.label)}</h3><table>{table}</table>{description}"


class PassageList(QWidget):
    """The passages of one tag; double-click or Enter opens one."""

    passage_activated = Signal(int, int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("Passages")
        self.heading.setStyleSheet("font-weight: bold;")
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(3)
        self.list.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)

    def set_passages(self, passages: list[Passage], empty: str = "No passage is tagged with it yet.") -> None:
        self.list.clear()
        count = len(passages)
        self.heading.setText(f"{count} passage{'s' if count != 1 else ''}" if count else empty)
        for passage in passages:
            quote = display_quote(passage.quote)  # one line, as the panel and citations show it
            quote = quote if len(quote) < 300 else quote[:297] + "\u2026"
            text = f"{passage.locator}\n\u201c{quote}\u201d" + (f"\nNote: {passage.note}" if passage.note else "")
            item = QListWidgetItem(text)
            item.setData(PASSAGE_ROLE, passage)
            item.setToolTip(f"{passage.document_title}\nDouble-click to open it in the viewer.")
            self.list.addItem(item)

    def passages(self) -> list[Passage]:
        return [self.list.item(row).data(PASSAGE_ROLE) for row in range(self.list.count())]

    def _activated(self, item: QListWidgetItem) -> None:
        passage: Passage = item.data(PASSAGE_ROLE)
        self.passage_activated.emit(passage.document_id, passage.page_index, passage.annotation_uuid)
