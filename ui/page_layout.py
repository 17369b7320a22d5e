"""Where each page sits in the scrolled area at a zoom: computed from page sizes alone."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

POINT_PX = 96 / 72  # at 100 %, a PDF point is shown as 1/72 inch on a 96 dpi screen
GAP = 12  # logical pixels between pages
MARGIN = 16
MIN_ZOOM, MAX_ZOOM = 0.1, 8.0


@dataclass(frozen=True)
class PageRect:
    x: float
    y: float
    width: float
    height: float

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + self.width and self.y <= y <= self.y + self.height


class PageLayout:
    """Pages stacked top to bottom, centred across the wider of the viewport and the widest page."""

    def __init__(self, sizes: Sequence[tuple[float, float]], zoom: float, viewport_width: int) -> None:
        self.sizes = list(sizes)
        self.zoom = zoom
        self.px = zoom * POINT_PX  # logical pixels per PDF point
        widest = max((w for w, _ in self.sizes), default=0.0) * self.px
        self.width = max(float(viewport_width), widest + 2 * MARGIN)
        self.tops: list[float] = []
        y = float(MARGIN)
        for _, height in self.sizes:
            self.tops.append(y)
            y += height * self.px + GAP
        self.height = y - GAP + MARGIN if self.sizes else 0.0

    def __len__(self) -> int:
        return len(self.sizes)

    def rect(self, page: int) -> PageRect:
        w, h = self.sizes[page]
        width, height = w * self.px, h * self.px
        return PageRect((self.width - width) / 2, self.tops[page], width, height)

    def page_at(self, y: float) -> int:
        """The page at height ``y``, or the one just above it when ``y`` falls in a gap."""
        if not self.sizes:
            return -1
        return max(0, min(len(self.sizes) - 1, bisect_right(self.tops, y) - 1))

    def pages_between(self, top: float, bottom: float) -> range:
        if not self.sizes:
            return range(0)
        first = self.page_at(top)
        if self.rect(first).y + self.rect(first).height < top and first + 1 < len(self.sizes):
            first += 1
        return range(first, self.page_at(bottom) + 1)

    def to_page(self, page: int, x: float, y: float) -> tuple[float, float]:
        """Scrolled-area coordinates to PDF points on ``page``."""
        rect = self.rect(page)
        return (x - rect.x) / self.px, (y - rect.y) / self.px

    def from_page(self, page: int, x: float, y: float) -> tuple[float, float]:
        rect = self.rect(page)
        return rect.x + x * self.px, rect.y + y * self.px


def fit_width_zoom(sizes: Sequence[tuple[float, float]], viewport_width: int) -> float:
    widest = max((w for w, _ in sizes), default=595.0)
    return clamp_zoom((viewport_width - 2 * MARGIN) / (widest * POINT_PX))


def fit_page_zoom(sizes: Sequence[tuple[float, float]], viewport_width: int, viewport_height: int) -> float:
    tallest = max((h for _, h in sizes), default=842.0)
    by_height = (viewport_height - 2 * MARGIN) / (tallest * POINT_PX)
    return clamp_zoom(min(fit_width_zoom(sizes, viewport_width), by_height))


def clamp_zoom(zoom: float) -> float:
    return max(MIN_ZOOM, min(MAX_ZOOM, zoom))
