"""Reading a document: first page, navigation, zoom, selection, copy, find, and where it reopens."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QWheelEvent
from PySide6.QtWidgets import QApplication

from tests.pdfs import make_pdf
from tests.ui.helpers import drag, import_one, open_and_wait, open_window, wait_words, word_centre
from ui.main_window import MainWindow

LABELS = [{"startpage": 0, "prefix": "", "style": "r", "firstpagenum": 1},
          {"startpage": 2, "prefix": "", "style": "D", "firstpagenum": 1}]
PAGES = [
    "Report of the visit\nThe delegation heard allegations\nof ill-treatment in custody.",
    "Second page text about prisons.",
    "Third page names the remand prison.",
    "Fourth page: conditions in the remand prison.",
    "Fifth page with recommendations on the remand regime.",
    "Sixth and last page.",
]


def _report(library, tmp_path):
    return import_one(library, make_pdf(tmp_path / "report.pdf", PAGES, title="Visit report", labels=LABELS,
                                        toc=[[1, "Introduction", 1], [1, "Prisons", 3]]))


def test_first_page_is_painted_and_the_status_bar_shows_page_and_label(qtbot, library, tmp_path):
    document = _report(library, tmp_path)
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    assert window.viewer.pages.cache.get(window.viewer.pages.token, 0, window.viewer.pages.render_scale()) is not None
    assert window.page_status.text() == "p. 1 of 6 (i)"
    assert window.zoom_status.text().endswith("%")


def test_keys_move_through_the_document(qtbot, library, tmp_path):
    document = _report(library, tmp_path)
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    pages = window.viewer.pages
    pages.setFocus()
    qtbot.keyClick(pages, Qt.Key.Key_End)
    assert pages.current_page() == 5
    assert window.page_status.text() == "p. 6 of 6 (4)"
    qtbot.keyClick(pages, Qt.Key.Key_Home)
    assert pages.current_page() == 0
    before = pages.verticalScrollBar().value()
    qtbot.keyClick(pages, Qt.Key.Key_PageDown)
    after_page_down = pages.verticalScrollBar().value()
    assert after_page_down > before
    qtbot.keyClick(pages, Qt.Key.Key_Space)
    assert pages.verticalScrollBar().value() > after_page_down
    qtbot.keyClick(pages, Qt.Key.Key_PageUp)
    qtbot.keyClick(pages, Qt.Key.Key_PageUp)
    assert pages.verticalScrollBar().value() == before
    qtbot.keyClick(pages, Qt.Key.Key_Down)
    assert pages.verticalScrollBar().value() == before + pages.verticalScrollBar().singleStep()


def test_go_to_page_by_label_or_number_and_by_outline(qtbot, library, tmp_path):
    document = _report(library, tmp_path)
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    assert window.go_to("2")  # the page printed "2" is the fourth sheet
    assert window.viewer.pages.current_page() == 3
    assert window.go_to("ii")
    assert window.viewer.pages.current_page() == 1
    assert window.statusBar().currentMessage().startswith("Page \u201cii\u201d as printed: sheet 2 of")
    assert window.go_to("2")
    assert "sheet 4" in window.statusBar().currentMessage() and "#2 for sheet 2" in window.statusBar().currentMessage()
    assert window.go_to("#2") and window.viewer.pages.current_page() == 1
    assert not window.go_to("99")
    assert "there is no page 99" in window.statusBar().currentMessage()
    assert not window.go_to("xiv")
    assert "No page" in window.statusBar().currentMessage()
    prisons = window.outline.topLevelItem(1)
    assert prisons.text(0) == "Prisons"
    window.outline.itemClicked.emit(prisons, 0)
    assert window.viewer.pages.current_page() == 2


def test_zoom_keys_wheel_and_fit(qtbot, library, tmp_path):
    document = _report(library, tmp_path)
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    pages = window.viewer.pages
    fit = pages.zoom
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert pages.zoom >= fit * 1.1  # a step that shows
    stepped = pages.zoom
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert pages.zoom >= stepped * 1.15
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom_status.text() == f"{round(pages.zoom * 100)}%"
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert pages.zoom < fit
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert pages.zoom == fit and pages.zoom_mode == "fit-width"
    page_width = pages.layout_.rect(0).width
    assert page_width <= pages.viewport().width()
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert pages.layout_.rect(0).height <= pages.viewport().height()
    zoom = pages.zoom
    centre = QPointF(pages.viewport().rect().center())
    wheel = QWheelEvent(centre, QPointF(pages.viewport().mapToGlobal(centre.toPoint())), QPoint(), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(pages.viewport(), wheel)
    assert pages.zoom > zoom
    # A new rendering at the new scale is asked for and painted.
    with qtbot.waitSignal(pages.page_painted, timeout=10000):
        pages.viewport().update()


def test_mouse_drag_selects_words_across_lines_and_ctrl_c_copies_them(qtbot, library, tmp_path):
    document = _report(library, tmp_path)
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    wait_words(qtbot, window, 0)
    start = word_centre(window, 0, "delegation")
    end = word_centre(window, 0, "ill-treatment")
    with qtbot.waitSignal(window.viewer.pages.selection_changed):
        drag(window, start, end)
    selection = window.viewer.pages.selection
    assert selection is not None
    assert selection.text.split() == ["delegation", "heard", "allegations", "of", "ill-treatment"]
    assert selection.document_id == document.id
    assert [part.page_index for part in selection.pages] == [0]
    assert len(selection.pages[0].quads) == 2  # one per line
    stored = window.viewer.pages.words[0].text
    assert stored[selection.pages[0].start : selection.pages[0].end] == selection.text

    QGuiApplication.clipboard().clear()
    window.viewer.pages.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == selection.text


def test_selection_runs_across_pages(qtbot, library, tmp_path):
    document = _report(library, tmp_path)
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    pages = window.viewer.pages
    pages.set_zoom(0.4)
    for page in (0, 1):
        wait_words(qtbot, window, page)
    drag(window, word_centre(window, 0, "custody."), word_centre(window, 1, "text"))
    selection = pages.selection
    assert [part.page_index for part in selection.pages] == [0, 1]
    assert selection.text.split() == ["custody.", "Second", "page", "text"]
    assert selection.start_offset is not None and selection.end_offset > selection.start_offset


def test_click_clears_double_click_selects_a_word_and_triple_click_a_line(qtbot, library, tmp_path):
    document = _report(library, tmp_path)
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    wait_words(qtbot, window, 0)
    viewport = window.viewer.pages.viewport()
    point = word_centre(window, 0, "allegations")
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    assert window.viewer.pages.selection.text == "allegations"
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point)  # the third click
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point)
    assert window.viewer.pages.selection.text == "The delegation heard allegations"
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    assert window.viewer.pages.selection is None


def test_find_highlights_hits_counts_them_and_steps_with_enter_and_f3(qtbot, library, tmp_path):
    document = _report(library, tmp_path)
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.viewer.find_bar
    assert bar.isVisible() and bar.line.hasFocus()
    qtbot.keyClicks(bar.line, "remand")
    qtbot.keyClick(bar.line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.count.text() == "1 of 3", timeout=10000)
    pages = window.viewer.pages
    assert [page for page, _ in pages.hits] == [2, 3, 4]
    assert pages.current_page() == 2
    qtbot.keyClick(bar.line, Qt.Key.Key_Return)
    assert bar.count.text() == "2 of 3"
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert bar.count.text() == "3 of 3"
    assert pages.current_page() == 4
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == "2 of 3"
    qtbot.keyClick(bar.line, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == "1 of 3"
    bar.line.setText("nowhere-to-be-found")
    qtbot.keyClick(bar.line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.count.text() == "No matches", timeout=10000)
    qtbot.keyClick(bar.line, Qt.Key.Key_Escape)
    assert not bar.isVisible() and pages.hits == []


def test_document_reopens_at_its_last_page_and_zoom(qtbot, library, tmp_path, settings):
    document = _report(library, tmp_path)
    other = import_one(library, make_pdf(tmp_path / "other.pdf", ["another"], title="Other"))
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    window.viewer.pages.set_zoom(1.5)
    window.go_to("3")
    assert window.viewer.pages.current_page() == 4
    open_and_wait(qtbot, window, other.id)
    open_and_wait(qtbot, window, document.id)
    assert window.viewer.pages.zoom == 1.5
    assert window.viewer.pages.current_page() == 4
    window.close()

    again = MainWindow(library, settings)
    qtbot.addWidget(again)
    again.show()
    open_and_wait(qtbot, again, document.id)
    assert again.viewer.pages.zoom == 1.5 and again.viewer.pages.current_page() == 4
    assert again.recent_documents()[0] == document.id


def test_thumbnails_show_pages_and_take_you_there(qtbot, library, tmp_path):
    document = _report(library, tmp_path)
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    window.navigation.setCurrentWidget(window.thumbnails)
    thumbnails = window.thumbnails
    assert thumbnails.count() == 6 and thumbnails.item(2).text() == "1"
    qtbot.waitUntil(lambda: 0 in thumbnails._have, timeout=10000)
    thumbnails.itemClicked.emit(thumbnails.item(3))
    assert window.viewer.pages.current_page() == 3


def test_start_reopens_the_document_read_last(qtbot, library, tmp_path, settings):
    document = _report(library, tmp_path)
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    window.close()

    again = MainWindow(None, settings)  # as at start-up: the library comes a moment later
    qtbot.addWidget(again)
    again.show()
    with qtbot.waitSignal(again.viewer.pages.page_painted, timeout=10000):
        again.attach_library(library)
    assert again.viewer.document_id == document.id


def _two_columns(path):
    import pymupdf

    document = pymupdf.open()
    page = document.new_page(width=595, height=842)
    page.insert_textbox(pymupdf.Rect(50, 50, 280, 300), "Left column first line\nleft column ends here", fontsize=11)
    page.insert_textbox(pymupdf.Rect(315, 50, 545, 300), "Right column starts here\nright column last line", fontsize=11)
    document.save(path)
    document.close()
    return path


def test_selection_follows_the_columns_in_reading_order(qtbot, library, tmp_path):
    document = import_one(library, _two_columns(tmp_path / "columns.pdf"))
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    wait_words(qtbot, window, 0)
    drag(window, word_centre(window, 0, "ends"), word_centre(window, 0, "starts"))
    selection = window.viewer.pages.selection
    assert selection.text.split() == ["ends", "here", "Right", "column", "starts"]


def test_the_find_bar_moves_no_text_and_forgets_its_words_in_another_document(qtbot, library, tmp_path):
    document = _report(library, tmp_path)
    other = import_one(library, make_pdf(tmp_path / "other.pdf", ["one", "two", "three"], title="Other"))
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    pages = window.viewer.pages
    pages.go_to_page(2)
    qtbot.wait(50)

    def top_of_page_on_screen() -> int:
        return pages.mapTo(window, QPoint(0, round(pages.layout_.rect(2).y) - pages.verticalScrollBar().value())).y()

    before = top_of_page_on_screen()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.viewer.find_bar.isVisible()
    assert abs(top_of_page_on_screen() - before) <= 1
    qtbot.keyClicks(window.viewer.find_bar.line, "zzqx")  # found nowhere: the view stays
    qtbot.keyClick(window.viewer.find_bar.line, Qt.Key.Key_Escape)
    assert not window.viewer.find_bar.isVisible()
    assert abs(top_of_page_on_screen() - before) <= 1

    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    open_and_wait(qtbot, window, other.id)
    assert window.viewer.find_bar.text() == "" and not window.viewer.find_bar.isVisible()
