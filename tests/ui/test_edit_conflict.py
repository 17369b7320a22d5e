"""Another member changed a passage after this window showed it: the edit asks before it overwrites."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit
from sqlalchemy import text

from app.services import annotations as notes
from tests.app.test_annotations import selection
from tests.pdfs import make_pdf
from tests.ui.helpers import import_one, open_and_wait, open_window, settle
from tests.ui.test_annotation_panel import Edits
from ui import annotating
from ui.annotation_commands import EditNote
from ui.conflict_dialog import ConflictDialog


def _passage(library, tmp_path):
    document = import_one(library, make_pdf(tmp_path / "r.pdf", ["1. Restraint beds were used for hours."]))
    made = notes.create_annotation(library, notes.draft_from_selection(selection(library, document.id, "Restraint beds")))
    return document.id, made


def _theirs(library, uuid, note):
    with library.engine.begin() as connection:  # another member's write, on a connection of its own
        connection.execute(text("UPDATE annotations SET note = :note WHERE uuid = :uuid"), {"note": note, "uuid": uuid})


def test_an_edit_from_an_older_view_is_refused_and_keeps_their_change(qtbot, library, tmp_path):
    _, seen = _passage(library, tmp_path)
    edits = Edits(qtbot)
    _theirs(library, seen.uuid, "their note")
    command = EditNote(library, seen, "my note")
    edits.push(command)
    assert command.conflict is not None and command.conflict.theirs.note == "their note"
    assert edits.stack.count() == 0 and notes.get_annotation(library, seen.uuid).note == "their note"


def test_undo_leaves_a_later_change_alone_and_says_why(qtbot, library, tmp_path):
    _, seen = _passage(library, tmp_path)
    edits = Edits(qtbot)
    edits.push(EditNote(library, seen, "my note"))
    _theirs(library, seen.uuid, "their later note")
    edits.undo()
    assert any(message.startswith("Not undone:") for message in edits.refusals)
    assert notes.get_annotation(library, seen.uuid).note == "their later note"


def test_the_window_offers_keep_theirs_or_keep_mine(qtbot, library, tmp_path, monkeypatch):
    document_id, seen = _passage(library, tmp_path)
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document_id)
    controller = window.features.annotations
    qtbot.waitUntil(lambda: any(a.uuid == seen.uuid for a in controller.shown), timeout=5000)
    offered: list[ConflictDialog] = []

    def choose(keep_mine):
        def exec_(dialog):
            offered.append(dialog)
            return keep_mine
        return exec_

    monkeypatch.setattr(annotating, "write_note", lambda _parent, _note: ("my note", True))
    _theirs(library, seen.uuid, "their note")
    monkeypatch.setattr(ConflictDialog, "exec", choose(False))
    controller.edit_note(seen.uuid)
    settle(qtbot, window.operations)
    [dialog] = offered
    sides = {edit.objectName(): edit.toPlainText() for edit in dialog.findChildren(QPlainTextEdit)}
    assert sides == {"theirs": "their note", "mine": "my note"}
    assert notes.get_annotation(library, seen.uuid).note == "their note"  # kept theirs
    qtbot.waitUntil(lambda: [a.note for a in controller.shown if a.uuid == seen.uuid] == ["their note"], timeout=5000)

    _theirs(library, seen.uuid, "their second note")  # and again, before this window hears of it
    monkeypatch.setattr(ConflictDialog, "exec", choose(True))
    controller.edit_note(seen.uuid)
    settle(qtbot, window.operations)
    qtbot.waitUntil(lambda: notes.get_annotation(library, seen.uuid).note == "my note", timeout=5000)
    assert len(offered) == 2
    window.features.undo_stack.undo()  # keeping mine was an edit of its own: undone, theirs is back
    settle(qtbot, window.operations)
    assert notes.get_annotation(library, seen.uuid).note == "their second note"
