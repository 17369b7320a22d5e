"""The search panel: type, see results a moment later, open the passage."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from app.services import annotations as notes
from tests.app.test_search import library_with_passages  # noqa: F401 - a fixture
from tests.ui.helpers import open_window
from ui.operations import Operations
from ui.search_panel import SearchPanel


def test_typing_finds_passages_with_marked_words_and_enter_opens_one(qtbot, library_with_passages):
    library, passages, ids, russia, news = library_with_passages
    panel = SearchPanel(library, Operations())
    qtbot.addWidget(panel)
    qtbot.keyClicks(panel.query, "restraint")
    qtbot.waitUntil(lambda: panel.results.rowCount() == 2, timeout=5000)
    marked = [row[0] for row in panel.results.rows]
    assert all(("1a1a1a'>Restraint</b>" in text) or ("1a1a1a'>restraint</b>" in text) for text in marked)
    assert all("background:#fff59d; color:#1a1a1a" in text for text in marked)  # dark ink: read in any theme
    panel.kind.setCurrentIndex(panel.kind.findData("news"))
    qtbot.waitUntil(lambda: panel.results.rowCount() == 1, timeout=5000)
    with qtbot.waitSignal(panel.passage_wanted) as wanted:
        qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert wanted.args == [news, 0, passages["rules"].uuid]


def test_bad_dates_and_odd_queries_answer_with_a_hint(qtbot, library_with_passages):
    library, *_ = library_with_passages
    panel = SearchPanel(library, Operations())
    qtbot.addWidget(panel)
    panel.since.setText("last spring")
    panel.run_search()
    assert "Dates are written" in panel.status.text() and panel.results.rowCount() == 0
    panel.since.clear()
    panel.query.setText("NOT")
    panel.run_search()
    qtbot.waitUntil(lambda: "NOT needs" in panel.status.text(), timeout=5000)


def test_in_documents_finds_pages(qtbot, library_with_passages):
    library, passages, ids, russia, news = library_with_passages
    panel = SearchPanel(library, Operations())
    qtbot.addWidget(panel)
    panel.scope.setCurrentIndex(panel.scope.findData("documents"))
    panel.query.setText("beatings")
    panel.run_search()
    qtbot.waitUntil(lambda: panel.results.rowCount() == 1, timeout=5000)
    with qtbot.waitSignal(panel.page_wanted) as wanted:
        panel.open_current()
    assert wanted.args == [russia, 1, "beatings"]


def test_ctrl_shift_f_searches_from_the_window_and_opens_the_passage(qtbot, library_with_passages):
    library, passages, ids, russia, news = library_with_passages
    window = open_window(qtbot, library)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    search = window.features.search
    assert search.query.hasFocus() or search.isVisible()
    search.query.setText('"beatings during"')
    search.run_search()
    qtbot.waitUntil(lambda: search.results.rowCount() == 1, timeout=5000)
    search.list.setFocus()
    qtbot.keyClick(search.list, Qt.Key.Key_Return)  # Enter on a result opens its passage
    qtbot.waitUntil(lambda: window.viewer.document_id == russia, timeout=5000)
    qtbot.waitUntil(lambda: window.features.annotations.document_id == russia, timeout=5000)
    assert notes.get_annotation(library, passages["beatings"].uuid).document_id == russia


def test_a_saved_search_comes_back_with_its_filters(qtbot, library_with_passages, monkeypatch):
    library, passages, ids, russia, news = library_with_passages
    panel = SearchPanel(library, Operations())
    qtbot.addWidget(panel)
    panel.query.setText("restraint")
    panel.kind.setCurrentIndex(panel.kind.findData("news"))
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Restraint in the news", True))
    panel.save_current()
    assert panel.saved.currentText() == "Restraint in the news"

    panel.query.clear()
    panel.kind.setCurrentIndex(0)
    panel.saved.setCurrentIndex(panel.saved.findText("Restraint in the news"))
    panel.run_saved()
    assert panel.query.text() == "restraint" and panel.kind.currentData() == "news"
    qtbot.waitUntil(lambda: panel.results.rowCount() == 1, timeout=5000)
    panel.forget_current()
    assert panel.saved.count() == 1


def test_a_saved_search_is_listed_in_the_library_panel_and_runs_with_one_click(qtbot, library_with_passages, monkeypatch):
    library, passages, ids, russia, news = library_with_passages
    window = open_window(qtbot, library)
    search, shelf = window.features.search, window.library_panel
    assert not shelf.saved.isVisibleTo(window)  # nothing saved yet, nothing shown
    search.query.setText("restraint")
    search.kind.setCurrentIndex(search.kind.findData("news"))
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Restraint in the news", True))
    search.save_current()
    assert [shelf.saved.item(row).text() for row in range(shelf.saved.count())] == ["Restraint in the news"]
    assert shelf.saved.isVisibleTo(window)

    search.query.clear()
    search.kind.setCurrentIndex(0)
    search.results.set_rows([])
    window.features.search_dock.hide()
    item = shelf.saved.item(0)
    qtbot.mouseClick(shelf.saved.viewport(), Qt.MouseButton.LeftButton, pos=shelf.saved.visualItemRect(item).center())
    assert window.features.search_dock.isVisible()
    assert search.query.text() == "restraint" and search.kind.currentData() == "news"
    qtbot.waitUntil(lambda: search.results.rowCount() == 1, timeout=5000)
    assert search.results.rows[0][1].uuid == passages["rules"].uuid

    search.forget_current()
    assert shelf.saved.count() == 0 and not shelf.saved.isVisibleTo(window)


def test_a_hit_in_a_documents_text_opens_its_page_with_the_words_highlighted(qtbot, library_with_passages):
    library, passages, ids, russia, news = library_with_passages
    window = open_window(qtbot, library)
    search = window.features.search
    window.features.show_search()
    search.scope.setCurrentIndex(search.scope.findData("documents"))
    search.query.setText("beatings")
    search.run_search()
    qtbot.waitUntil(lambda: search.results.rowCount() == 1, timeout=5000)
    qtbot.keyClick(search.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.viewer.document_id == russia, timeout=5000)
    pages = window.viewer.pages
    qtbot.waitUntil(lambda: [page for page, _quads in pages.hits] == [1], timeout=10000)
    assert pages.current_hit == 0 and window.viewer.find_bar.isVisible()


def test_one_click_on_a_result_opens_it(qtbot, library_with_passages):
    library, passages, ids, russia, news = library_with_passages
    panel = SearchPanel(library, Operations())
    qtbot.addWidget(panel)
    panel.show()
    qtbot.keyClicks(panel.query, "restraint")
    qtbot.waitUntil(lambda: panel.results.rowCount() == 2, timeout=5000)
    first = panel.list.model().index(0, 0)
    with qtbot.waitSignal(panel.passage_wanted):
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualRect(first).center())
