"""The annotation panel and the undoable annotation edits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument, QUndoStack

from app.services import annotations as notes
from app.services.importing import import_paths
from app.store.models import Tag
from app.vocabulary.builtin import ensure_builtin
from app.vocabulary.search import find_tags
from app.vocabulary.tags import get_tag
from tests.app.test_annotations import selection
from tests.pdfs import make_pdf
from tests.ui.helpers import settle
from ui.annotation_commands import CreateAnnotation, EditNote, Recolor, SetTags, TrashAnnotations
from ui.annotation_panel import ANNOTATION_ROLE, AnnotationPanel
from ui.operations import Operations
from ui.tag_picker import TagPicker
from ui.undo import push


@pytest.fixture
def document(library, tmp_path):
    pages = ["1. Restraint beds were used for hours.", "2. Beatings during arrest were alleged."]
    [outcome] = import_paths(library, [make_pdf(tmp_path / "r.pdf", pages)])
    return outcome.document.id


class Edits:
    """The window's way of editing, without the window: operations, one undo stack, the changes seen."""

    def __init__(self, qtbot) -> None:
        self.qtbot, self.operations, self.stack = qtbot, Operations(), QUndoStack()
        self.changes, self.refusals = [], []
        self.operations.changed.connect(self.changes.append)
        self.operations.failed.connect(self.refusals.append)

    def push(self, command) -> None:
        push(self.operations, self.stack, command, failed=self.refusals.append)
        settle(self.qtbot, self.operations)

    def undo(self) -> None:
        self.stack.undo()
        settle(self.qtbot, self.operations)

    def redo(self) -> None:
        self.stack.redo()
        settle(self.qtbot, self.operations)


@pytest.fixture
def edits(qtbot):
    return Edits(qtbot)


def shown(panel):
    return [panel.shown.index(row, 0).data(ANNOTATION_ROLE).quote for row in range(panel.shown.rowCount())]


def draft(library, document, phrase, **extra):
    return notes.draft_from_selection(selection(library, document, phrase), **extra)


def test_every_edit_is_one_undoable_step(library, document, edits):
    edits.push(CreateAnnotation(library, draft(library, document, "Restraint beds")))
    [made] = notes.list_annotations(library, document)
    edits.push(EditNote(library, made, "ask for the registers"))
    edits.push(Recolor(library, [notes.get_annotation(library, made.uuid)], "red"))
    with library.writing() as session:
        tag = Tag(slug="echr-3", kind="article", label="Prohibition of torture", code="ECHR Art. 3")
        session.add(tag)
        session.flush()
        tag_id = tag.id
    edits.push(SetTags(library, notes.get_annotation(library, made.uuid), [tag_id]))
    edits.push(TrashAnnotations(library, [notes.get_annotation(library, made.uuid)]))
    assert notes.list_annotations(library, document) == [] and edits.stack.count() == 5

    edits.undo()  # delete
    again = notes.get_annotation(library, made.uuid)
    assert (again.note, again.color, [t.id for t in again.tags]) == ("ask for the registers", "red", [tag_id])
    edits.undo()  # tags
    edits.undo()  # colour
    edits.undo()  # note
    assert notes.get_annotation(library, made.uuid).note == "" and notes.get_annotation(library, made.uuid).color == "yellow"
    edits.undo()  # create
    assert notes.list_annotations(library, document) == []
    for _ in range(5):
        edits.redo()
    assert notes.list_trash(library)[0].uuid == made.uuid  # same identity all along
    assert len(edits.changes) == 15 and all(c.uuids_in(document) == {made.uuid} for c in edits.changes)
    assert edits.refusals == []


def test_undo_and_redo_pressed_quickly_run_in_order(library, document, edits):
    edits.push(CreateAnnotation(library, draft(library, document, "Restraint beds")))
    [made] = notes.list_annotations(library, document)
    for note in ("one", "two", "three"):
        edits.push(EditNote(library, notes.get_annotation(library, made.uuid), note))
    for _ in range(3):  # without waiting between presses, as a held Ctrl+Z does
        edits.stack.undo()
    edits.stack.redo()
    settle(edits.qtbot, edits.operations)
    assert notes.get_annotation(library, made.uuid).note == "one"


def test_a_refused_edit_stays_off_the_undo_stack(library, document, edits):
    edits.push(CreateAnnotation(library, notes.AnnotationDraft(document, ())))
    [message] = edits.refusals
    assert "nothing was selected" in message and edits.stack.count() == 0 and edits.changes == []


def test_panel_lists_in_reading_order_and_filters(qtbot, library, document):
    notes.create_annotation(library, draft(library, document, "Beatings during arrest", color="red"))
    notes.create_annotation(library, draft(library, document, "Restraint beds", note="registers"))
    panel = AnnotationPanel(library)
    qtbot.addWidget(panel)
    panel.set_document(document)
    quotes = [a.quote for a in panel.model.rows]
    assert quotes == ["Restraint beds", "Beatings during arrest"]
    assert panel.count.text() == "2 annotations"
    panel.filter.setText("registers")
    assert shown(panel) == ["Restraint beds"]
    panel.filter.clear()
    panel.color_filter.setCurrentIndex(panel.color_filter.findData("red"))
    assert shown(panel) == ["Beatings during arrest"] and panel.count.text() == "1 of 2 annotations"


def test_a_click_asks_the_viewer_to_show_the_passage(qtbot, library, document):
    made = notes.create_annotation(library, draft(library, document, "Beatings during arrest"))
    panel = AnnotationPanel(library)
    qtbot.addWidget(panel)
    panel.set_document(document)
    panel.show()
    rect = panel.list.visualRect(panel.shown.index(0, 0))
    with qtbot.waitSignal(panel.annotation_activated) as signal:
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [made.uuid, 1]


def test_unicode_and_huge_notes_show_as_typed(qtbot, library, document):
    note = "تم احتجازه 👩‍⚖️ 100% 'quoted' <b>not bold</b>" + "x" * 100_000
    notes.create_annotation(library, draft(library, document, "Restraint beds", note=note))
    panel = AnnotationPanel(library)
    qtbot.addWidget(panel)
    panel.set_document(document)
    shown = QTextDocument()
    shown.setHtml(panel.model.html(panel.model.rows[0]))
    assert "تم احتجازه 👩‍⚖️ 100% 'quoted' <b>not bold</b>" in shown.toPlainText()
    assert panel.model.rows[0].note == note


def test_the_tag_picker_finds_by_code_and_creates_themes(qtbot, library):
    ensure_builtin(library)
    picker = TagPicker(library)
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.search, "echr art 3")
    picker.update_results()
    assert "Art. 3" in picker.results.item(0).text()
    with qtbot.waitSignal(picker.tag_chosen) as chosen:
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert isinstance(chosen.args[0], int)

    picker = TagPicker(library)
    qtbot.addWidget(picker)
    picker.search.setText("solitary confinement")
    picker.update_results()
    picker.results.setCurrentRow(picker.results.count() - 1)
    with qtbot.waitSignal(picker.tag_chosen) as created:
        picker.choose_current()
    tag = get_tag(library, created.args[0])
    assert (tag.kind, tag.label) == ("theme", "solitary confinement")


def test_changes_update_single_rows_in_reading_order(qtbot, library, document):
    panel = AnnotationPanel(library)
    qtbot.addWidget(panel)
    panel.set_document(document)
    later = notes.create_annotation(library, draft(library, document, "Beatings during arrest"))
    earlier = notes.create_annotation(library, draft(library, document, "Restraint beds"))
    inserted = []
    panel.model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    panel.apply_changes((later.uuid,))
    panel.apply_changes((earlier.uuid,))
    assert inserted == [(0, 0), (0, 0)] and shown(panel) == ["Restraint beds", "Beatings during arrest"]
    notes.trash(library, [later.uuid])
    panel.apply_changes((later.uuid,))
    assert shown(panel) == ["Restraint beds"] and panel.count.text() == "1 annotation"


def test_the_menu_removes_one_tag_of_an_annotation(qtbot, library, document):
    ensure_builtin(library)
    first, second = [t.id for t in find_tags(library, "echr art", limit=2)]
    made = notes.create_annotation(library, draft(library, document, "Restraint beds", tag_ids=[first, second]))
    panel = AnnotationPanel(library)
    qtbot.addWidget(panel)
    panel.set_document(document)
    menu = panel.menu_for([panel.model.rows[0]])
    remove = next(a.menu() for a in menu.actions() if a.text() == "Remove tag")
    with qtbot.waitSignal(panel.tags_set_requested) as wanted:
        remove.actions()[0].trigger()
    assert wanted.args[0] == made.uuid and len(wanted.args[1]) == 1
