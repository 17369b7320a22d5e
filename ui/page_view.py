"""The scrolled column of pages: painting from the image cache, zoom, keys and text selection."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QPainter, QPaintEvent, QPen, QRegion, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from app.text.selection import PageWords, TextSelection
from ui.image_cache import ImageCache
from ui.link_marks import paint_mark
from ui.page_layout import MARGIN, PageLayout, clamp_zoom, fit_page_zoom, fit_width_zoom
from ui.page_tiles import scale_key
from ui.render_worker import RenderWorker
from ui.text_selection import AUTOSCROLL_INTERVAL, PagePoint, TextSelectionMixin
from ui.tiled_pages import TiledPagesMixin

FIT_WIDTH, FIT_PAGE, CUSTOM = "fit-width", "fit-page", "custom"
# Each step at least a fifth larger than the one before: a press of Ctrl++ is seen at once.
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0)
ZOOM_LEAST_STEP = 1.1  # from a fitted zoom between steps, the next step is at least 10% away
_BACKGROUND = QColor(0x5A, 0x5E, 0x63)
_SELECTION = QColor(40, 110, 220, 90)
_HIT = QColor(255, 210, 0, 110)
_CURRENT_HIT = QColor(255, 120, 0, 150)
_FOCUS_PEN = QPen(QColor(30, 30, 30), 1.5, Qt.PenStyle.DashLine)
_DECORATED_PAGES = 8


def _points_rect(quad) -> QRectF:  # noqa: ANN001 - eight coordinates
    xs, ys = quad[0::2], quad[1::2]
    return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


class PageView(TextSelectionMixin, TiledPagesMixin, QAbstractScrollArea):
    current_page_changed = Signal(int)
    zoom_changed = Signal(float)
    selection_changed = Signal(object)  # TextSelection | None
    page_painted = Signal(int)  # a page was painted from its rendering (not a placeholder)

    def __init__(self, worker: RenderWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.cache = ImageCache()
        self.token = 0
        self.document_id = 0
        self.sizes: list[tuple[float, float]] = []
        self.page_starts: list[int] = []
        self.zoom_mode = FIT_WIDTH
        self.zoom = 1.0
        self.layout_ = PageLayout([], 1.0, 0)
        self.ready = False  # the worker has the document open
        self.words: OrderedDict[int, PageWords] = OrderedDict()
        self.selection: TextSelection | None = None
        self.hits: list[tuple[int, tuple]] = []  # (page, quads) of the find results
        self.current_hit = -1
        # Annotations to draw: page -> [(colour, quads, underline?)], set by the annotation features.
        self.highlights: dict[int, list[tuple[QColor, tuple, bool]]] = {}
        self._decorations: dict[tuple[int, int], QImage] = {}  # renderings with highlights painted in
        self.focused_highlight: tuple | None = None  # the quads of the annotation chosen in the panel
        self.link_marks: dict[int, list[tuple[float, float]]] = {}  # page -> (x, y) points: linked passages
        self._anchor: PagePoint | None = None
        self._focus: PagePoint | None = None
        self._select_mode = "char"
        self._last_double_click: float | None = None  # time.monotonic() of the last double click
        self._drag_position: QPointF | None = None  # the held mouse, while selecting
        self._autoscroll_timer = QTimer(self, interval=AUTOSCROLL_INTERVAL, timeout=self._autoscroll_step)
        self._current_page = -1
        self._request_timer = QTimer(self, singleShot=True, interval=0, timeout=self._request_pages)
        self._words_timer = QTimer(self, singleShot=True, interval=120, timeout=self._request_visible_words)
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        # paintEvent covers every pixel (the background, or a page): Qt need not fill it first.
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.horizontalScrollBar().valueChanged.connect(self._scrolled)
        worker.rendered.connect(self._rendered)
        worker.tile_rendered.connect(self._tile_rendered)
        worker.words_ready.connect(self._words_arrived)

    # --- the document ----------------------------------------------------------------

    def set_document(
        self,
        token: int,
        document_id: int,
        sizes: list[tuple[float, float]],
        page_starts: list[int],
        *,
        keep_renderings: bool = False,
    ) -> None:
        """Show a document's pages; ``keep_renderings`` when it is the one shown, laid out anew
        (the library's sizes after a layout from the first page alone)."""
        if keep_renderings and token == self.token:
            self.document_id = document_id
            self.sizes, self.page_starts = list(sizes), list(page_starts)
            self._relayout()
            return
        self.token, self.document_id = token, document_id
        self.sizes, self.page_starts = list(sizes), list(page_starts)
        self.cache.clear()
        self.words.clear()
        self.hits, self.current_hit = [], -1
        self.highlights, self.focused_highlight = {}, None
        self.link_marks = {}
        self._decorations.clear()
        self.ready = False
        self._clear_selection()
        self._current_page = -1
        self._relayout()

    def set_ready(self) -> None:
        self.ready = True
        self._schedule()

    def page_count(self) -> int:
        return len(self.sizes)

    # --- zoom ------------------------------------------------------------------------

    def set_zoom(self, zoom: float, mode: str = CUSTOM, anchor: QPointF | None = None) -> None:
        self.zoom_mode = mode
        self._apply_zoom(clamp_zoom(zoom), anchor)

    def fit_width(self) -> None:
        self.zoom_mode = FIT_WIDTH
        self._apply_zoom(fit_width_zoom(self.sizes, self._viewport_width()), None)

    def fit_page(self) -> None:
        self.zoom_mode = FIT_PAGE
        self._apply_zoom(fit_page_zoom(self.sizes, self._viewport_width(), self.viewport().height()), None)

    def zoom_in(self, anchor: QPointF | None = None) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self.zoom * ZOOM_LEAST_STEP), ZOOM_STEPS[-1]), CUSTOM, anchor)

    def zoom_out(self, anchor: QPointF | None = None) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self.zoom / ZOOM_LEAST_STEP), ZOOM_STEPS[0]),
                      CUSTOM, anchor)

    def fit_page_pixels(self) -> float:
        """How tall (logical pixels) the tallest page is drawn when fitting the page."""
        return float(self.viewport().height() - 2 * MARGIN)

    def fit_width_pixels(self) -> float:
        """How wide (logical pixels) the widest page is drawn when fitting the width."""
        return float(self._viewport_width() - 2 * MARGIN)

    def _viewport_width(self) -> int:
        # Leave room for the vertical scroll bar, so fitting the width does not make one appear.
        width = self.viewport().width()
        if not self.verticalScrollBar().isVisible():
            width -= self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        return width

    def _apply_zoom(self, zoom: float, anchor: QPointF | None) -> None:
        point = anchor if anchor is not None else QPointF(self.viewport().width() / 2, self.viewport().height() / 3)
        kept = self.point_at(point) if self.sizes else None
        self.zoom = zoom
        self._relayout()
        if kept is not None:
            x, y = self.layout_.from_page(kept.page, kept.x, kept.y)
            self.horizontalScrollBar().setValue(round(x - point.x()))
            self.verticalScrollBar().setValue(round(y - point.y()))
        self.zoom_changed.emit(self.zoom)
        self.viewport().update()
        self._schedule()

    def _relayout(self) -> None:
        self.layout_ = PageLayout(self.sizes, self.zoom, self.viewport().width())
        self.verticalScrollBar().setRange(0, max(0, round(self.layout_.height - self.viewport().height())))
        self.verticalScrollBar().setPageStep(self.viewport().height())
        self.verticalScrollBar().setSingleStep(40)
        self.horizontalScrollBar().setRange(0, max(0, round(self.layout_.width - self.viewport().width())))
        self.horizontalScrollBar().setPageStep(self.viewport().width())
        self.horizontalScrollBar().setSingleStep(40)
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.zoom_mode == FIT_WIDTH and self.sizes:
            self.fit_width()
        elif self.zoom_mode == FIT_PAGE and self.sizes:
            self.fit_page()
        else:
            self._relayout()
        self._schedule()

    # --- position --------------------------------------------------------------------

    def current_page(self) -> int:
        if not self.sizes:
            return -1
        bar = self.verticalScrollBar()
        if bar.value() >= bar.maximum() > 0:
            return self.layout_.page_at(bar.value() + self.viewport().height() - 1 - 16)
        return self.layout_.page_at(bar.value() + self.viewport().height() / 4)

    def go_to_page(self, page: int, y_points: float = 0.0) -> None:
        if not self.sizes:
            return
        page = max(0, min(page, len(self.sizes) - 1))
        top = self.layout_.rect(page).y + y_points * self.layout_.px
        self.verticalScrollBar().setValue(round(top - (8 if y_points == 0 else 0)))
        self._scrolled()

    def position(self) -> tuple[int, float]:
        """The page at the top of the view and how far into it (in points): what reopening restores."""
        if not self.sizes:
            return (0, 0.0)
        y = self.verticalScrollBar().value()
        page = self.layout_.page_at(y)
        return page, max(0.0, (y - self.layout_.rect(page).y) / self.layout_.px)

    def set_position(self, page: int, y_points: float) -> None:
        if not self.sizes:
            return
        page = max(0, min(page, len(self.sizes) - 1))
        self.verticalScrollBar().setValue(round(self.layout_.rect(page).y + y_points * self.layout_.px))
        self._scrolled()

    def point_at(self, point: QPointF) -> PagePoint | None:
        """The page and PDF point under a viewport position (snapped to the nearest page in a gap)."""
        if not self.sizes:
            return None
        x = point.x() + self.horizontalScrollBar().value()
        y = point.y() + self.verticalScrollBar().value()
        page = self.layout_.page_at(y)
        rect = self.layout_.rect(page)
        if y > rect.y + rect.height and page + 1 < len(self.sizes):
            below = self.layout_.rect(page + 1)
            if below.y - y < y - (rect.y + rect.height):
                page = page + 1
        px, py = self.layout_.to_page(page, x, y)
        return PagePoint(page, px, py)

    def viewport_point(self, page: int, x: float, y: float) -> QPointF:
        cx, cy = self.layout_.from_page(page, x, y)
        return QPointF(cx - self.horizontalScrollBar().value(), cy - self.verticalScrollBar().value())

    def _scrolled(self, *_args: object) -> None:
        self.viewport().update()
        self._schedule()
        page = self.current_page()
        if page != self._current_page:
            self._current_page = page
            self.current_page_changed.emit(page)

    # --- rendering -------------------------------------------------------------------

    def render_scale(self) -> float:
        return self.layout_.px * self.devicePixelRatioF()

    def visible_pages(self) -> range:
        top = self.verticalScrollBar().value()
        return self.layout_.pages_between(top, top + self.viewport().height())

    def _schedule(self) -> None:
        if not self._request_timer.isActive():
            self._request_timer.start()
        self._words_timer.start()

    def _request_pages(self) -> None:
        if self.ready and self.sizes:
            self.worker.request_pages(self.token, self.wanted_pages())

    def wanted_pages(self) -> list[tuple]:
        """Pages to render, most wanted first: those in view from the centre out, then one either side.

        A page too large to render whole at this zoom comes as a low-resolution rendering of
        the whole page, then the tiles in view at full resolution (see ``ui.page_tiles``).
        """
        if not self.sizes:
            return []
        scale = self.render_scale()
        visible = list(self.visible_pages())
        centre = self.verticalScrollBar().value() + self.viewport().height() / 2
        visible.sort(key=lambda p: abs(self.layout_.rect(p).y + self.layout_.rect(p).height / 2 - centre))
        ahead = [p for p in (visible and (max(visible) + 1, min(visible) - 1) or ()) if 0 <= p < len(self.sizes)]
        wanted: list[tuple] = []
        for page in visible + ahead:
            if self.page_is_tiled(page):
                wanted.extend(self.wanted_tiles(page, in_view=page in visible))
            elif self.cache.get(self.token, page, scale) is None:
                wanted.append((page, scale))
        return wanted

    def show_first_page(self, page: int, scale: float, image: QImage) -> None:
        """Paint a page's rendering at once (the first page of a document, before anything else)."""
        image.setDevicePixelRatio(self.devicePixelRatioF())
        self.cache.put(self.token, page, scale, image)
        self.viewport().repaint()

    def _rendered(self, token: int, page: int, scale: float, image: QImage) -> None:
        if token != self.token:
            return
        image.setDevicePixelRatio(self.devicePixelRatioF())
        self.cache.put(token, page, scale, image)
        if page not in self.visible_pages():
            return
        if self.page_is_tiled(page):
            self.viewport().update()  # the low-resolution rendering under the tiles still to come
        elif scale_key(scale) == scale_key(self.render_scale()):
            # Painted now, and only where the page is: the reader is waiting for exactly this.
            r = self.layout_.rect(page)
            dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
            self.viewport().repaint(QRectF(r.x - dx, r.y - dy, r.width, r.height).toAlignedRect())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self.viewport())
        if not self.sizes:
            painter.fillRect(event.rect(), _BACKGROUND)
            return
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        scale = self.render_scale()
        shown: list[tuple[int, QRectF, bool, QImage | None]] = []  # what each page in view paints
        background = event.region()
        for page in self.visible_pages():
            r = self.layout_.rect(page)
            target = QRectF(r.x - dx, r.y - dy, r.width, r.height)
            tiled = self.page_is_tiled(page)
            image = None if tiled else self.cache.get(self.token, page, scale)
            if image is not None and self.highlights.get(page):
                image = self._decorated(page, image)
            shown.append((page, target, tiled, image))
            # Filling the whole view and then painting the pages over it paints most pixels twice:
            # the background goes only where nothing opaque is painted (a rendering, or the white
            # of a page still to come). Shrunk by a pixel for rounding.
            if image is None:
                opaque = target.toAlignedRect()
            elif not image.hasAlphaChannel():
                opaque = QRectF(QPointF(round(target.x()), round(target.y())), image.deviceIndependentSize()).toRect()
            else:
                continue
            background = background.subtracted(QRegion(opaque.adjusted(1, 1, -1, -1)))
        for rect in background:
            painter.fillRect(rect, _BACKGROUND)
        painted: list[int] = []
        for page, target, tiled, image in shown:
            if tiled:
                if self._paint_tiles(painter, page, target):
                    painted.append(page)
            elif image is not None:
                # At whole pixels and the image's own size: a plain copy, with no scaling pass.
                painter.drawImage(QPointF(round(target.x()), round(target.y())), image)
                painted.append(page)
            else:
                self._paint_stand_in(painter, page, target)
            self._paint_marks(painter, page)
        painter.end()
        for page in painted:
            self.page_painted.emit(page)

    def _paint_stand_in(self, painter: QPainter, page: int, target: QRectF) -> None:
        """A rendering of the page at another scale, stretched, until the right one comes; white without one."""
        older = self.cache.any_scale(self.token, page)
        if older is None:
            painter.fillRect(target, Qt.GlobalColor.white)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, older)
        painter.restore()

    def set_highlights(self, highlights: dict[int, list[tuple[QColor, tuple, bool]]]) -> None:
        self.highlights = highlights
        self._decorations.clear()
        self.viewport().update()

    def set_link_marks(self, marks: dict[int, list[tuple[float, float]]]) -> None:
        """The passages with a link, marked by a chain at these points (PDF points) of their pages."""
        if marks != self.link_marks:
            self.link_marks = marks
            self.viewport().update()

    def _decorated(self, page: int, image: QImage) -> QImage:
        """The page's rendering with its highlights painted in, made once per rendering.

        Scrolling repaints often and highlights change rarely, so a page with hundreds of
        highlights paints as fast as one without: a single image copy.
        """
        key = (page, image.cacheKey())
        decorated = self._decorations.get(key)
        if decorated is None:
            decorated = image.copy()
            painter = QPainter(decorated)
            painter.scale(self.layout_.px, self.layout_.px)  # PDF points to the image's logical pixels
            self._paint_highlights(painter, page, _points_rect)
            painter.end()
            if len(self._decorations) > 2 * _DECORATED_PAGES:
                self._decorations.clear()
            self._decorations[key] = decorated
        return decorated

    def _paint_highlights(self, painter: QPainter, page: int, rect_of) -> None:  # noqa: ANN001
        # Multiplying keeps the printed text legible under the colour at every zoom.
        painter.save()
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
        for colour, quads, underline in self.highlights.get(page, ()):
            for quad in quads:
                rect = rect_of(quad)
                if underline:
                    thickness = rect.height() / 8
                    painter.fillRect(QRectF(rect.left(), rect.bottom() - thickness, rect.width(), thickness), colour)
                else:
                    painter.fillRect(rect, colour)
        painter.restore()

    def _paint_marks(self, painter: QPainter, page: int) -> None:
        if self.highlights.get(page) and self.cache.get(self.token, page, self.render_scale()) is None:
            self._paint_highlights(painter, page, lambda quad: self._quad_rect(page, quad))  # over a placeholder
        if self.focused_highlight is not None and self.focused_highlight[0] == page:
            painter.setPen(_FOCUS_PEN)
            for quad in self.focused_highlight[1]:
                painter.drawRect(self._quad_rect(page, quad).adjusted(-1, -1, 1, 1))
        for index, (hit_page, quads) in enumerate(self.hits):
            if hit_page == page:
                colour = _CURRENT_HIT if index == self.current_hit else _HIT
                for quad in quads:
                    painter.fillRect(self._quad_rect(page, quad), colour)
        if self.selection is not None:
            for part in self.selection.pages:
                if part.page_index == page:
                    for quad in part.quads:
                        painter.fillRect(self._quad_rect(page, quad), _SELECTION)
        for x, y in self.link_marks.get(page, ()):
            paint_mark(painter, self.viewport_point(page, x, y))

    def _quad_rect(self, page: int, quad: Sequence[float]) -> QRectF:
        xs, ys = quad[0::2], quad[1::2]
        top_left = self.viewport_point(page, min(xs), min(ys))
        bottom_right = self.viewport_point(page, max(xs), max(ys))
        return QRectF(top_left, bottom_right)

    # --- find results ----------------------------------------------------------------

    def set_hits(self, hits: list[tuple[int, tuple]], current: int = -1) -> None:
        self.hits, self.current_hit = hits, current
        self.viewport().update()

    def show_hit(self, index: int) -> None:
        self.current_hit = index
        if 0 <= index < len(self.hits):
            page, quads = self.hits[index]
            ys = [quad[1] for quad in quads]
            top_points = min(ys)
            rect = self.layout_.rect(page)
            y = rect.y + top_points * self.layout_.px
            view_top = self.verticalScrollBar().value()
            if not (view_top + 40 <= y <= view_top + self.viewport().height() - 60):
                self.verticalScrollBar().setValue(round(y - self.viewport().height() / 5))
            xs = [quad[0] for quad in quads]
            x = rect.x + min(xs) * self.layout_.px
            hbar = self.horizontalScrollBar()
            if not (hbar.value() <= x <= hbar.value() + self.viewport().width() - 40):
                hbar.setValue(round(x - 40))
        self.viewport().update()

    # --- keys and wheel --------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        bar = self.verticalScrollBar()
        key, mods = event.key(), event.modifiers()
        page_step = round(self.viewport().height() * 0.9)
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Down:
            bar.setValue(bar.value() + bar.singleStep())
        elif key == Qt.Key.Key_Up:
            bar.setValue(bar.value() - bar.singleStep())
        elif key == Qt.Key.Key_Right:
            hbar = self.horizontalScrollBar()
            if hbar.maximum() > 0:
                hbar.setValue(hbar.value() + hbar.singleStep())
            else:
                self.go_to_page(self.current_page() + 1)
        elif key == Qt.Key.Key_Left:
            hbar = self.horizontalScrollBar()
            if hbar.maximum() > 0:
                hbar.setValue(hbar.value() - hbar.singleStep())
            else:
                self.go_to_page(self.current_page() - 1)
        elif key == Qt.Key.Key_PageDown or (key == Qt.Key.Key_Space and not mods & Qt.KeyboardModifier.ShiftModifier):
            bar.setValue(bar.value() + page_step)
        elif key == Qt.Key.Key_PageUp or key == Qt.Key.Key_Space:
            bar.setValue(bar.value() - page_step)
        elif key == Qt.Key.Key_Home:
            bar.setValue(0)
        elif key == Qt.Key.Key_End:
            bar.setValue(bar.maximum())
        elif key == Qt.Key.Key_Escape and self.selection is not None:
            self._clear_selection()
        elif ctrl and key == Qt.Key.Key_C:
            self.copy_selection()
        else:
            return super().keyPressEvent(event)
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if event.angleDelta().y() > 0:
                self.zoom_in(event.position())
            elif event.angleDelta().y() < 0:
                self.zoom_out(event.position())
            event.accept()
            return
        super().wheelEvent(event)
