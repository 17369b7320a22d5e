"""Annotating in the window, as a person does: select with the mouse, press H, tag, undo, start again."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import QMessageBox

from app.library import Library
from app.services import annotations as notes
from app.services.structure import paragraphs_at
from tests.app.test_annotations import selection
from tests.pdfs import make_pdf
from tests.ui.helpers import drag, import_one, open_and_wait, open_window, settle, wait_words, word_centre
from ui.features import _import_revision
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.trash_dialog import TrashDialog


def report(library, tmp_path):
    pages = ["\n".join([
        "1. The delegation visited two police stations in the capital.",
        "2. The delegation heard allegations of ill-treatment in custody.",
        "3. Some detainees said they had been restrained for hours.",
        "4. The Committee recommends that this practice end.",
        "5. Records of custody were incomplete.",
    ])]
    return import_one(library, make_pdf(tmp_path / "report.pdf", pages, title="Visit report"))


def selection_of(library, document_id, phrase):
    return selection(library, document_id, phrase)


def open_annotating(qtbot, library, document_id):
    """The window with the document open and its annotations listed."""
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document_id)
    qtbot.waitUntil(lambda: window.features.annotations.document_id == document_id, timeout=5000)
    return window


def select(qtbot, window, first, last):
    wait_words(qtbot, window, 0)
    with qtbot.waitSignal(window.viewer.pages.selection_changed):
        drag(window, word_centre(window, 0, first), word_centre(window, 0, last))
    return window.viewer.pages.selection


def test_select_press_h_and_the_passage_is_saved_drawn_and_listed(qtbot, library, tmp_path):
    document = report(library, tmp_path)
    window = open_annotating(qtbot, library, document.id)
    select(qtbot, window, "allegations", "custody.")
    window.viewer.pages.setFocus()
    qtbot.keyClick(window.viewer.pages, Qt.Key.Key_H)
    settle(qtbot, window.operations)

    [made] = notes.list_annotations(library, document.id)
    assert made.quote.split() == ["allegations", "of", "ill-treatment", "in", "custody."]
    assert made.paragraphs == ("2",) == tuple(paragraphs_at(library, document.id, made.start_offset, made.end_offset))
    assert window.viewer.pages.highlights[0][0][1] == made.targets[0].quads
    assert [a.uuid for a in window.features.annotations.panel.model.rows] == [made.uuid]
    assert window.viewer.pages.selection is None

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window.operations)
    assert notes.list_annotations(library, document.id) == [] and window.viewer.pages.highlights == {}
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    settle(qtbot, window.operations)
    assert [a.uuid for a in notes.list_annotations(library, document.id)] == [made.uuid]


def test_a_digit_highlights_in_that_colour_and_delete_goes_to_the_trash(qtbot, library, tmp_path):
    document = report(library, tmp_path)
    window = open_annotating(qtbot, library, document.id)
    select(qtbot, window, "restrained", "hours.")
    qtbot.keyClick(window.viewer.pages, Qt.Key.Key_3)
    settle(qtbot, window.operations)
    [made] = notes.list_annotations(library, document.id)
    assert made.color == list(notes.PALETTE)[2]

    panel = window.features.annotations.panel
    panel.select(made.uuid)
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    settle(qtbot, window.operations)
    assert notes.list_annotations(library, document.id) == [] and notes.list_trash(library)[0].uuid == made.uuid
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window.operations)
    assert [a.uuid for a in notes.list_annotations(library, document.id)] == [made.uuid]


def test_copy_citation_puts_quote_and_locator_on_the_clipboard(qtbot, library, tmp_path):
    document = report(library, tmp_path)
    window = open_annotating(qtbot, library, document.id)
    select(qtbot, window, "Records", "incomplete.")
    qtbot.keyClick(window.viewer.pages, Qt.Key.Key_H)
    settle(qtbot, window.operations)
    window.features.annotations.panel.select(notes.list_annotations(library, document.id)[0].uuid)
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    data = QGuiApplication.clipboard().mimeData()
    assert data.text() == "\u201cRecords of custody were incomplete.\u201d (Visit report, para. 5, p. 1)"
    assert "<blockquote>" in data.html()


def test_annotations_are_there_after_quitting_and_starting_again(qtbot, library, tmp_path):
    document = report(library, tmp_path)
    window = open_annotating(qtbot, library, document.id)
    select(qtbot, window, "delegation", "stations")
    qtbot.keyClick(window.viewer.pages, Qt.Key.Key_H)
    settle(qtbot, window.operations)
    window.close()
    library.close()

    with Library.open(library.root) as again:
        window = MainWindow(again)
        qtbot.addWidget(window)
        window.show()
        open_and_wait(qtbot, window, document.id)
        qtbot.waitUntil(lambda: window.features.annotations.panel.model.rowCount() == 1, timeout=5000)
        assert window.features.annotations.panel.model.rows[0].quote.startswith("delegation")
        window.close()


def test_shift_drag_draws_an_area_highlight(qtbot, library, tmp_path):
    document = report(library, tmp_path)
    window = open_annotating(qtbot, library, document.id)
    viewport = window.viewer.pages.viewport()
    start = window.viewer.pages.viewport_point(0, 60, 60).toPoint()
    end = start + QPoint(120, 80)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, start)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, end)
    settle(qtbot, window.operations)
    [area] = notes.list_annotations(library, document.id)
    assert area.kind == "area" and area.quote == "" and area.targets[0].page_index == 0
    x0, y0 = area.targets[0].quads[0][:2]
    assert abs(x0 - 60) < 2 and abs(y0 - 60) < 2


def test_the_trash_restores_and_empties(qtbot, library, tmp_path, monkeypatch):
    document = report(library, tmp_path)
    kept = notes.create_annotation(library, notes.draft_from_selection(selection_of(library, document.id, "Records")))
    gone = notes.create_annotation(library, notes.draft_from_selection(selection_of(library, document.id, "Committee")))
    notes.trash(library, [kept.uuid, gone.uuid])
    operations, stack = Operations(), QUndoStack()
    changes = []
    operations.changed.connect(changes.append)
    dialog = TrashDialog(library, operations, stack)
    qtbot.addWidget(dialog)
    assert dialog.items.count() == 2
    assert all("Visit report, p. 1" in dialog.items.item(i).text() for i in range(2))  # which document it was in
    dialog.items.item([i for i in range(2) if dialog.items.item(i).data(Qt.ItemDataRole.UserRole).uuid == kept.uuid][0]).setSelected(True)
    dialog.restore_selected()
    settle(qtbot, operations)
    assert [c.uuids_in(document.id) for c in changes] == [{kept.uuid}]
    assert [a.uuid for a in notes.list_annotations(library, document.id)] == [kept.uuid]
    assert stack.undoText() == "Restore annotation" and dialog.items.count() == 1
    stack.undo()  # back in the trash, as it was
    settle(qtbot, operations)
    assert notes.list_annotations(library, document.id) == []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    dialog.empty()
    settle(qtbot, operations)
    assert notes.list_trash(library) == [] and dialog.items.count() == 0


def test_a_new_revision_carries_the_annotations_over(qtbot, library, tmp_path):
    document = report(library, tmp_path)
    made = notes.create_annotation(library, notes.draft_from_selection(selection_of(library, document.id, "Records of custody")))
    pages = ["0. A new preface.\n" + "\n".join([
        "1. The delegation visited two police stations in the capital.",
        "5. Records of custody were incomplete.",
    ])]
    new_path = make_pdf(tmp_path / "reissued.pdf", pages, title="Visit report (reissued)")
    new_id, result = _import_revision(library, document.id, str(new_path))
    assert result.anchored == (made.uuid,)
    assert [a.uuid for a in notes.list_annotations(library, new_id)] == [made.uuid]


def test_an_orphan_is_placed_by_hand_on_the_selected_text_and_undo_undoes_it(qtbot, library, tmp_path):
    document = report(library, tmp_path)
    made = notes.create_annotation(library, notes.draft_from_selection(selection_of(library, document.id, "Records"), note="keep"))
    lost = notes.set_anchor(library, made.uuid, notes.AnnotationDraft(document.id, (), quote="Records"), "orphan")
    assert lost.anchor_status == "orphan" and lost.targets == ()
    window = open_annotating(qtbot, library, document.id)
    menu = window.features.annotations.panel.menu_for([lost])
    assert menu.actions()[0].text() == "Place on the selected text"

    select(qtbot, window, "Committee", "practice")
    window.features.annotations.place(made.uuid)
    settle(qtbot, window.operations)
    placed = notes.get_annotation(library, made.uuid)
    assert (placed.anchor_status, placed.note, placed.paragraphs) == ("anchored", "keep", ("4",))
    assert placed.quote.startswith("Committee") and placed.targets
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window.operations)
    assert notes.get_annotation(library, made.uuid).anchor_status == "orphan"


def test_copy_with_citation_on_a_plain_selection_copies_it_and_says_so(qtbot, library, tmp_path):
    document = report(library, tmp_path)
    window = open_annotating(qtbot, library, document.id)
    select(qtbot, window, "Records", "incomplete.")
    QGuiApplication.clipboard().clear()

    qtbot.keyClick(window.viewer.pages, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)

    data = QGuiApplication.clipboard().mimeData()
    assert data.text() == "\u201cRecords of custody were incomplete.\u201d (Visit report, para. 5, p. 1)"
    assert "<blockquote>" in data.html()
    assert window.statusBar().currentMessage() == "Copied with its citation: Visit report, para. 5, p. 1"
    assert notes.list_annotations(library, document.id) == []  # copied, not saved


def test_copy_with_citation_with_nothing_chosen_says_what_to_do(qtbot, library, tmp_path):
    document = report(library, tmp_path)
    window = open_annotating(qtbot, library, document.id)
    window.features.annotations.copy_selected_citation()
    assert "Select text on the page" in window.statusBar().currentMessage()


def _made(qtbot, window, library, document, first, last):
    select(qtbot, window, first, last)
    qtbot.keyClick(window.viewer.pages, Qt.Key.Key_H)
    settle(qtbot, window.operations)
    [made] = notes.list_annotations(library, document.id)
    return made


def _chosen_in_panel(qtbot, library, tmp_path):
    """A highlight made, chosen in the panel, and the panel given the keyboard."""
    document = report(library, tmp_path)
    window = open_annotating(qtbot, library, document.id)
    made = _made(qtbot, window, library, document, "Records", "incomplete.")
    panel = window.features.annotations.panel
    panel.select(made.uuid)
    panel.list.setFocus()
    return document, window, panel


def test_n_on_a_chosen_highlight_edits_its_note_and_ctrl_enter_keeps_it(qtbot, library, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.note_dialog import NoteDialog

    document, window, panel = _chosen_in_panel(qtbot, library, tmp_path)

    def write_and_keep() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NoteDialog)
        qtbot.keyClicks(dialog.editor, "Incomplete registers")
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    QTimer.singleShot(200, write_and_keep)
    qtbot.keyClick(panel.list, Qt.Key.Key_N)
    settle(qtbot, window.operations)
    assert notes.list_annotations(library, document.id)[0].note == "Incomplete registers"


def test_t_on_a_chosen_highlight_adds_a_tag_to_it(qtbot, library, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tests.app.test_annotations import make_tag
    from ui.tag_picker import TagPicker

    document, window, panel = _chosen_in_panel(qtbot, library, tmp_path)
    tag_id = make_tag(library, "theme-registers", "Custody registers", kind="theme")

    def choose() -> None:
        picker = QApplication.activeModalWidget()
        assert isinstance(picker, TagPicker)
        qtbot.keyClicks(picker.search, "custody registers")
        picker.update_results()
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)

    QTimer.singleShot(200, choose)
    qtbot.keyClick(panel.list, Qt.Key.Key_T)
    settle(qtbot, window.operations)
    [annotation] = notes.list_annotations(library, document.id)
    assert [tag.id for tag in annotation.tags] == [tag_id]  # the same passage, tagged: no second highlight


def test_a_colour_key_recolours_the_annotation_chosen_in_the_panel(qtbot, library, tmp_path):
    document, window, panel = _chosen_in_panel(qtbot, library, tmp_path)
    qtbot.keyClick(panel.list, Qt.Key.Key_4)
    settle(qtbot, window.operations)
    assert notes.list_annotations(library, document.id)[0].color == list(notes.PALETTE)[3]


def test_n_on_selected_text_asks_the_note_and_keeps_it_with_ctrl_enter(qtbot, library, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    document = report(library, tmp_path)
    window = open_annotating(qtbot, library, document.id)
    select(qtbot, window, "Records", "incomplete.")

    def write_and_keep() -> None:
        dialog = QApplication.activeModalWidget()
        qtbot.keyClicks(dialog.editor, "Registers")
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)

    QTimer.singleShot(200, write_and_keep)
    qtbot.keyClick(window.viewer.pages, Qt.Key.Key_N)
    settle(qtbot, window.operations)
    [made] = notes.list_annotations(library, document.id)
    assert made.note == "Registers"


def test_after_a_recolour_the_annotation_stays_chosen_and_a_deleted_one_leaves_no_box(qtbot, library, tmp_path):
    document = report(library, tmp_path)
    window = open_annotating(qtbot, library, document.id)
    made = _made(qtbot, window, library, document, "Records", "incomplete.")
    controller, panel = window.features.annotations, window.features.annotations.panel
    controller.show_annotation(made.uuid, 0)  # as a click on it in the panel does
    panel.select(made.uuid)
    assert window.viewer.pages.focused_highlight is not None

    controller.colour_key("green")
    settle(qtbot, window.operations)
    assert [a.uuid for a in panel.selected()] == [made.uuid]

    controller.delete_selected()
    settle(qtbot, window.operations)
    assert window.viewer.pages.focused_highlight is None


def test_the_pdfs_own_annotations_come_in_listed_with_what_was_left_out(qtbot, library, robust_corpus):
    document = import_one(library, robust_corpus / "pdfjs__annotation-highlight.pdf")
    window = open_annotating(qtbot, library, document.id)
    window.features.bring_in_annotations(document.id)
    settle(qtbot, window.operations)
    brought = notes.list_annotations(library, document.id)
    assert brought and [a.uuid for a in window.features.annotations.panel.model.rows] == [a.uuid for a in brought]
    assert "brought in from the PDF" in window.statusBar().currentMessage()
