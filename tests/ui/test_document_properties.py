"""The properties dialog shows what detection found and keeps the user's corrections."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox

from app.services.documents import document_details
from app.services.importing import import_paths
from tests.app.test_detection import CPT_COVER
from tests.pdfs import make_pdf
from tests.ui.helpers import open_window, settle
from ui.document_properties import DocumentPropertiesDialog
from ui.operations import Operations


@pytest.fixture
def cpt(library, tmp_path):
    pages = [CPT_COVER, "\n".join(f"{n}. Paragraph {n} on detention." for n in range(1, 7))]
    [outcome] = import_paths(library, [make_pdf(tmp_path / "cpt.pdf", pages)])
    return outcome.document


def open_dialog(qtbot, library, document_id, stack=None, operations=None):
    dialog = DocumentPropertiesDialog(library, document_id, operations or Operations(), stack or QUndoStack())
    qtbot.addWidget(dialog)
    return dialog


def test_dialog_shows_what_was_detected(qtbot, library, cpt):
    dialog = open_dialog(qtbot, library, cpt.id)
    assert dialog.editors["reference"].text() == "CPT/Inf (2024) 23"
    assert dialog.editors["kind"].currentData() == "cpt_report"
    assert dialog.editors["visit_start"].text() == "2023-05-02"
    assert "6 numbered paragraphs found" in dialog.facts.text()
    assert not dialog.captions["title"].font().bold()


def test_saving_corrections_then_undo_and_redo(qtbot, library, cpt):
    stack, operations = QUndoStack(), Operations()
    dialog = open_dialog(qtbot, library, cpt.id, stack, operations)
    dialog.editors["title"].setText("Visit to Utopia, May 2023")
    dialog.editors["kind"].setCurrentIndex(dialog.editors["kind"].findData("government_response"))
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()

    details = document_details(library, cpt.id)
    assert (details.info.title, details.info.kind) == ("Visit to Utopia, May 2023", "government_response")
    assert set(details.corrected) == {"title", "kind"}
    reopened = open_dialog(qtbot, library, cpt.id)
    assert reopened.captions["title"].font().bold() and not reopened.captions["reference"].font().bold()

    stack.undo()
    settle(qtbot, operations)
    details = document_details(library, cpt.id)
    assert (details.info.title, details.info.kind, details.corrected) == (cpt.title, "cpt_report", ())
    stack.redo()
    settle(qtbot, operations)
    assert document_details(library, cpt.id).info.title == "Visit to Utopia, May 2023"


def test_an_empty_title_is_refused_with_a_message(qtbot, library, cpt, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    dialog = open_dialog(qtbot, library, cpt.id, QUndoStack())
    dialog.editors["title"].setText("   ")
    dialog.save()
    assert warnings == ["A document needs a title."]
    assert document_details(library, cpt.id).info.title == cpt.title


def test_detect_again_keeps_the_corrections(qtbot, library, cpt):
    dialog = open_dialog(qtbot, library, cpt.id)
    dialog.editors["country"].setText("Utopian Republic")
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()
    dialog = open_dialog(qtbot, library, cpt.id)
    dialog.detect_button.click()
    settle(qtbot, dialog.operations)
    assert dialog.editors["country"].text() == "Utopian Republic"
    assert dialog.editors["reference"].text() == "CPT/Inf (2024) 23"


def listed_title(window, document_id):
    return window.documents.find(document_id).title


def test_undo_of_a_correction_shows_the_old_title_in_the_library_list(qtbot, library, cpt):
    window = open_window(qtbot, library)
    dialog = open_dialog(qtbot, library, cpt.id, window.features.undo_stack, window.operations)
    dialog.editors["title"].setText("Visit to Utopia, May 2023")
    dialog.save()
    settle(qtbot, window.operations)
    assert listed_title(window, cpt.id) == "Visit to Utopia, May 2023"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window.operations)
    assert listed_title(window, cpt.id) == cpt.title == document_details(library, cpt.id).info.title


def test_a_correction_that_fails_to_save_is_not_an_undo_step(qtbot, library, cpt, monkeypatch):
    from app.errors import LibraryUnavailable

    def full(*_args, **_fields):
        raise LibraryUnavailable("Could not save to the library: the disk holding the library is full.")

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    monkeypatch.setattr("ui.document_properties.correct_document", full)
    window = open_window(qtbot, library)
    stack = window.features.undo_stack
    dialog = open_dialog(qtbot, library, cpt.id, stack, window.operations)
    dialog.show()
    dialog.editors["title"].setText("Visit to Utopia, May 2023")
    dialog.save()
    settle(qtbot, window.operations)
    assert warnings and "disk holding the library is full" in warnings[0]
    assert stack.count() == 0 and not stack.canUndo()
    assert dialog.isVisible() and dialog.editors["title"].text() == "Visit to Utopia, May 2023"  # nothing typed lost
    assert listed_title(window, cpt.id) == cpt.title
