"""The search panel's link filters: linked to a document, without a link of a kind; saved with a search."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog

from app.services.links import create_link
from app.services.saved_searches import list_saved_searches
from tests.app.test_search import library_with_passages  # noqa: F401 - a fixture
from ui.operations import Operations
from ui.search_panel import NO_LINK, SearchPanel


def quotes(panel):
    return sorted(row[1].quote for row in panel.results.rows)


def test_linked_to_a_document_and_without_a_link_of_a_kind(qtbot, library_with_passages):
    library, passages, ids, russia, news = library_with_passages
    panel = SearchPanel(library, Operations())
    qtbot.addWidget(panel)
    create_link(library, passages["withdrawal"].uuid, passages["beds"].uuid, "responds to")
    create_link(library, passages["rules"].uuid, passages["beds"].uuid, "partly answers")  # a kind of the user's
    panel.linked_to.refill()  # as opening its list does
    panel.without_link.refill()
    kinds = [panel.without_link.itemText(i) for i in range(panel.without_link.count())]
    assert kinds[:3] == ["", NO_LINK, "responds to"] and "partly answers" in kinds

    panel.linked_to.setCurrentIndex(panel.linked_to.findData(russia))
    qtbot.waitUntil(lambda: quotes(panel) == ["restraint rules unchanged", "withdrawal from the torture convention"],
                    timeout=5000)
    panel.linked_to.setCurrentIndex(0)
    panel.without_link.setEditText("responds to")  # "has no response"
    qtbot.waitUntil(lambda: quotes(panel) == ["beatings during arrest", "restraint rules unchanged"], timeout=5000)
    panel.without_link.setEditText(NO_LINK)
    qtbot.waitUntil(lambda: quotes(panel) == ["beatings during arrest"], timeout=5000)
    panel.without_link.setEditText("")
    qtbot.waitUntil(lambda: len(panel.results.rows) == 4, timeout=5000)


def test_the_link_filters_are_saved_with_the_search(qtbot, library_with_passages, monkeypatch):
    library, passages, ids, russia, news = library_with_passages
    create_link(library, passages["withdrawal"].uuid, passages["beds"].uuid, "responds to")
    panel = SearchPanel(library, Operations())
    qtbot.addWidget(panel)
    assert panel.linked_to.count() == 1  # a big library's documents are read only when the list opens
    panel.linked_to.refill()  # as opening its list does
    panel.linked_to.setCurrentIndex(panel.linked_to.findData(news))
    panel.without_link.setEditText("repeats")
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Answered, not repeated", True))
    panel.save_current()
    [saved] = list_saved_searches(library)
    assert (saved.filters.linked_to_documents, saved.filters.without_link) == ((news,), "repeats")

    panel.linked_to.setCurrentIndex(0)
    panel.without_link.setEditText("")
    panel.run_saved(saved)
    assert panel.linked_to.currentData() == news and panel.without_link.currentText() == "repeats"
    qtbot.waitUntil(lambda: quotes(panel) == ["Restraint beds were used"], timeout=5000)
