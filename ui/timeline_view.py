"""Events on a time axis: zoom with Ctrl+wheel or +/-, pan by dragging; a click selects an event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView, QStyleOptionGraphicsItem, QWidget

from app.vocabulary import dates
from app.vocabulary.records import TagInfo

TYPE_COLORS = {
    "death_in_custody": "#b00020",
    "ill_treatment": "#d84315",
    "monitoring_visit": "#1565c0",
    "report_publication": "#2e7d32",
    "ratification": "#00838f",
    "denunciation": "#6a1b9a",
    "expulsion": "#4e342e",
    "legislation": "#f9a825",
    "attack": "#000000",
    "other": "#607d8b",
}
AXIS_HEIGHT = 34.0
LANE_HEIGHT = 30.0
MARGIN = 40.0
LABEL_MAX = 300.0  # a longer title is cut short with an ellipsis; the tooltip holds it whole
MIN_PIXELS_PER_DAY = 0.005
MAX_PIXELS_PER_DAY = 40.0


@dataclass(frozen=True)
class Inks:
    """The timeline's colours, from the palette of the theme in use."""

    ground: QColor
    text: QColor
    dark: bool

    @classmethod
    def of(cls, palette: QPalette) -> Inks:
        ground = palette.color(QPalette.ColorRole.Base)
        return cls(ground, palette.color(QPalette.ColorRole.Text), ground.lightness() < 128)

    def faded(self, alpha: int) -> QColor:
        """The text's colour, let through at ``alpha`` (0-255) over the ground: for the axis and grid."""
        colour = QColor(self.text)
        colour.setAlpha(alpha)
        return colour


@dataclass(frozen=True)
class Placed:
    event: TagInfo
    first: date
    last: date

    @property
    def label(self) -> str:
        """What is written beside the event: its title and passage count."""
        return f"{self.event.label}  ({self.event.passages})"


class EventItem(QGraphicsItem):
    """One event: a dot for a day, a bar over the span its dates cover, its title and passage count."""

    def __init__(self, placed: Placed, x0: float, x1: float, lane: int, label_width: float, font: QFont,
                 inks: Inks, shown: str) -> None:
        super().__init__()
        self.placed = placed
        self.shown = shown  # the label as drawn: cut to LABEL_MAX
        self.inks = inks
        self.tag_id = placed.event.id
        self._x0, self._x1 = x0, x1
        self._label_width = label_width
        self._font = font
        self.selected = False
        self.setPos(0, AXIS_HEIGHT + 8 + lane * LANE_HEIGHT)
        fields = placed.event.fields
        # Made once, not on every paint.
        self._color = QColor(fields.color or TYPE_COLORS.get(fields.event_type or "", "#607d8b"))
        span = f"{fields.date_start} \u2013 {fields.date_end}" if fields.date_end else fields.date_start
        self.setToolTip(f"{fields.label}\n{span}\n{placed.event.passages} passage(s)")
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    @property
    def text(self) -> str:
        return self.placed.label

    def marker_rect(self) -> QRectF:
        """The dot or bar, in scene coordinates (the label runs on to the right)."""
        return QRectF(self._x0 - 8, self.y(), max(self._x1 - self._x0, 0) + 16, LANE_HEIGHT)

    def boundingRect(self) -> QRectF:  # noqa: N802
        left = min(self._x0, self._x1) - 8
        return QRectF(left, 0, max(self._x1 - left, 16) + self._label_width + 16, LANE_HEIGHT - 4)

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None) -> None:
        color = self._color
        approximate = self.placed.event.fields.date_precision == "approximate"
        # On a dark ground a dark type colour (an attack's black) would vanish: its ring is in the ink.
        ring = self.inks.faded(170) if self.inks.dark else color.darker(130)
        pen = QPen(ring if not self.selected else QColor("#ffb300"), 3 if self.selected else 1.5)
        if approximate:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        middle = (LANE_HEIGHT - 4) / 2
        if self._x1 - self._x0 >= 8:
            fill = QColor(color)
            fill.setAlpha(90)
            painter.setBrush(QBrush(fill))
            painter.drawRoundedRect(QRectF(self._x0, middle - 6, self._x1 - self._x0, 12), 5, 5)
        else:
            painter.setBrush(QBrush(color))
            center = (self._x0 + self._x1) / 2
            painter.drawEllipse(QPointF(center, middle), 6, 6)
        painter.setFont(self._font)
        painter.setPen(self.inks.text)
        text_x = max(self._x1, (self._x0 + self._x1) / 2 + 6) + 6
        painter.drawText(QRectF(text_x, 0, self._label_width + 4, LANE_HEIGHT - 4),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.shown)


class TimelineView(QGraphicsView):
    event_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.inks = Inks.of(self.palette())
        self.setBackgroundBrush(self.inks.ground)
        self.pixels_per_day = 0.2
        self._placed: list[Placed] = []
        self._origin = date(2000, 1, 1)
        self._items: dict[int, EventItem] = {}
        self._selected: int | None = None
        # Until the user zooms, the view keeps every event in sight as it is resized.
        self._auto_fit = True

    # ---- content --------------------------------------------------------------------------------

    def set_events(self, events: list[TagInfo]) -> None:
        placed = []
        for event in events:
            try:
                first = dates.span(event.fields.date_start or "")[0]
                last = dates.span(event.fields.date_end)[1] if event.fields.date_end else dates.span(event.fields.date_start or "")[1]
            except dates.BadDate:
                continue
            placed.append(Placed(event, first, last))
        self._placed = sorted(placed, key=lambda p: (p.first, p.last, p.event.label))
        if self._placed:
            span_start = self._placed[0].first
            self._origin = date(span_start.year, 1, 1)
        if self._auto_fit:
            self.fit()
        else:
            self._layout()

    def items_by_id(self) -> dict[int, EventItem]:
        return dict(self._items)

    def select(self, tag_id: int | None) -> None:
        self._selected = tag_id
        for item_id, item in self._items.items():
            item.selected = item_id == tag_id
            item.update()
        if tag_id in self._items:
            self.ensureVisible(self._items[tag_id].marker_rect(), 40, 10)

    # ---- geometry -------------------------------------------------------------------------------

    def x_of(self, day: date) -> float:
        return MARGIN + (day - self._origin).days * self.pixels_per_day

    def date_at(self, x: float) -> date:
        return self._origin + timedelta(days=(x - MARGIN) / self.pixels_per_day)

    def _layout(self) -> None:
        scene = self.scene()
        scene.clear()
        self._items = {}
        font = QFont(self.font())
        metrics = QFontMetricsF(font)
        lanes: list[float] = []  # where each lane is free again
        right = MARGIN
        for placed in self._placed:
            x0 = self.x_of(placed.first)
            x1 = self.x_of(placed.last + timedelta(days=1))
            shown = _shown_label(metrics, placed.label)
            width = metrics.horizontalAdvance(shown) + 8
            end = max(x1, x0 + 12) + width + 24
            lane = next((i for i, free in enumerate(lanes) if free <= x0 - 8), len(lanes))
            if lane == len(lanes):
                lanes.append(end)
            else:
                lanes[lane] = end
            item = EventItem(placed, x0, x1, lane, width, font, self.inks, shown)
            item.selected = placed.event.id == self._selected
            scene.addItem(item)
            self._items[placed.event.id] = item
            right = max(right, end)
        # The axis runs under the events and their labels, not on to the year's end, so that
        # "Fit all" leaves nothing beyond the view's edge.
        last_day = max((p.last for p in self._placed), default=self._origin)
        axis_end = max(self.x_of(last_day + timedelta(days=1)), right - MARGIN)
        right = max(right, axis_end + MARGIN)
        height = AXIS_HEIGHT + 16 + max(1, len(lanes)) * LANE_HEIGHT
        self._draw_axis(axis_end, height)
        scene.setSceneRect(QRectF(0, 0, right, max(height, 120)))

    def _draw_axis(self, right: float, height: float) -> None:
        scene = self.scene()
        axis_pen = QPen(self.inks.faded(140))
        grid_pen = QPen(self.inks.faded(40))
        scene.addLine(0, AXIS_HEIGHT, right, AXIS_HEIGHT, axis_pen)
        step_years, months = self._tick_step()
        day = date(self._origin.year, 1, 1)
        end = self.date_at(right)
        while day <= end:
            x = self.x_of(day)
            major = day.month == 1 and (day.year % max(step_years, 1) == 0)
            if major or months:
                line = scene.addLine(x, AXIS_HEIGHT - (8 if major else 4), x, height, grid_pen)
                line.setZValue(-1)
                label = str(day.year) if day.month == 1 else day.strftime("%b")
                if major or (months and self.pixels_per_day * 30 > 28):
                    text = scene.addSimpleText(label)
                    text.setPos(x + 3, 4 if major else 16)
                    text.setBrush(self.inks.faded(200 if major else 130))
            day = _next_tick(day, months)

    def _tick_step(self) -> tuple[int, int]:
        """Years between labelled ticks, and months between minor ticks (0: none)."""
        year_width = 365 * self.pixels_per_day
        if year_width > 360:
            return 1, 1
        if year_width > 120:
            return 1, 3
        for years in (1, 2, 5, 10, 20, 50):
            if year_width * years >= 60:
                return years, 0
        return 100, 0

    # ---- zoom and pan ---------------------------------------------------------------------------

    def zoom_by(self, factor: float, anchor: float | None = None) -> None:
        """Zoom the time axis, keeping the date under ``anchor`` (a viewport x) where it is."""
        self._auto_fit = False
        viewport_x = anchor if anchor is not None else self.viewport().width() / 2
        scene_x = self.mapToScene(int(viewport_x), 0).x()
        anchored = self.date_at(scene_x)
        self.pixels_per_day = min(MAX_PIXELS_PER_DAY, max(MIN_PIXELS_PER_DAY, self.pixels_per_day * factor))
        self._layout()
        new_x = self.x_of(anchored)
        bar = self.horizontalScrollBar()
        bar.setValue(int(new_x - viewport_x))

    def fit(self) -> None:
        """Show every event across the view's width."""
        self._auto_fit = True
        if not self._placed:
            self._layout()
            return
        first = date(self._placed[0].first.year, 1, 1)
        # Each label runs to the right of its marker: the scale that ends every one inside the view.
        metrics = QFontMetricsF(self.font())
        right = max(self.viewport().width(), 400) - MARGIN
        scale = MAX_PIXELS_PER_DAY
        for placed in self._placed:
            days = max((placed.last + timedelta(days=1) - first).days, 1)
            room = right - MARGIN - metrics.horizontalAdvance(_shown_label(metrics, placed.label)) - 40
            scale = min(scale, max(room, 100) / days)
        last = max(p.last for p in self._placed)
        scale = min(scale, (right - MARGIN) / max((last - first).days, 30))
        self.pixels_per_day = max(MIN_PIXELS_PER_DAY, scale)
        self._layout()
        self.horizontalScrollBar().setValue(0)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # another theme: drawn again in its colours
            self.inks = Inks.of(self.palette())
            self.setBackgroundBrush(self.inks.ground)
            self._layout()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        if self._auto_fit:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            self.zoom_by(1.25 ** steps, event.position().x())
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.5)
        elif event.key() == Qt.Key.Key_Minus:
            self.zoom_by(1 / 1.5)
        elif event.key() == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            item = self.itemAt(event.position().toPoint())
            if isinstance(item, EventItem):
                self.select(item.tag_id)
                self.event_clicked.emit(item.tag_id)
        super().mousePressEvent(event)


def _shown_label(metrics: QFontMetricsF, label: str) -> str:
    return metrics.elidedText(label, Qt.TextElideMode.ElideRight, LABEL_MAX)


def _next_tick(day: date, months: int) -> date:
    step = months or 12
    month = day.month - 1 + step
    return date(day.year + month // 12, month % 12 + 1, 1)
