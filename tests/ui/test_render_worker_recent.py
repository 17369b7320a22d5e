"""The render worker drops a wish for a page it has just sent, but not one made later (the
cache may have let the image go since: a page zoomed back to must not stay blank)."""

from __future__ import annotations

import time

from ui.render_worker import _Recent


def test_a_page_just_sent_is_not_rendered_again_but_later_it_is():
    recent = _Recent(seconds=0.05)
    recent.add((3, 1333))
    assert recent.has((3, 1333))
    assert not recent.has((3, 2000)) and not recent.has((3, 1333, (0, 1)))
    time.sleep(0.08)
    assert not recent.has((3, 1333))
    recent.add((3, 1333))
    recent.clear()
    assert not recent.has((3, 1333))
