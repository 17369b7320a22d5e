"""Document › Open in another language, in the window."""

from __future__ import annotations

from PySide6.QtGui import QAction

from app.services import annotations as notes
from app.services.annotations import document_text
from app.services.language_versions import paragraph_on_page, paragraph_place
from tests.app.test_annotations import selection
from tests.app.test_language_versions import two_languages  # noqa: F401 - a fixture
from tests.ui.helpers import open_and_wait, open_window


def action(window) -> QAction:
    [found] = [a for a in window.findChildren(QAction) if a.text() == "Open in another &language"]
    return found


def test_the_other_language_opens_at_the_paragraph_in_view(qtbot, two_languages):
    library, english, french, other = two_languages
    window = open_window(qtbot, library)
    qtbot.waitUntil(lambda: window.features is not None, timeout=10000)
    open_and_wait(qtbot, window, english)
    english_page = paragraph_place(library, english, "9", 0).page_index
    window.viewer.go_to_page(english_page)
    qtbot.waitUntil(lambda: window.viewer.pages.current_page() == english_page, timeout=5000)
    number = paragraph_on_page(library, english, english_page)  # the first paragraph on the page in view
    action(window).trigger()
    qtbot.waitUntil(lambda: window.viewer.document_id == french, timeout=10000)
    french_page = paragraph_place(library, french, number, 0).page_index
    qtbot.waitUntil(lambda: window.viewer.pages.current_page() == french_page, timeout=5000)
    assert f"French version, para. {number}" in window.statusBar().currentMessage()


def test_a_chosen_passage_s_paragraph_is_the_one_opened(qtbot, two_languages):
    library, english, french, other = two_languages
    with library.reading() as session:
        text = document_text(session, english)
    start = text.index("11. ")
    passage = notes.create_annotation(library, notes.draft_from_selection(selection(
        library, english, text[start:start + 30])))
    assert passage.paragraphs == ("11",)
    window = open_window(qtbot, library)
    qtbot.waitUntil(lambda: window.features is not None, timeout=10000)
    open_and_wait(qtbot, window, english)
    qtbot.waitUntil(lambda: any(a.uuid == passage.uuid for a in window.features.annotations.panel.all_rows),
                    timeout=5000)
    window.features.annotations.panel.select(passage.uuid)
    french_page = paragraph_place(library, french, "11", 0).page_index
    assert french_page != passage.page_index  # the French runs longer: another sheet
    action(window).trigger()
    qtbot.waitUntil(lambda: window.viewer.document_id == french, timeout=10000)
    qtbot.waitUntil(lambda: window.viewer.pages.current_page() == french_page, timeout=5000)
    assert "French version, para. 11" in window.statusBar().currentMessage()


def test_a_document_without_another_language_says_so(qtbot, two_languages):
    library, english, french, other = two_languages
    window = open_window(qtbot, library)
    qtbot.waitUntil(lambda: window.features is not None, timeout=10000)
    open_and_wait(qtbot, window, other)
    action(window).trigger()
    assert window.viewer.document_id == other
    assert "No other language version" in window.statusBar().currentMessage()

