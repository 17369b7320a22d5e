"""What a save returns is the annotation as stored, on both engines; on a team library it comes
back from the write itself, which is one statement after the reads the save needs."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from sqlalchemy.engine.url import make_url

from app.errors import NotFound
from app.services import annotations as notes
from app.services.importing import import_paths
from tests.app.test_annotations import make_tag, selection
from tests.pdfs import make_pdf

LINES = ["1. Detainees were held for days.", "2. Restraint beds were used for hours.", "3. Records were missing."]


@pytest.fixture
def report(either_library, tmp_path):
    [outcome] = import_paths(either_library, [make_pdf(tmp_path / "report.pdf", ["\n".join(LINES)])])
    return outcome.document.id


def test_every_save_returns_the_annotation_as_a_later_read_gives_it(either_library, report):
    library = either_library
    article, event_tag = make_tag(library, "art-3", "Article 3", "Art. 3"), make_tag(library, "death", "A death", kind="event")
    made = notes.create_annotation(library, notes.draft_from_selection(selection(library, report, "Restraint beds"),
                                                                       note="first", tag_ids=[article]))
    assert [tag.slug for tag in made.tags] == ["art-3"]
    assert made == notes.get_annotation(library, made.uuid)
    noted = notes.set_note(library, made.uuid, "second", expected_version=made.version)
    assert (noted.note, noted.version) == ("second", made.version + 1)
    assert noted == notes.get_annotation(library, made.uuid)
    retagged = notes.set_tags(library, made.uuid, [event_tag], expected_version=noted.version)
    assert [tag.slug for tag in retagged.tags] == ["death"] and retagged.version == noted.version + 1
    assert retagged == notes.get_annotation(library, made.uuid)
    both = notes.set_tags(library, made.uuid, [article, event_tag])
    assert {tag.slug for tag in both.tags} == {"art-3", "death"} == {tag.slug for tag in
                                                                      notes.get_annotation(library, made.uuid).tags}
    assert notes.set_color(library, made.uuid, "green") == notes.get_annotation(library, made.uuid)
    assert notes.set_tags(library, made.uuid, []).tags == () == notes.get_annotation(library, made.uuid).tags


def test_an_annotation_on_a_document_not_in_the_library_is_refused(either_library, report):
    library = either_library
    with_text = notes.draft_from_selection(selection(library, report, "Records were"))
    area = notes.AnnotationDraft(document_id=report + 100, targets=(notes.Target(0, ((0, 0, 1, 0, 0, 1, 1, 1),)),),
                                 kind="area")
    for draft in (notes.AnnotationDraft(**{**with_text.__dict__, "document_id": report + 100}), area):
        with pytest.raises(NotFound, match="not in the library"):
            notes.create_annotation(library, draft)
    assert notes.list_annotations(library, report) == []


def _statements(library):
    seen: list[str] = []
    event.listen(library.engine, "before_cursor_execute",
                 lambda _conn, _cursor, statement, *_: seen.append(" ".join(statement.split())))
    return seen


def test_a_save_on_a_team_library_is_its_reads_and_one_write_that_returns_what_the_server_set(team_library,
                                                                                             tmp_path):
    [outcome] = import_paths(team_library, [make_pdf(tmp_path / "report.pdf", ["\n".join(LINES)])])
    chosen = selection(team_library, outcome.document.id, "Records were missing")
    statements = _statements(team_library)
    made = notes.create_annotation(team_library, notes.draft_from_selection(chosen))
    # The text around it and its paragraph, then the INSERT: the server's names come in its RETURNING.
    assert [statement.split()[0] for statement in statements] == ["SELECT", "SELECT", "INSERT"]
    assert "RETURNING" in statements[-1]
    member = make_url(team_library.database).username
    assert made.created_by == made.updated_by == member and made == notes.get_annotation(team_library, made.uuid)
    statements.clear()
    noted = notes.set_note(team_library, made.uuid, "kept", expected_version=made.version)
    # The annotation locked with its tags in one query, then the UPDATE over the version it read.
    assert [statement.split()[0] for statement in statements] == ["SELECT", "UPDATE"]
    assert "FOR UPDATE" in statements[0] and "RETURNING" in statements[1]
    assert noted.version == made.version + 1 and noted == notes.get_annotation(team_library, made.uuid)
