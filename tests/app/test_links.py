"""Links between passages: made, edited, removed, listed from both ends, through the trash and back."""

from __future__ import annotations

import pytest

from app.errors import LibraryError
from app.services import annotations as notes
from app.services import links
from app.services.importing import import_paths
from app.store.models import LINK_KINDS, Document
from tests.app.test_annotations import selection
from tests.app.test_detection import CPT_COVER
from tests.pdfs import make_pdf


@pytest.fixture
def passages(library, tmp_path):
    """A recommendation in a report and a passage of the response, each an annotation."""
    report_pages = [CPT_COVER,
                    "1. The delegation visited police stations.\n2. The Committee recommends that detainees be told their rights.",
                    "3. Restraint was used for hours.\n4. Records were kept.\n5. The delegation met the prosecutor."]
    response_pages = ["Response of the Government.\nAs regards paragraph 2, leaflets are now handed out."]
    [report] = import_paths(library, [make_pdf(tmp_path / "report.pdf", report_pages)])
    [response] = import_paths(library, [make_pdf(tmp_path / "response.pdf", response_pages)])
    recommendation = notes.create_annotation(library, notes.draft_from_selection(
        selection(library, report.document.id, "The Committee recommends")))
    answer = notes.create_annotation(library, notes.draft_from_selection(
        selection(library, response.document.id, "leaflets are now handed out")))
    return recommendation, answer


def test_a_link_shows_at_both_ends_with_the_other_document(library, passages):
    recommendation, answer = passages
    made = links.create_link(library, answer.uuid, recommendation.uuid, "responds to", "handed out since May")

    assert made.ends[answer.document_id] == {answer.uuid}
    assert made.ends[recommendation.document_id] == {recommendation.uuid}
    [from_answer] = links.links_of(library, answer.uuid)
    [from_recommendation] = links.links_of(library, recommendation.uuid)
    assert from_answer.outgoing and not from_recommendation.outgoing
    assert from_answer.other.annotation_uuid == recommendation.uuid
    assert from_answer.other.document_id == recommendation.document_id
    assert from_answer.other.address == f"rights-annotator://annotation/{recommendation.uuid}"
    assert "para. 2" in from_answer.other.citation
    assert from_answer.reading.startswith("responds to ")
    assert from_recommendation.reading.endswith("responds to this")
    assert from_answer.link.note == "handed out since May"
    assert links.linked_uuids(library, answer.document_id) == {answer.uuid}


def test_kind_and_note_are_edited_and_a_users_own_kind_is_offered_after(library, passages):
    recommendation, answer = passages
    made = links.create_link(library, answer.uuid, recommendation.uuid, "responds to")
    edited = links.edit_link(library, made.link.uuid, kind="  partly  answers ", note="only in two prisons")

    assert (edited.link.kind, edited.link.note) == ("partly answers", "only in two prisons")
    assert links.link_kinds(library) == [*LINK_KINDS, "partly answers"]


def test_deleting_a_link_returns_it_as_it_was_so_an_undo_makes_it_again(library, passages):
    recommendation, answer = passages
    made = links.create_link(library, answer.uuid, recommendation.uuid, "responds to", "n")
    gone = links.delete_link(library, made.link.uuid)
    assert links.links_of(library, answer.uuid) == []

    again = links.create_link(library, gone.link.source_uuid, gone.link.target_uuid, gone.link.kind,
                              gone.link.note, link_uuid=gone.link.uuid)
    assert again.link == made.link


def test_the_trash_keeps_links_and_emptying_it_removes_them(library, passages):
    recommendation, answer = passages
    links.create_link(library, answer.uuid, recommendation.uuid, "responds to")

    notes.trash(library, [recommendation.uuid])
    [view] = links.links_of(library, answer.uuid)
    assert view.other.in_trash
    assert view.warning == "The linked passage is in the trash; restore it to open it."
    assert links.linked_uuids(library, recommendation.document_id) == set()

    notes.restore(library, [recommendation.uuid])
    [view] = links.links_of(library, answer.uuid)
    assert not view.other.in_trash and view.warning == ""

    notes.trash(library, [recommendation.uuid])
    notes.empty_trash(library)
    assert links.links_of(library, answer.uuid) == []


def test_a_cycle_is_allowed_and_listed_as_its_links(library, passages):
    recommendation, answer = passages
    links.create_link(library, answer.uuid, recommendation.uuid, "responds to")
    links.create_link(library, recommendation.uuid, answer.uuid, "follows up")

    readings = sorted(view.link.kind for view in links.links_of(library, answer.uuid))
    assert readings == ["follows up", "responds to"]


def test_a_missing_document_file_is_said(library, passages):
    recommendation, answer = passages
    links.create_link(library, answer.uuid, recommendation.uuid, "responds to")
    with library.reading() as session:
        file_name = session.get(Document, recommendation.document_id).file_name
    library.file_path(file_name).unlink()
    [view] = links.links_of(library, answer.uuid)
    assert view.warning == "The linked passage's document file is missing from the library."


@pytest.mark.parametrize(("kind", "message"), [
    ("", "A link needs a kind"),
    ("x" * 65, "at most 64 characters"),
])
def test_a_bad_kind_is_refused_plainly(library, passages, kind, message):
    recommendation, answer = passages
    with pytest.raises(LibraryError, match=message):
        links.create_link(library, answer.uuid, recommendation.uuid, kind)


def test_bad_links_are_refused_plainly_and_change_nothing(library, passages):
    recommendation, answer = passages
    with pytest.raises(LibraryError, match="cannot be linked to itself"):
        links.create_link(library, answer.uuid, answer.uuid, "repeats")
    links.create_link(library, answer.uuid, recommendation.uuid, "responds to")
    with pytest.raises(LibraryError, match="already linked as"):
        links.create_link(library, answer.uuid, recommendation.uuid, "responds to")
    notes.trash(library, [recommendation.uuid])
    with pytest.raises(LibraryError, match="in the trash"):
        links.create_link(library, answer.uuid, recommendation.uuid, "repeats")
    assert len(links.links_of(library, answer.uuid)) == 1
