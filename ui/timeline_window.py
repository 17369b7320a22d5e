"""The timeline: events on a time axis, filtered by country and type; an event's passages below.

``TimelineWindow(library, parent)`` emits ``passage_activated(document_id, page_index,
annotation_uuid)`` when the user opens a passage, for the main window to show it in the viewer.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.errors import LibraryError
from app.library import Library
from app.vocabulary.kinds import EVENT_TYPE_LABELS
from app.vocabulary.passages import list_events, passages_for_tag
from app.vocabulary.records import TagInfo
from ui.timeline_view import TimelineView
from ui.vocabulary_models import when
from ui.vocabulary_panels import PassageList
from ui.window_layout import open_over


class TimelineWindow(QWidget):
    passage_activated = Signal(int, int, str)
    event_selected = Signal(int)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.library = library
        self.setWindowTitle("Timeline \u2014 Rights Annotator")
        open_over(self, parent, 1150, 700)
        self._events: list[TagInfo] = []
        self._current: int | None = None

        self.country = QComboBox()
        self.country.addItem("All countries", None)
        self.event_type = QComboBox()
        self.event_type.addItem("All types", None)
        for key, text in EVENT_TYPE_LABELS.items():
            self.event_type.addItem(text, key)
        self.country.currentIndexChanged.connect(self._show)
        self.event_type.currentIndexChanged.connect(self._show)
        zoom_in, zoom_out, fit = QPushButton("Zoom in"), QPushButton("Zoom out"), QPushButton("Fit all")
        zoom_in.setShortcut(QKeySequence("Ctrl++"))
        zoom_out.setShortcut(QKeySequence("Ctrl+-"))
        fit.setShortcut(QKeySequence("Ctrl+0"))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)  # a window of its own: Esc closes it
        self.count = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Country"))
        bar.addWidget(self.country)
        bar.addWidget(QLabel("Type"))
        bar.addWidget(self.event_type)
        bar.addStretch(1)
        bar.addWidget(self.count)
        for button in (zoom_in, zoom_out, fit):
            bar.addWidget(button)

        self.view = TimelineView()
        zoom_in.clicked.connect(lambda: self.view.zoom_by(1.5))
        zoom_out.clicked.connect(lambda: self.view.zoom_by(1 / 1.5))
        fit.clicked.connect(self.view.fit)
        self.view.event_clicked.connect(self.select_event)

        self.details = QLabel("Click an event to list its passages.")
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.passage_list = PassageList()
        self.passage_list.passage_activated.connect(self.passage_activated)
        lower = QWidget()
        lower_layout = QHBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.details, 2)
        lower_layout.addWidget(self.passage_list, 3)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(lower)
        splitter.setSizes([420, 280])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self.refresh()

    def refresh(self) -> None:
        """Reload the events (after tagging or a vocabulary change), keeping filters and selection."""
        try:
            self._events = list_events(self.library)
        except LibraryError as error:
            self.details.setText(escape(str(error)))
            return
        chosen = self.country.currentData()
        self.country.blockSignals(True)
        self.country.clear()
        self.country.addItem("All countries", None)
        for name in sorted({e.fields.country for e in self._events if e.fields.country}, key=str.casefold):
            self.country.addItem(name, name)
        self.country.setCurrentIndex(max(0, self.country.findData(chosen)))
        self.country.blockSignals(False)
        self._show()
        if self._current is not None:
            self.select_event(self._current)

    def shown_events(self) -> list[TagInfo]:
        country, kind = self.country.currentData(), self.event_type.currentData()
        return [
            e for e in self._events
            if (country is None or e.fields.country == country) and (kind is None or e.fields.event_type == kind)
        ]

    def _show(self) -> None:
        shown = self.shown_events()
        self.view.set_events(shown)
        self.view.select(self._current)
        total = len(self._events)
        self.count.setText(f"{len(shown)} of {total} events" if len(shown) != total else f"{total} events")

    def select_event(self, tag_id: int) -> None:
        """Show the event's details and passages, as a click on it does."""
        event = next((e for e in self._events if e.id == tag_id), None)
        if event is None:
            return
        self._current = tag_id
        self.view.select(tag_id)
        self._describe(event)
        try:
            self.passage_list.set_passages(passages_for_tag(self.library, tag_id),
                                           "No passage is tagged with this event yet.")
        except LibraryError as error:
            self.details.setText(escape(str(error)))
        self.event_selected.emit(tag_id)

    def _describe(self, event: TagInfo) -> None:
        fields = event.fields
        lines = [f"<h3>{escape(fields.label)}</h3>",
                 f"<p>{escape(when(fields))} \u00b7 {escape(EVENT_TYPE_LABELS.get(fields.event_type or '', ''))}</p>"]
        where = ", ".join(part for part in (fields.place, fields.country) if part)
        if where:
            lines.append(f"<p>{escape(where)}</p>")
        if fields.actors:
            lines.append(f"<p>Actors: {escape('; '.join(fields.actors))}</p>")
        if fields.description:
            lines.append(f"<p style='color:{self._quiet_ink()}'>{escape(fields.description)}</p>")
        self.details.setText("".join(lines))

    def _quiet_ink(self) -> str:
        """Text set apart from the rest, in any theme: the text's colour taken 40% of the way to the ground."""
        palette = self.palette()
        text, ground = palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window)
        mixed = [round(a + (b - a) * 0.4) for a, b in zip((text.red(), text.green(), text.blue()),
                                                           (ground.red(), ground.green(), ground.blue()), strict=True)]
        return "#{:02x}{:02x}{:02x}".format(*mixed)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            shown = next((e for e in self._events if e.id == self._current), None)
            if shown is not None:
                self._describe(shown)
