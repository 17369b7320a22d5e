"""Rendered pages and page tiles kept in memory, bounded by their size in bytes, least
recently used out first.

A page zoomed in far is rendered as tiles (see ``ui.page_tiles``): only the part in view,
so memory stays bounded however deep the zoom. A whole page is the tile ``None``.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtGui import QImage

from ui.page_tiles import ImageKey, Tile

DEFAULT_BUDGET = 64 * 1024 * 1024  # about 18 A4 pages at 100 %, 4 on a HiDPI screen; deep zoom is tiled


class ImageCache:
    def __init__(self, budget_bytes: int = DEFAULT_BUDGET) -> None:
        self.budget = budget_bytes
        self.used = 0
        self._images: OrderedDict[ImageKey, QImage] = OrderedDict()

    def __len__(self) -> int:
        return len(self._images)

    def tiles(self) -> int:
        """How many of the images held are tiles (not whole pages)."""
        return sum(1 for key in self._images if key.tile is not None)

    def put(self, token: int, page: int, scale: float, image: QImage, tile: Tile | None = None) -> None:
        key = ImageKey.of(token, page, scale, tile)
        old = self._images.pop(key, None)
        if old is not None:
            self.used -= old.sizeInBytes()
        self._images[key] = image
        self.used += image.sizeInBytes()
        while self.used > self.budget and len(self._images) > 1:
            _, dropped = self._images.popitem(last=False)
            self.used -= dropped.sizeInBytes()

    def get(self, token: int, page: int, scale: float, tile: Tile | None = None) -> QImage | None:
        key = ImageKey.of(token, page, scale, tile)
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def any_scale(self, token: int, page: int) -> QImage | None:
        """Some whole rendering of the page, to stretch while the right one is made (e.g. after a zoom)."""
        for key, image in reversed(self._images.items()):
            if key.token == token and key.page == page and key.tile is None:
                return image
        return None

    def clear(self) -> None:
        self._images.clear()
        self.used = 0
