"""Searching by links: linked to a document, without a link of a kind; on both engines.

A link whose other end is in the trash still counts, as the panel lists it (``links_of``):
the link's row stays until the trash is emptied, and restoring the passage brings it back.
"""

from __future__ import annotations

import pytest

from app.services import annotations as notes
from app.services.links import create_link
from app.services.search import AnnotationFilters, matching_ids, search_annotations
from tests.app.test_search import either_passages, found  # noqa: F401 - a fixture


@pytest.fixture
def linked(either_passages):
    """The news's withdrawal responds to the report's beds; the rules repeat the beatings."""
    library, passages, ids, russia, news = either_passages
    create_link(library, passages["withdrawal"].uuid, passages["beds"].uuid, "responds to")
    create_link(library, passages["rules"].uuid, passages["beatings"].uuid, "repeats")
    return either_passages


def search(library, text="", **filters):
    return sorted(found(search_annotations(library, text, AnnotationFilters(**filters))))


def test_linked_to_a_document_either_way(linked):
    library, passages, ids, russia, news = linked
    assert search(library, linked_to_documents=(russia,)) == ["restraint rules unchanged",
                                                              "withdrawal from the torture convention"]
    assert search(library, linked_to_documents=(news,)) == ["Restraint beds were used", "beatings during arrest"]
    assert len(search(library, linked_to_documents=(russia, news))) == 4


def test_without_a_link_of_a_kind_or_of_any(linked):
    library, passages, *_ = linked
    assert search(library, without_link="responds to") == ["beatings during arrest", "restraint rules unchanged"]
    assert search(library, without_link="  responds   to ") == ["beatings during arrest", "restraint rules unchanged"]
    assert search(library, without_link="repeats") == ["Restraint beds were used",
                                                       "withdrawal from the torture convention"]
    assert search(library, without_link="contradicts") == sorted(p.quote for p in passages.values())
    assert search(library, without_link="") == []
    unlinked = notes.create_annotation(library, notes.draft_of(passages["beds"]))
    assert search(library, without_link="") == [unlinked.quote]


def test_with_words_and_other_filters(linked):
    library, passages, ids, russia, news = linked
    assert search(library, "restraint", linked_to_documents=(russia,)) == ["restraint rules unchanged"]
    assert search(library, "restraint", without_link="responds to") == ["restraint rules unchanged"]
    assert search(library, "restraint OR beatings", without_link="repeats") == ["Restraint beds were used"]
    assert search(library, linked_to_documents=(news,), colors=("red",)) == ["beatings during arrest"]
    assert search(library, linked_to_documents=(news,), without_link="repeats") == ["Restraint beds were used"]
    assert search(library, without_link="responds to", documents=(russia,), tags_any=(ids["art3"],)) == [
        "beatings during arrest"]
    # Best match with a link filter goes by the rows, not the index alone: the same passages.
    ranked = found(search_annotations(library, "restraint", AnnotationFilters(without_link="")))
    assert ranked == []


def test_an_end_in_the_trash_still_counts_until_the_trash_is_emptied(linked):
    library, passages, ids, russia, news = linked
    notes.trash(library, [passages["beds"].uuid])
    assert search(library, linked_to_documents=(russia,)) == ["restraint rules unchanged",
                                                              "withdrawal from the torture convention"]
    assert search(library, without_link="responds to") == ["beatings during arrest", "restraint rules unchanged"]
    # The passage in the trash is never a result itself.
    assert search(library, linked_to_documents=(news,)) == ["beatings during arrest"]
    notes.empty_trash(library)
    assert search(library, linked_to_documents=(russia,)) == ["restraint rules unchanged"]
    assert search(library, without_link="responds to") == ["beatings during arrest", "restraint rules unchanged",
                                                           "withdrawal from the torture convention"]


def test_the_export_query_narrows_the_same_way(linked):
    library, passages, ids, russia, news = linked
    with library.reading() as session:
        wanted = set(session.scalars(matching_ids(session, None, AnnotationFilters(linked_to_documents=(news,)))))
    assert wanted == {passages["beds"].id, passages["beatings"].id}


def test_link_filters_are_outside_the_index():
    assert AnnotationFilters(linked_to_documents=(1,)).outside_index
    assert AnnotationFilters(without_link="").outside_index
    assert not AnnotationFilters(without_link=None).outside_index
    assert not AnnotationFilters(linked_to_documents=(1,)).plain_valued
