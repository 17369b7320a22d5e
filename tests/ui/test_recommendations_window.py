"""Tools › Recommendations…: the list for the open document, a country or the library, filtered, each row
opening its passage in the main window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services import annotations as notes
from app.services import follow_up
from app.services.structure import correct_document
from tests.app.recommendation_pdfs import CPT_ITEMS, OBSERVATION_PARAGRAPHS, concluding_observations, cpt_report, visits
from tests.app.test_annotations import selection
from tests.pdfs import make_pdf
from tests.ui.helpers import import_one, open_and_wait, open_window
from ui.recommendations_window import HEADERS, RecommendationsWindow


@pytest.fixture
def reports(qtbot, library, tmp_path):
    observations = import_one(library, concluding_observations(tmp_path / "co.pdf"))
    cpt = import_one(library, cpt_report(tmp_path / "cpt.pdf"))
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, observations.id)
    return window, observations, cpt


def _open_list(qtbot, window) -> RecommendationsWindow:
    [action] = [a for a in window.menu("tools").actions() if a.text() == "&Recommendations\u2026"]
    assert action.shortcut().toString() == "Ctrl+Shift+R"
    action.trigger()
    shown = window.features.recommendations
    qtbot.addWidget(shown)  # a window of its own: closed after the test too
    qtbot.waitUntil(lambda: shown.isVisible() and bool(shown.model.items), timeout=5000)
    return shown


def _cells(shown, row):
    return [shown.shown.index(row, column).data() for column in range(len(HEADERS))]


def test_the_list_opens_on_the_open_documents_recommendations(qtbot, reports):
    window, observations, _cpt = reports
    shown = _open_list(qtbot, window)
    assert shown.scope.currentText() == "This document"
    assert [_cells(shown, row)[1] for row in range(shown.shown.rowCount())] == OBSERVATION_PARAGRAPHS
    number, paragraph, kind, text, states, response, status = _cells(shown, 1)[1:8]
    assert (number, paragraph, kind, states, response, status) == (
        "10", "10", "concluding observation", "", "", "no information")
    assert text.startswith("The Committee urges the State party")
    assert shown.table.isColumnHidden(0)  # one document: no Document column
    assert shown.count.text() == "4 recommendations"
    # Nothing names a recommending State or a response here: those columns give the text their width.
    states, response = HEADERS.index("Recommending State(s)"), HEADERS.index("Response")
    assert shown.table.isColumnHidden(states) and shown.table.isColumnHidden(response)
    assert not shown.table.isColumnHidden(HEADERS.index("Number"))
    upr = shown.model.items[0]._replace(states=("Denmark",), response="supported")
    shown._show([upr])
    assert not shown.table.isColumnHidden(states) and not shown.table.isColumnHidden(response)
    assert _cells(shown, 0)[states] == "Denmark"


def test_the_filter_narrows_the_rows_and_enter_opens_the_passage(qtbot, reports):
    window, observations, _cpt = reports
    shown = _open_list(qtbot, window)
    qtbot.keyClicks(shown.filter, "calls upon")
    assert shown.shown.rowCount() == 1
    assert shown.count.text() == "4 recommendations, 1 shown"
    item = shown.model.items[shown.shown.mapToSource(shown.shown.index(0, 0)).row()]
    shown.table.setFocus()
    shown.table.setCurrentIndex(shown.shown.index(0, 4))
    qtbot.keyClick(shown.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.viewer.find_bar.isVisible(), timeout=5000)
    assert window.viewer.document_id == observations.id
    assert window.viewer.pages.current_page() == item.page_index
    assert window.viewer.find_bar.text() == "the committee calls upon the state"  # its first words, marked there
    qtbot.waitUntil(lambda: bool(window.viewer.pages.hits), timeout=5000)
    assert {hit[0] for hit in window.viewer.pages.hits} == {item.page_index}


def test_enter_in_the_filter_opens_the_first_row_left(qtbot, reports):
    window, observations, _cpt = reports
    shown = _open_list(qtbot, window)
    qtbot.keyClicks(shown.filter, "overcrowding")
    qtbot.keyClick(shown.filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.viewer.find_bar.text() == "the committee also recommends that the", timeout=5000)
    assert window.viewer.document_id == observations.id
    assert shown.note.text() == ""  # Enter opened the row, and did not press "Find in this document again"


def test_the_whole_library_lists_every_document_and_a_row_opens_another_document(qtbot, reports):
    window, _observations, cpt = reports
    shown = _open_list(qtbot, window)
    shown.scope.setCurrentIndex(shown.scope.findText("The whole library"))
    qtbot.waitUntil(lambda: len(shown.model.items) == len(OBSERVATION_PARAGRAPHS) + len(CPT_ITEMS), timeout=5000)
    assert not shown.table.isColumnHidden(0)
    assert not shown.find_button.isEnabled()  # finding again is for one document
    rows = [_cells(shown, row) for row in range(shown.shown.rowCount())]
    assert [row[0] for row in rows].count("CPT/Inf (2025) 12") == len(CPT_ITEMS)
    assert [(row[2], row[3]) for row in rows if row[0] == "CPT/Inf (2025) 12"] == [
        (paragraph, "request for information" if kind == "request" else kind) for paragraph, kind, _t in CPT_ITEMS]
    request = next(row for row in range(len(rows)) if rows[row][3] == "request for information")
    with qtbot.waitSignal(window.viewer.pages.page_painted, timeout=10000):
        shown.table.scrollTo(shown.shown.index(request, 4))
        centre = shown.table.visualRect(shown.shown.index(request, 4)).center()
        qtbot.mouseClick(shown.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # a hand's first click
        qtbot.mouseDClick(shown.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: window.viewer.document_id == cpt.id, timeout=5000)
    wanted = shown.model.items[shown.shown.mapToSource(shown.shown.index(request, 4)).row()]
    qtbot.waitUntil(lambda: window.viewer.pages.current_page() == wanted.page_index, timeout=5000)


def test_with_no_document_open_the_list_opens_on_the_whole_library(qtbot, library, tmp_path):
    import_one(library, concluding_observations(tmp_path / "co.pdf"))
    cpt = import_one(library, cpt_report(tmp_path / "cpt.pdf"))
    correct_document(library, cpt.id, country="Examplia")  # a country to choose too, listed before the library
    window = open_window(qtbot, library)
    shown = _open_list(qtbot, window)
    assert shown.scope.currentText() == "The whole library"
    assert shown.scope.findText("Examplia") >= 0
    qtbot.waitUntil(lambda: len(shown.model.items) == len(OBSERVATION_PARAGRAPHS) + len(CPT_ITEMS), timeout=5000)


def test_finding_again_from_the_window_says_what_it_found(qtbot, reports):
    window, _observations, _cpt = reports
    shown = _open_list(qtbot, window)
    assert shown.find_button.isEnabled()
    shown.find_button.click()
    qtbot.waitUntil(lambda: "found in" in shown.note.text(), timeout=15000)
    assert shown.note.text() == "4 recommendations found in \u201cthis document\u201d (0 new)."
    qtbot.waitUntil(lambda: shown.count.text() == "4 recommendations", timeout=5000)


def test_a_document_without_recommendations_says_so(qtbot, library, tmp_path):
    plain = import_one(library, make_pdf(tmp_path / "plain.pdf", ["Nothing is recommended here."]))
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, plain.id)
    shown = window.features.show_recommendations()
    qtbot.addWidget(shown)
    qtbot.waitUntil(lambda: shown.count.text().startswith("No recommendations"), timeout=5000)
    assert shown.count.text() == "No recommendations were found in this document."
    assert shown.shown.rowCount() == 0


# --- Follow-up: status, note, evidence ------------------------------------------------------------

@pytest.fixture
def annotated_report(qtbot, library, tmp_path):
    cpt = import_one(library, cpt_report(tmp_path / "cpt.pdf"))
    passage = notes.create_annotation(library, notes.draft_from_selection(
        selection(library, cpt.id, "zero tolerance of")))
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, cpt.id)
    qtbot.waitUntil(lambda: bool(window.features.annotations.panel.model.rows), timeout=5000)
    return window, cpt, passage


def _status_of(shown, row=0):
    return shown.shown.index(row, HEADERS.index("Status")).data()


def test_a_status_is_one_keystroke_in_the_list_and_undone_in_the_main_window(qtbot, annotated_report):
    window, _cpt, _passage = annotated_report
    shown = _open_list(qtbot, window)
    assert "3 implemented" in shown.hint.text() and "N note" in shown.hint.text()
    shown.table.setFocus()
    shown.table.setCurrentIndex(shown.shown.index(1, 4))
    qtbot.keyClick(shown.table, Qt.Key.Key_3)
    qtbot.waitUntil(lambda: _status_of(shown, 1) == "implemented", timeout=5000)
    assert shown.table.currentIndex().row() == 1  # the same row stays chosen as the list is read again
    assert _status_of(shown, 0) == "no information"
    qtbot.keyClicks(shown.filter, "4")  # a digit typed in the filter is the filter's
    assert shown.filter.text() == "4" and _status_of(shown, 0) == "no information"
    shown.filter.clear()
    shown.table.setFocus()
    qtbot.waitUntil(lambda: window.features.undo_stack.canUndo(), timeout=5000)
    qtbot.keyClick(shown.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # in this window too
    qtbot.waitUntil(lambda: _status_of(shown, 1) == "no information", timeout=5000)
    window.features.undo_stack.redo()
    qtbot.waitUntil(lambda: _status_of(shown, 1) == "implemented", timeout=5000)


def test_n_edits_the_note_enter_saves_it_and_undo_puts_it_back(qtbot, annotated_report):
    window, _cpt, _passage = annotated_report
    shown = _open_list(qtbot, window)
    shown.activateWindow()
    shown.table.setFocus()
    qtbot.waitUntil(lambda: shown.current is not None, timeout=5000)
    qtbot.keyClick(shown.table, Qt.Key.Key_N)
    qtbot.waitUntil(shown.note_edit.hasFocus, timeout=5000)
    qtbot.keyClicks(shown.note_edit, "Circular of March 2025")
    qtbot.keyClick(shown.note_edit, Qt.Key.Key_Return)
    first = shown.model.items[0].id
    qtbot.waitUntil(lambda: follow_up.follow_up_of(window.library, first).note == "Circular of March 2025",
                    timeout=5000)
    # Saved, then put on the stack once the window hears it was: undo only once it is there.
    qtbot.waitUntil(lambda: window.features.undo_stack.canUndo(), timeout=5000)
    window.features.undo_stack.undo()
    qtbot.waitUntil(lambda: follow_up.follow_up_of(window.library, first).note == "", timeout=5000)
    qtbot.waitUntil(lambda: shown.note_edit.text() == "", timeout=5000)


def test_the_chosen_passage_is_added_as_evidence_removed_and_both_undone(qtbot, annotated_report):
    window, _cpt, passage = annotated_report
    shown = _open_list(qtbot, window)
    qtbot.waitUntil(lambda: shown.current is not None, timeout=5000)
    shown.add_evidence_button.click()
    assert "Choose a passage in the main window" in shown.follow_up_message.text()
    window.features.annotations.panel.select(passage.uuid)
    shown.add_evidence_button.click()
    qtbot.waitUntil(lambda: shown.evidence.count() == 1 and shown.remove_evidence_button.isEnabled(), timeout=5000)
    assert "para. 9" in shown.evidence.item(0).text() and "zero tolerance of" in shown.evidence.item(0).text()
    shown.evidence.setCurrentRow(0)
    shown.remove_evidence_button.click()
    qtbot.waitUntil(lambda: not shown.remove_evidence_button.isEnabled(), timeout=5000)
    assert shown.evidence.item(0).text() == "No passage evidences this follow-up yet."
    window.features.undo_stack.undo()
    qtbot.waitUntil(lambda: shown.remove_evidence_button.isEnabled(), timeout=5000)
    window.features.undo_stack.undo()
    qtbot.waitUntil(lambda: not shown.remove_evidence_button.isEnabled(), timeout=5000)
    assert follow_up.follow_up_of(window.library, shown.model.items[0].id).evidence == ()


def test_a_recommendation_made_at_earlier_visits_shows_the_years_it_was_made_in(qtbot, library, tmp_path):
    ids = visits(library, tmp_path)
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, ids[2])
    shown = _open_list(qtbot, window)
    made_in = HEADERS.index("Made in")
    qtbot.waitUntil(lambda: bool(shown.model.repeats), timeout=5000)
    rows = [_cells(shown, row)[4] for row in range(shown.shown.rowCount())]
    space = next(row for row, text in enumerate(rows) if text.startswith("The CPT recommends once again"))
    closing = next(row for row, text in enumerate(rows) if "Northport be closed" in text)
    assert _cells(shown, space)[made_in] == "2016, 2020 and 2024"
    assert "CPT/Inf (2016) 4" in shown.shown.index(space, made_in).data(Qt.ItemDataRole.ToolTipRole)
    assert _cells(shown, closing)[made_in] == ""
    shown.table.selectRow(space)
    assert shown.made_in.text().startswith("Recommended in 2016, 2020 and 2024: also 2016, CPT/Inf (2016) 4")
    qtbot.keyClicks(shown.filter, "2016")  # the years are filtered on as any column is
    assert shown.shown.rowCount() == 1


def test_repeats_shown_are_linked_in_one_step_and_undone_in_one(qtbot, library, tmp_path):
    ids = visits(library, tmp_path)
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, ids[2])
    shown = _open_list(qtbot, window)
    qtbot.waitUntil(lambda: shown.repeats_button.isEnabled(), timeout=5000)
    assert shown.repeats_button.text() == "Link 2 repeats"
    qtbot.keyClicks(shown.filter, "Northport")  # the row shown repeats nothing: nothing to link
    assert not shown.repeats_button.isEnabled()
    shown.filter.clear()
    shown.repeats_button.click()
    qtbot.waitUntil(lambda: shown.note.text().startswith("2 repeats linked"), timeout=10000)
    qtbot.waitUntil(lambda: "linked)" in shown.made_in.text() or not shown.made_in.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: shown.repeats_button.text() == "Link repeats", timeout=5000)
    assert not shown.repeats_button.isEnabled()
    assert window.features.undo_stack.undoText() == "Link 2 repeats"
    assert [notes.count_annotations(library, document_id) for document_id in ids] == [1, 1, 1]
    window.features.undo_stack.undo()
    qtbot.waitUntil(lambda: shown.repeats_button.text() == "Link 2 repeats", timeout=10000)
    assert [notes.count_annotations(library, document_id) for document_id in ids] == [0, 0, 0]
    window.features.undo_stack.redo()
    qtbot.waitUntil(lambda: not shown.repeats_button.isEnabled(), timeout=10000)
    assert [notes.count_annotations(library, document_id) for document_id in ids] == [1, 1, 1]


def test_opened_on_a_document_holding_none_the_list_shows_its_countrys(qtbot, library, tmp_path):
    from tests.app.recommendation_pdfs import cpt_response

    report = import_one(library, cpt_report(tmp_path / "cpt.pdf"))
    response = import_one(library, cpt_response(tmp_path / "response.pdf"))
    for document in (report, response):
        correct_document(library, document.id, country="Examplia")
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, response.id)
    shown = _open_list(qtbot, window)
    assert shown.scope.currentText() == "Examplia"
    assert shown.count.text() == f"{len(CPT_ITEMS)} recommendations"
    assert shown.note.text() == "The open document holds none: those on Examplia are shown."
    assert shown.scope.itemText(0) == "This document"  # still one choice away
    shown.scope.setCurrentIndex(0)
    qtbot.waitUntil(lambda: shown.count.text() == "No recommendations were found in this document.", timeout=5000)
