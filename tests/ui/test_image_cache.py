"""The rendered-page cache stays within its budget, dropping the pages used longest ago."""

from __future__ import annotations

from PySide6.QtGui import QImage

from ui.image_cache import ImageCache


def _image() -> QImage:
    return QImage(100, 100, QImage.Format.Format_RGB32)  # 40,000 bytes


def test_cache_drops_least_recently_used_pages_beyond_its_budget():
    cache = ImageCache(budget_bytes=100_000)
    for page in range(3):
        cache.put(1, page, 1.0, _image())
    assert len(cache) == 2 and cache.used <= 100_000
    assert cache.get(1, 0, 1.0) is None
    assert cache.get(1, 1, 1.0) is not None  # now the most recently used
    cache.put(1, 3, 1.0, _image())
    assert cache.get(1, 2, 1.0) is None and cache.get(1, 1, 1.0) is not None


def test_any_scale_finds_an_older_rendering_to_stretch_meanwhile():
    cache = ImageCache()
    cache.put(1, 4, 1.0, _image())
    assert cache.get(1, 4, 2.0) is None
    assert cache.any_scale(1, 4) is not None
    assert cache.any_scale(2, 4) is None  # another document's page 4


def test_tiles_are_kept_apart_from_whole_pages_and_never_stretched_as_one():
    cache = ImageCache()
    cache.put(1, 0, 5.0, _image(), (0, 0))
    cache.put(1, 0, 5.0, _image(), (1, 0))
    assert cache.get(1, 0, 5.0) is None  # the whole page was not rendered at this scale
    assert cache.get(1, 0, 5.0, (1, 0)) is not None and cache.get(1, 0, 5.0, (0, 1)) is None
    assert cache.tiles() == 2
    assert cache.any_scale(1, 0) is None  # a tile is no stand-in for the page
    cache.put(1, 0, 1.0, _image())
    assert cache.any_scale(1, 0) is cache.get(1, 0, 1.0)
