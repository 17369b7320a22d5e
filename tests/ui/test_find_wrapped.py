"""Find in the window: a phrase that wraps onto the next line is one hit, stepped over once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.pdfs import make_pdf
from tests.ui.helpers import import_one, open_and_wait, open_window

PAGES = [
    "The delegation heard allegations\nof ill-treatment in custody.",
    "Allegations of ill-treatment were many.",
    "Further allegations\nof abuse in the remand prison.",
]


def test_a_wrapped_phrase_counts_once_and_next_steps_over_it_once(qtbot, library, tmp_path):
    document = import_one(library, make_pdf(tmp_path / "wrapped.pdf", PAGES, title="Wrapped"))
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.viewer.find_bar
    qtbot.keyClicks(bar.line, "allegations of")
    qtbot.keyClick(bar.line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.count.text() == "1 of 3", timeout=10000)
    pages = window.viewer.pages
    assert [(page, len(quads)) for page, quads in pages.hits] == [(0, 2), (1, 1), (2, 2)]
    qtbot.keyClick(bar.line, Qt.Key.Key_Return)
    assert bar.count.text() == "2 of 3" and pages.current_hit == 1
    qtbot.keyClick(bar.line, Qt.Key.Key_Return)
    assert bar.count.text() == "3 of 3" and pages.current_page() == 2
    qtbot.keyClick(bar.line, Qt.Key.Key_Return)
    assert bar.count.text() == "1 of 3"
