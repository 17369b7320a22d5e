"""Painting a page that is rendered in tiles (deep zoom; see ``ui.page_tiles`` for why).

A mixin of :class:`ui.page_view.PageView`, which holds the cache, the layout, the
scroll bars and the stand-in painting it uses, and calls it when a page is too large to
render whole.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage, QPainter

from ui.page_tiles import Tile, is_tiled, placeholder_scale, scale_key, tile_pixels, visible_tiles


class TiledPagesMixin:
    def page_is_tiled(self, page: int) -> bool:
        return is_tiled(*self.sizes[page], self.render_scale())

    def tiles_in_view(self, page: int) -> list[tuple[Tile, tuple[int, int, int, int]]]:
        """The page's tiles in view at this zoom, each with its rectangle of the page's device pixels."""
        rect, ratio, scale = self.layout_.rect(page), self.devicePixelRatioF(), self.render_scale()
        left = (self.horizontalScrollBar().value() - round(rect.x)) * ratio
        top = (self.verticalScrollBar().value() - round(rect.y)) * ratio
        right, bottom = left + self.viewport().width() * ratio, top + self.viewport().height() * ratio
        width, height = self.sizes[page]
        tiles = visible_tiles(width, height, scale, left, top, right, bottom)
        return [(tile, tile_pixels(width, height, scale, tile)) for tile in tiles]

    def wanted_tiles(self, page: int, in_view: bool) -> list[tuple]:
        """What to render of a tiled page: its low-resolution rendering, then its tiles in view."""
        width, height = self.sizes[page]
        scale, low = self.render_scale(), placeholder_scale(width, height)
        wanted: list[tuple] = [] if self.cache.get(self.token, page, low) is not None else [(page, low)]
        if in_view:
            wanted.extend(
                (page, scale, tile, clip)
                for tile, clip in self.tiles_in_view(page)
                if self.cache.get(self.token, page, scale, tile) is None
            )
        return wanted

    def _tile_rendered(self, token: int, page: int, scale: float, tile: Tile, image: QImage) -> None:
        if token != self.token:
            return
        ratio = self.devicePixelRatioF()
        image.setDevicePixelRatio(ratio)
        self.cache.put(token, page, scale, image, tile)
        if page in self.visible_pages() and scale_key(scale) == scale_key(self.render_scale()):
            r = self.layout_.rect(page)
            x0, y0, x1, y1 = tile_pixels(*self.sizes[page], scale, tile)
            left = round(r.x) - self.horizontalScrollBar().value() + x0 / ratio
            top = round(r.y) - self.verticalScrollBar().value() + y0 / ratio
            self.viewport().update(QRectF(left, top, (x1 - x0) / ratio, (y1 - y0) / ratio).toAlignedRect())

    def _paint_tiles(self, painter: QPainter, page: int, target: QRectF) -> bool:
        """Paint a tiled page: its low-resolution rendering, and over it the tiles that have come.
        True when every tile in view was there."""
        self._paint_stand_in(painter, page, target)
        ratio, scale = self.devicePixelRatioF(), self.render_scale()
        left, top = round(target.x()), round(target.y())
        complete = True
        for tile, (x0, y0, _x1, _y1) in self.tiles_in_view(page):
            image = self.cache.get(self.token, page, scale, tile)
            if image is None:
                complete = False
            else:
                painter.drawImage(QPointF(left + x0 / ratio, top + y0 / ratio), image)
        return complete
