"""The export dialog: choices, a live citation preview, the file written off the UI thread, and every refusal."""

from __future__ import annotations

import csv
import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.export.scope import ExportScope
from app.services.search import AnnotationFilters
from tests.app.test_search import library_with_passages  # noqa: F401 - a fixture
from tests.ui.helpers import open_window
from ui.export_dialog import ExportDialog
from ui.operations import Operations


def make_dialog(qtbot, library, scope=ExportScope(), settings=None):
    dialog = ExportDialog(library, scope, Operations(), settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.counted is not None, timeout=5000)
    return dialog


def choose(combo, data):
    combo.setCurrentIndex(combo.findData(data))


def finish(qtbot, dialog):
    job = dialog.start_export()
    assert job is not None
    qtbot.waitUntil(lambda: dialog.job is None, timeout=10000)
    return job


def read_csv(path):
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def test_the_preview_follows_the_template_as_it_is_typed(qtbot, library_with_passages):
    library, *_ = library_with_passages
    dialog = make_dialog(qtbot, library)
    assert dialog.count_label.text() == "4 annotations from 2 documents will be exported."
    assert dialog.preview.text().splitlines()[0] == "ru, p. 1"
    dialog.template.clear()
    qtbot.keyClicks(dialog.template, "{title} at page {page}")
    assert dialog.preview.text().splitlines()[:2] == ["ru at page 1", "ru at page 2"]
    assert not dialog.template_message.isVisible()
    qtbot.keyClicks(dialog.template, " [{pages}")  # a typo and an open bracket: a message, never an exception
    assert "unknown field {pages}" in dialog.template_message.text() and dialog.template_message.isVisible()
    assert dialog.preview.text() == "" and not dialog.export_button.isEnabled()
    dialog.default_template.click()
    assert dialog.template_message.text() == "" and dialog.export_button.isEnabled()


def test_export_a_grouped_word_document_and_read_it_back(qtbot, library_with_passages, tmp_path):
    docx = pytest.importorskip("docx")
    library, *_ = library_with_passages
    dialog = make_dialog(qtbot, library)
    choose(dialog.format, "docx")
    assert not dialog.fields.isEnabled() and dialog.grouping.isEnabled()
    choose(dialog.grouping, "treaty")
    dialog.title.setText("Brief on restraint")
    dialog.template.setText("{title}, page {page}")
    dialog.target.setText(str(tmp_path / "brief.docx"))
    finish(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.outcome.annotations == 4
    styled = [(p.style.name, p.text) for p in docx.Document(str(tmp_path / "brief.docx")).paragraphs]
    assert styled[0] == ("Heading 1", "Brief on restraint")
    assert [text for style, text in styled if style == "Heading 2"] == ["European Convention on Human Rights",
                                                                       "No treaty"]
    assert ("Normal", "ru, page 1") in styled


def test_columns_in_the_order_chosen_and_choices_remembered(qtbot, library_with_passages, tmp_path, settings):
    library, *_ = library_with_passages
    dialog = make_dialog(qtbot, library, settings=settings)
    choose(dialog.format, "csv")
    for row in range(dialog.fields.count()):
        item = dialog.fields.item(row)
        wanted = item.data(Qt.ItemDataRole.UserRole) in ("page", "quote")
        item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
    page_row = next(r for r in range(dialog.fields.count()) if dialog.fields.item(r).data(Qt.ItemDataRole.UserRole) == "page")
    dialog.fields.insertItem(0, dialog.fields.takeItem(page_row))  # as a drag to the top does
    choose(dialog.sort, "date")
    dialog.target.setText(str(tmp_path / "few"))  # no suffix: the format's is added
    finish(qtbot, dialog)
    with (tmp_path / "few.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["Page", "Quote"] and rows[1] == ["1", "restraint rules unchanged"]  # newest first

    again = make_dialog(qtbot, library, settings=settings)
    assert again.chosen_format() == "csv" and again.chosen_fields() == ("page", "quote")
    assert again.sort.currentData() == "date"


def test_an_existing_file_is_replaced_only_when_the_user_says_so(qtbot, library_with_passages, tmp_path, monkeypatch):
    library, *_ = library_with_passages
    target = tmp_path / "mine.csv"
    target.write_text("my own work\n")
    dialog = make_dialog(qtbot, library)
    choose(dialog.format, "csv")
    dialog.target.setText(str(target))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: asked.append(args[2]) or QMessageBox.StandardButton.No)
    assert dialog.start_export() is None
    assert "mine.csv already exists" in asked[0] and target.read_text() == "my own work\n"
    assert "Nothing was written" in dialog.message.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    finish(qtbot, dialog)
    assert len(read_csv(target)) == 4


def test_cancel_stops_the_export_and_leaves_no_file(qtbot, library_with_passages, tmp_path, monkeypatch):
    library, *_ = library_with_passages
    from app.export import docx_format

    folder = tmp_path / "out"
    folder.mkdir()
    dialog = make_dialog(qtbot, library)
    choose(dialog.format, "docx")
    dialog.target.setText(str(folder / "brief.docx"))
    started = []
    real_write = docx_format.write

    def slow_write(rows, path, options, steps):
        started.append(1)
        qtbot.waitUntil(lambda: dialog.job is not None and dialog.job.cancelled, timeout=5000)
        real_write(rows, path, options, steps)  # its next progress step sees the cancel

    monkeypatch.setattr(docx_format, "write", slow_write)
    dialog.start_export()
    qtbot.waitUntil(lambda: bool(started), timeout=5000)
    assert dialog.progress.isVisible() and not dialog.export_button.isEnabled()
    dialog.cancel_button.click()  # cancels the export; the dialog stays open
    qtbot.waitUntil(lambda: dialog.job is None, timeout=10000)
    assert dialog.isVisible() and dialog.message.text() == "Export cancelled; nothing was written."
    assert list(folder.iterdir()) == []


def test_a_failed_write_is_told_in_words_and_loses_nothing(qtbot, library_with_passages, tmp_path, monkeypatch):
    library, *_ = library_with_passages
    from app.export import html_format

    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "out.html"
    target.write_text("before")

    def disk_full(rows, path, options, steps):
        path.write_text("half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(html_format, "write", disk_full)
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    dialog = make_dialog(qtbot, library)
    choose(dialog.format, "html")
    dialog.target.setText(str(target))
    finish(qtbot, dialog)
    assert "No space left on device" in dialog.message.text() and "Nothing was changed" in dialog.message.text()
    assert dialog.error_box.isVisible() and dialog.isVisible()
    assert target.read_text() == "before" and [p.name for p in folder.iterdir()] == ["out.html"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into any folder")
def test_a_read_only_folder_is_told_in_words(qtbot, library_with_passages, tmp_path):
    library, *_ = library_with_passages
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        dialog = make_dialog(qtbot, library)
        choose(dialog.format, "csv")
        dialog.target.setText(str(folder / "out.csv"))
        finish(qtbot, dialog)
    finally:
        folder.chmod(0o700)
    assert "Cannot write in" in dialog.message.text() and not list(folder.iterdir())


def test_a_folder_that_refuses_the_file_is_told_in_words(qtbot, library_with_passages, tmp_path, monkeypatch):
    """The same as a read-only folder, where the tests run as root (who may write anywhere)."""
    import tempfile

    library, *_ = library_with_passages

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    dialog = make_dialog(qtbot, library)
    choose(dialog.format, "xlsx")
    dialog.target.setText(str(tmp_path / "out.xlsx"))
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    finish(qtbot, dialog)
    assert "Cannot write in" in dialog.message.text() and "Permission denied" in dialog.message.text()
    assert not (tmp_path / "out.xlsx").exists()


def test_a_pdf_of_several_documents_is_refused_before_export(qtbot, library_with_passages):
    library, *_ = library_with_passages
    dialog = make_dialog(qtbot, library)
    choose(dialog.format, "pdf")
    assert "copy of one document" in dialog.count_label.text() and not dialog.export_button.isEnabled()


def test_exports_start_from_the_menu_the_search_the_panel_and_the_vocabulary(qtbot, library_with_passages, tmp_path):
    library, passages, ids, russia, news = library_with_passages
    window = open_window(qtbot, library)
    exports = window.features.exports
    assert exports.action.shortcut().toString() == "Ctrl+E"
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert exports.action in file_menu.actions()
    exports.action.trigger()
    qtbot.waitUntil(lambda: exports.dialog.counted is not None, timeout=5000)
    assert exports.dialog.counted.annotations == 4

    search = window.features.search
    search.query.setText("restraint")
    search.export_button.click()
    qtbot.waitUntil(lambda: exports.dialog.counted is not None and "restraint" in exports.dialog.what.text(), timeout=5000)
    assert exports.dialog.counted.annotations == 2

    window.features.annotations.panel.document_id = russia
    window.features.annotations.panel.export_requested.emit((passages["beds"].uuid,))
    qtbot.waitUntil(lambda: exports.dialog.counted is not None, timeout=5000)
    assert exports.dialog.counted.annotations == 1 and "1 selected annotation" in exports.dialog.what.text()
    exports.dialog.target.setText(str(tmp_path / "one.csv"))
    choose(exports.dialog.format, "csv")
    finish(qtbot, exports.dialog)
    assert [row["Quote"] for row in read_csv(tmp_path / "one.csv")] == ["Restraint beds were used"]
    assert "1 annotation exported" in window.statusBar().currentMessage()

    document_action = next(a for a, _ in window._document_actions if "xport" in a.text())
    window.table.selectRow(0)
    document_action.trigger()
    qtbot.waitUntil(lambda: exports.dialog.counted is not None, timeout=5000)
    assert exports.dialog.counted.annotations == 2

    vocabulary = window.features.show_vocabulary()
    assert vocabulary.select_tag(ids["echr"])
    vocabulary.export_passages_action.trigger()
    qtbot.waitUntil(lambda: exports.dialog.counted is not None and "European" in exports.dialog.what.text(), timeout=5000)
    assert exports.dialog.counted.annotations == 2  # a treaty takes in its articles
    vocabulary.close()


def test_a_search_scope_keeps_its_words_filters_and_order(qtbot, library_with_passages, tmp_path):
    library, passages, ids, russia, news = library_with_passages
    scope = ExportScope("restraint", AnnotationFilters(documents=(news,)), sort="relevance", description="a search")
    dialog = make_dialog(qtbot, library, scope)
    assert dialog.sort.currentData() == "relevance" and dialog.counted.annotations == 1
    choose(dialog.format, "csv")
    dialog.target.setText(str(tmp_path / "found.csv"))
    finish(qtbot, dialog)
    assert [row["Quote"] for row in read_csv(tmp_path / "found.csv")] == ["restraint rules unchanged"]


def test_an_export_of_one_document_is_offered_under_its_reference_and_counted_in_words(qtbot, tmp_path, monkeypatch):
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog

    from app.export.scope import ExportScope
    from ui.export_dialog import ExportDialog, summary
    from ui.operations import Operations

    offered = []

    def save_name(_parent, _title, suggested, _filters, **_options):
        offered.append(suggested)
        return str(tmp_path / "brief"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    dialog = ExportDialog(None, ExportScope(), Operations(), file_stem="A/HRC/24/13")
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.choose_target()
    assert Path(offered[0]).name == "A-HRC-24-13.csv"
    assert dialog.target.text() == str(tmp_path / "brief.csv")  # the format's suffix, the name left out
    dialog.format.setCurrentIndex(dialog.format.findData("docx"))
    assert dialog.target.text() == str(tmp_path / "brief.docx")

    class Outcome:
        format, annotations, documents, path = "csv", 1, 1, "x.csv"

    assert summary(Outcome()) == "1 annotation exported to x.csv"
    Outcome.annotations = 5
    assert summary(Outcome()) == "5 annotations exported to x.csv"


def test_the_citation_template_opens_at_its_start(qtbot, library_with_passages):
    library, *_ = library_with_passages
    dialog = make_dialog(qtbot, library)
    assert dialog.template.text() and dialog.template.cursorPosition() == 0  # "{reference|title}…", not "…para. {paragraphs}"
