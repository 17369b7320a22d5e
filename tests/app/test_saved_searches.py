"""Saved searches keep their words and filters, and run again the same."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from app.errors import LibraryError
from app.services.saved_searches import delete_saved_search, list_saved_searches, save_search
from app.services.search import AnnotationFilters, search_annotations
from app.store.models import SavedSearch
from tests.app.test_search import library_with_passages  # noqa: F401 - a fixture


def test_a_saved_search_runs_again_with_the_same_results(library_with_passages):
    library, passages, ids, russia, news = library_with_passages
    filters = AnnotationFilters(tags_any=(ids["echr"],), document_kinds=("cpt_report",), published_from="2019",
                                created_from=datetime(2020, 1, 1, tzinfo=timezone.utc), has_note=True)
    save_search(library, "  Art. 3 in CPT reports ", "restraint", filters)
    [saved] = list_saved_searches(library)
    assert saved.name == "Art. 3 in CPT reports" and saved.filters == filters and saved.query == "restraint"
    before = search_annotations(library, "restraint", filters)
    again = search_annotations(library, saved.query, saved.filters)
    assert [h.annotation.uuid for h in again.hits] == [h.annotation.uuid for h in before.hits] != []


def test_the_same_name_replaces_and_delete_returns_what_went(library_with_passages):
    library, *_ = library_with_passages
    save_search(library, "custody", "custody", AnnotationFilters())
    save_search(library, "custody", "custody NOT police", AnnotationFilters(colors=("red",)))
    [saved] = list_saved_searches(library)
    assert saved.query == "custody NOT police"
    gone = delete_saved_search(library, saved.id)
    assert gone.name == "custody" and list_saved_searches(library) == []


@pytest.mark.parametrize(("name", "scope", "message"), [("   ", "annotations", "needs a name"), ("x", "elsewhere", "Unknown place")])
def test_bad_saved_searches_are_refused(library, name, scope, message):
    with pytest.raises(LibraryError, match=message):
        save_search(library, name, "q", AnnotationFilters(), scope)
    assert list_saved_searches(library) == []


def test_link_filters_are_kept_and_a_search_saved_before_them_reads_without(library_with_passages):
    library, passages, ids, russia, news = library_with_passages
    for without in ("", "responds to"):
        save_search(library, "links", "", AnnotationFilters(linked_to_documents=(russia, news), without_link=without))
        [saved] = list_saved_searches(library)
        assert saved.filters.linked_to_documents == (russia, news) and saved.filters.without_link == without
    # A row as an earlier version wrote it, with no link fields.
    with library.writing() as session:
        session.add(SavedSearch(name="old", scope="annotations", query="beds", filters={"colors": ["red"]}))
    old = next(s for s in list_saved_searches(library) if s.name == "old")
    assert old.filters == AnnotationFilters(colors=("red",))
    assert old.filters.linked_to_documents == () and old.filters.without_link is None
