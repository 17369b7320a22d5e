"""The render worker drops a wish for a page it has just sent, but not one made later (the
cache may have let the image go since: a page zoomed back to must not stay blank)."""

from __future__ import annotations

import time

from ui.page_tiles import ImageKey, Tile
from ui.render_worker import _Recent


def test_a_page_just_sent_is_not_rendered_again_but_later_it_is():
    recent = _Recent(seconds=0.05)
    page = ImageKey.of(1, 3, 1.333)
    recent.add(page)
    assert recent.has(ImageKey.of(1, 3, 1.3330001))
    assert not recent.has(ImageKey.of(1, 3, 2.0)) and not recent.has(ImageKey.of(1, 3, 1.333, Tile(0, 1)))
    time.sleep(0.08)
    assert not recent.has(page)
    recent.add(page)
    recent.clear()
    assert not recent.has(page)
