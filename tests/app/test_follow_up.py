"""A recommendation's follow-up: status, note and evidence, on both engines, and the team roles that may set them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import LibraryError, NotFound
from app.library import Library
from app.services import annotations as notes
from app.services import follow_up
from app.services.importing import import_paths
from app.services.recommendations import find_again, list_recommendations
from app.store.models import RecommendationEvidence
from tests.app.recommendation_pdfs import cpt_report
from tests.app.test_annotations import selection
from tests.app.test_team_roles import _open, crew  # noqa: F401 - the fixture of a team's members


def _annotate(library, document_id, phrase):
    return notes.create_annotation(library, notes.draft_from_selection(selection(library, document_id, phrase)))


@pytest.fixture
def report(either_library, tmp_path):
    [outcome] = import_paths(either_library, [cpt_report(tmp_path / "cpt.pdf")])
    return either_library, outcome.document.id


def test_status_and_note_are_set_listed_and_kept_when_found_again(report):
    library, document_id = report
    first = list_recommendations(library, document_id=document_id)[0]
    assert follow_up.follow_up_of(library, first.id).status == "no information"
    state = follow_up.set_status(library, first.id, follow_up.STATUS_KEYS["3"])
    assert (state.status, state.document_id) == ("implemented", document_id)
    state = follow_up.set_note(library, first.id, "  A circular of the Minister, March 2025.  ")
    assert state.note == "A circular of the Minister, March 2025."
    find_again(library, document_id)
    listed = list_recommendations(library, document_id=document_id)[0]
    assert (listed.id, listed.status, listed.status_note) == (first.id, "implemented",
                                                             "A circular of the Minister, March 2025.")


def test_evidence_is_added_once_cited_and_removed(report):
    library, document_id = report
    first = list_recommendations(library, document_id=document_id)[0]
    passage = _annotate(library, document_id, "zero tolerance of")
    state = follow_up.add_evidence(library, first.id, passage.uuid)
    [evidence] = state.evidence
    assert evidence.annotation_uuid == passage.uuid and evidence.quote == passage.quote
    assert "para. 9" in evidence.citation
    assert follow_up.add_evidence(library, first.id, passage.uuid).evidence == (evidence,)  # once only
    assert follow_up.evidence_of(library, [first.id, first.id + 1]) == {first.id: (evidence,)}
    assert follow_up.remove_evidence(library, first.id, passage.uuid).evidence == ()
    with library.reading() as session:
        assert session.scalars(select(RecommendationEvidence)).all() == []


def test_bad_input_is_refused_plainly_and_changes_nothing(report):
    library, document_id = report
    first = list_recommendations(library, document_id=document_id)[0]
    with pytest.raises(LibraryError, match="not a follow-up status; it is one of: no information, in progress"):
        follow_up.set_status(library, first.id, "done")
    with pytest.raises(NotFound, match="no longer in the library"):
        follow_up.set_status(library, 10_000, "implemented")
    trashed = _annotate(library, document_id, "zero tolerance of")
    notes.trash(library, [trashed.uuid])
    with pytest.raises(LibraryError, match="in the trash; restore it first"):
        follow_up.add_evidence(library, first.id, trashed.uuid)
    with pytest.raises(NotFound, match="chosen as evidence is no longer"):
        follow_up.add_evidence(library, first.id, "0" * 36)
    assert follow_up.follow_up_of(library, first.id) == follow_up.FollowUp(first.id, document_id, "no information",
                                                                           "", ())


def test_on_a_team_library_an_annotator_adds_evidence_and_an_editor_sets_the_status(crew, team_database,
                                                                                    tmp_path):
    urls, _ = crew
    with Library.open(tmp_path / "owner", database=team_database) as owner:
        [outcome] = import_paths(owner, [cpt_report(tmp_path / "cpt.pdf")])
        document_id = outcome.document.id
    with _open(urls["alice"], tmp_path, "alice") as alice:
        first = list_recommendations(alice, document_id=document_id)[0]
        passage = _annotate(alice, document_id, "zero tolerance of")
        assert len(follow_up.add_evidence(alice, first.id, passage.uuid).evidence) == 1
        with pytest.raises(LibraryError, match=r"Your role in this team library \(annotator\) may not change a "
                                               r"recommendation's status; it takes an editor's role"):
            follow_up.set_status(alice, first.id, "implemented")
    with _open(urls["reader"], tmp_path, "reader") as reader:
        with pytest.raises(LibraryError, match=r"\(reader\) may not add evidence"):
            follow_up.add_evidence(reader, first.id, passage.uuid)
    with _open(urls["editor"], tmp_path, "editor") as editor:
        state = follow_up.set_status(editor, first.id, "in progress")
        assert (state.status, len(state.evidence)) == ("in progress", 1)
