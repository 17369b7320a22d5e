"""Which pages are rendered in tiles, and where the tiles fall: geometry alone, no Qt.

An A4 page at 400 % on a 2x screen is 6,300 x 9,000 pixels, 230 MB: more than the whole
image cache. Past a size, a page is rendered as square tiles of the screen's pixels, only
those in view, over a low-resolution rendering of the whole page that shows meanwhile.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

TILE = 512  # device pixels on a side
TILED_ABOVE = 24 * 1024 * 1024  # bytes of a whole-page rendering (RGB32) past which pages are tiled
PLACEHOLDER_PIXELS = 600_000  # a page's low-resolution rendering: about 2.4 MB, sharp enough at 100 %


class Tile(NamedTuple):
    """A square of a page's pixels, counted from the top left in tiles of ``TILE`` pixels."""

    column: int
    row: int


def scale_key(scale: float) -> int:
    """Scales as integers, so that 1.3333 and 1.33330001 name the same rendering."""
    return round(scale * 1000)


@dataclass(frozen=True, slots=True)
class ImageKey:
    """One rendering of a page of the document opened as ``token``: whole (``tile`` None) or one tile."""

    token: int
    page: int
    scale: int  # as ``scale_key`` gives it
    tile: Tile | None = None

    @classmethod
    def of(cls, token: int, page: int, scale: float, tile: Tile | None = None) -> ImageKey:
        return cls(token, page, scale_key(scale), tile)


def page_pixels(width: float, height: float, scale: float) -> tuple[int, int]:
    """The size in device pixels of a page of ``width`` x ``height`` points rendered at ``scale``."""
    return max(1, math.ceil(width * scale - 1e-3)), max(1, math.ceil(height * scale - 1e-3))


def is_tiled(width: float, height: float, scale: float) -> bool:
    pixels_across, pixels_down = page_pixels(width, height, scale)
    return pixels_across * pixels_down * 4 > TILED_ABOVE


def placeholder_scale(width: float, height: float) -> float:
    """The scale of a page's low-resolution rendering: fixed per page, so every zoom reuses it."""
    return round(math.sqrt(PLACEHOLDER_PIXELS / max(1.0, width * height)), 3)


def visible_tiles(
    width: float, height: float, scale: float, left: float, top: float, right: float, bottom: float
) -> list[Tile]:
    """The tiles of a page that meet the rectangle (device pixels from the page's top left)."""
    pixels_across, pixels_down = page_pixels(width, height, scale)
    first_column, last_column = max(0, int(left // TILE)), min((pixels_across - 1) // TILE, int(right // TILE))
    first_row, last_row = max(0, int(top // TILE)), min((pixels_down - 1) // TILE, int(bottom // TILE))
    return [Tile(c, r) for r in range(first_row, last_row + 1) for c in range(first_column, last_column + 1)]


def tile_pixels(width: float, height: float, scale: float, tile: Tile) -> tuple[int, int, int, int]:
    """The tile's rectangle in device pixels from the page's top left: x0, y0, x1, y1."""
    pixels_across, pixels_down = page_pixels(width, height, scale)
    column, row = tile
    x0, y0 = column * TILE, row * TILE
    return x0, y0, min(x0 + TILE, pixels_across), min(y0 + TILE, pixels_down)
