"""Document › Align with the report it answers…: a response's replies accepted as links one by one or all at
once, undone, redone; the follow-up matrix exported from the Recommendations view with their responses."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog

from app.samples import REPORT_SYMBOL, RESPONSE_SYMBOL
from app.services.annotations import count_annotations
from app.services.documents import list_documents
from tests.app.recommendation_pdfs import cpt_report
from tests.app.test_responses import REPLIES, _response
from tests.ui.helpers import answer_boxes, import_one, open_and_wait, open_window, settle
from ui.responses_window import ACCEPT_COLUMN, ResponsesWindow


@pytest.fixture
def chain(qtbot, library, tmp_path):
    report = import_one(library, cpt_report(tmp_path / "report.pdf"))
    response = import_one(library, _response(tmp_path / "response.pdf", "CPT/Inf (2025) 13", REPLIES))
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, response.id)
    return window, report, response


def _align(qtbot, window) -> ResponsesWindow:
    [action] = [a for a in window.menu("document").actions() if a.text() == "Align with the &report it answers\u2026"]
    assert action.shortcut().toString() == "Ctrl+Shift+A"
    action.trigger()
    shown = window.features.responses
    qtbot.addWidget(shown)
    qtbot.waitUntil(lambda: shown.isVisible() and shown.alignment is not None, timeout=5000)
    return shown


def _buttons(shown):
    return [shown.table.cellWidget(row, ACCEPT_COLUMN) for row in range(shown.table.rowCount())]


def test_the_replies_are_offered_with_the_report_and_what_cannot_be_linked_said(qtbot, chain):
    window, report, _response_ = chain
    shown = _align(qtbot, window)
    assert shown.report.currentData() == report.id and "CPT/Inf (2025) 12" in shown.report_name.text()
    assert shown.report.isHidden()  # one report it can answer: named, not offered
    assert shown.because.text() == "(it cites CPT/Inf (2025) 12)"
    assert [shown.table.item(row, 2).text() for row in range(shown.table.rowCount())] == ["9", "14", "14", "17"]
    assert [button.text() for button in _buttons(shown)] == ["Accept"] * 4
    lines = [shown.not_linked.item(row).text() for row in range(shown.not_linked.count())]
    assert lines[0].startswith("p. 1: cites paragraph 13, but paragraph 13 of the report holds no recommendation")
    assert lines[1].startswith("p. 1: cites paragraph 45, but the report has no paragraph 45")
    assert shown.count.text() == "4 replies to link, 0 linked"


def test_one_click_accepts_a_reply_accept_all_the_rest_and_undo_takes_each_back(qtbot, chain):
    window, report, response = chain
    shown = _align(qtbot, window)
    _buttons(shown)[0].click()
    qtbot.waitUntil(lambda: shown.count.text() == "4 replies to link, 1 linked", timeout=5000)
    assert _buttons(shown)[0].text() == "Linked \u2713" and not _buttons(shown)[0].isEnabled()
    shown.accept_all_button.click()
    qtbot.waitUntil(lambda: shown.count.text() == "4 replies to link, 4 linked", timeout=5000)
    assert not shown.accept_all_button.isEnabled()
    assert window.features.undo_stack.undoText() == "Accept 3 replies"
    assert count_annotations(window.library, response.id) == 3  # the reply to 13-14 is one passage
    [undo] = [a for a in shown.actions() if a.shortcut() == QKeySequence("Ctrl+Z")]  # in this window too
    undo.trigger()
    qtbot.waitUntil(lambda: shown.count.text() == "4 replies to link, 1 linked", timeout=5000)
    window.features.undo_stack.undo()
    qtbot.waitUntil(lambda: shown.count.text() == "4 replies to link, 0 linked", timeout=5000)
    assert count_annotations(window.library, response.id) == 0 and count_annotations(window.library, report.id) == 0
    window.features.undo_stack.redo()
    qtbot.waitUntil(lambda: shown.count.text() == "4 replies to link, 1 linked", timeout=5000)


def test_the_matrix_exported_from_the_recommendations_view_holds_the_accepted_responses(qtbot, chain, tmp_path,
                                                                                        monkeypatch):
    window, report, _response_ = chain
    shown = _align(qtbot, window)
    shown.accept_all_button.click()
    qtbot.waitUntil(lambda: shown.count.text() == "4 replies to link, 4 linked", timeout=5000)
    open_and_wait(qtbot, window, report.id)
    window.features.show_recommendations()
    listing = window.features.recommendations
    qtbot.addWidget(listing)
    qtbot.waitUntil(lambda: len(listing.model.items) == 5, timeout=5000)
    qtbot.waitUntil(lambda: listing.answers.text().startswith("Response: CPT/Inf (2025) 13"), timeout=5000)
    # A name typed without its ending: the format chosen in the file dialog's list.
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_args, **_kw: (str(tmp_path / "matrix"), "Excel workbook (*.xlsx)"))
    listing.matrix_button.click()
    qtbot.waitUntil(lambda: listing.note.text().startswith("5 recommendations written to"), timeout=5000)
    sheet = openpyxl.load_workbook(tmp_path / "matrix.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "Paragraph" and rows[0][7] == "Response passage"
    by_paragraph = {}
    for row in rows[1:]:
        by_paragraph.setdefault(row[2], []).append(row)
    assert sorted(by_paragraph) == ["11", "14", "17", "9"]
    assert "As regards paragraph 9" in by_paragraph["9"][0][7]
    assert all("paragraphs 13-14" in row[7] for row in by_paragraph["14"])
    assert not by_paragraph["11"][0][7]  # the comment of paragraph 11 has no reply

    # As CSV, over that file's name typed bare: asked before it is replaced, and kept when the answer is no.
    (tmp_path / "matrix.csv").write_text("kept")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(tmp_path / "matrix"), "CSV (*.csv)"))
    asked = answer_boxes(monkeypatch, "No")
    listing.matrix_button.click()
    assert asked and (tmp_path / "matrix.csv").read_text() == "kept"


def test_the_sample_library_shows_the_chain_from_the_start(qtbot, library, tmp_path):
    window = open_window(qtbot, library)
    window.load_samples()
    qtbot.waitUntil(lambda: window.import_job is None and window.viewer.document_id is not None, timeout=30000)
    settle(qtbot, window.features.operations)
    by_symbol = {d.reference: d for d in list_documents(library)}
    qtbot.waitUntil(lambda: count_annotations(library, by_symbol[RESPONSE_SYMBOL].id) == 5, timeout=10000)
    assert count_annotations(library, by_symbol[REPORT_SYMBOL].id) == 5
    open_and_wait(qtbot, window, by_symbol[RESPONSE_SYMBOL].id)
    shown = _align(qtbot, window)
    assert shown.count.text() == "5 replies to link, 5 linked"
    assert shown.table.item(0, 0).text() == "1"  # the page as printed and cited (its second, after the cover)
    assert not shown.not_linked.isVisible() and not shown.message.isVisible()


def test_another_response_to_the_same_report_is_named_above_the_replies(qtbot, library, tmp_path):
    report = import_one(library, cpt_report(tmp_path / "report.pdf"))
    first = import_one(library, _response(tmp_path / "first.pdf", "CPT/Inf (2025) 13", REPLIES))
    second = import_one(library, _response(tmp_path / "second.pdf", "CPT/Inf (2025) 14",
                                           ["As regards paragraph 9, nothing changed."]))
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, second.id)
    shown = _align(qtbot, window)
    assert shown.alignment.report.id == report.id
    assert shown.message.isVisible()
    assert shown.message.text() == f"CPT/Inf (2025) 13 \u2013 {first.title} also answers this report (it says so on its first pages)."
    assert shown.table.rowCount() == 1


def test_a_double_click_opens_the_reply_with_its_first_words_marked(qtbot, chain):
    window, _report, response = chain
    shown = _align(qtbot, window)
    shown.table.cellDoubleClicked.emit(3, 1)
    qtbot.waitUntil(lambda: window.viewer.find_bar.isVisible(), timeout=5000)
    assert window.viewer.document_id == response.id
    assert window.viewer.find_bar.text() == "concerning paragraph 17"  # not the reply's own number, "3"


def test_importing_a_response_says_where_its_replies_are_linked(qtbot, library, tmp_path):
    window = open_window(qtbot, library)
    window.start_import([str(cpt_report(tmp_path / "report.pdf")),
                         str(_response(tmp_path / "response.pdf", "CPT/Inf (2025) 13", REPLIES))])
    qtbot.waitUntil(lambda: window.import_job is None and window.viewer.document_id is not None, timeout=30000)
    assert window.statusBar().currentMessage() == (
        "2 imported, 0 failed \u00b7 a government response: Document \u203a Align with the report it answers\u2026 "
        "(Ctrl+Shift+A)")


def test_a_refused_acceptance_is_said_in_the_window_and_nothing_is_linked(qtbot, chain):
    window, _report, response = chain
    shown = _align(qtbot, window)
    target = window.library.file_path(response.file_name)
    target.chmod(0o644)
    target.unlink()
    shown.accept_all_button.click()
    assert shown.count.text() == "Linking 4 replies\u2026" and not shown.accept_all_button.isEnabled()
    qtbot.waitUntil(lambda: "cannot be read" in shown.count.text(), timeout=5000)
    assert shown.accept_all_button.isEnabled()  # still to be done once the file is back
    assert count_annotations(window.library, response.id) == 0
    assert window.features.undo_stack.count() == 0  # a step that did not happen is not on the stack
