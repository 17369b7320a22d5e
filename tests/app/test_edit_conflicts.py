"""An edit made from an older view never silently overwrites a later change, on either engine."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.services import annotations as notes
from app.services.annotations import EditConflict
from tests.app.test_search import fill_passages


def _change_elsewhere(library, uuid, note):
    """Another member's (or another program's) write, in plain SQL on a connection of its own."""
    with library.engine.begin() as connection:
        connection.execute(text("UPDATE annotations SET note = :note WHERE uuid = :uuid"), {"note": note, "uuid": uuid})


def test_every_change_moves_the_version_on_whoever_makes_it(either_library, tmp_path):
    _, passages, *_ = fill_passages(either_library, tmp_path)
    seen = passages["beds"]
    after_note = notes.set_note(either_library, seen.uuid, "first")
    after_colour = notes.set_color(either_library, seen.uuid, "green")
    _change_elsewhere(either_library, seen.uuid, "from elsewhere")
    now = notes.get_annotation(either_library, seen.uuid)
    assert seen.version < after_note.version < after_colour.version < now.version


@pytest.mark.parametrize("edit", [
    lambda library, seen: notes.set_note(library, seen.uuid, "mine", expected_version=seen.version),
    lambda library, seen: notes.set_color(library, seen.uuid, "red", expected_version=seen.version),
    lambda library, seen: notes.set_tags(library, seen.uuid, [], expected_version=seen.version),
])
def test_saving_over_a_newer_version_is_refused_with_whose_it_is(either_library, tmp_path, edit):
    _, passages, *_ = fill_passages(either_library, tmp_path)
    seen = passages["beds"]
    _change_elsewhere(either_library, seen.uuid, "theirs")
    with pytest.raises(EditConflict, match="after you last saw it") as refused:
        edit(either_library, seen)
    assert refused.value.theirs.note == "theirs"
    now = notes.get_annotation(either_library, seen.uuid)
    assert (now.note, now.color, now.tags) == ("theirs", seen.color, seen.tags)  # nothing of the refused edit
    # Keeping mine is an edit made knowingly over theirs: it is saved.
    kept = notes.set_note(either_library, seen.uuid, "mine", expected_version=refused.value.theirs.version)
    assert kept.note == "mine"


def test_undo_says_why_it_leaves_a_later_change_alone(either_library, tmp_path):
    _, passages, *_ = fill_passages(either_library, tmp_path)
    seen = passages["beds"]
    mine = notes.set_note(either_library, seen.uuid, "my note", expected_version=seen.version)
    _change_elsewhere(either_library, seen.uuid, "their later note")
    with pytest.raises(EditConflict, match="Not undone: .* after your edit"):
        notes.set_note(either_library, seen.uuid, seen.note, expected_version=mine.version, undoing=True)
    assert notes.get_annotation(either_library, seen.uuid).note == "their later note"
