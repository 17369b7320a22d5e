"""Searching annotations: words and operators, every filter, sorting, marked words, safety."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.services import annotations as notes
from app.services.importing import import_paths
from app.services.search import AnnotationFilters, search_annotations
from app.services.structure import correct_document
from app.store.models import Tag
from tests.app.test_annotations import selection
from tests.pdfs import make_pdf


@pytest.fixture
def library_with_passages(library, tmp_path):
    """Four passages in two documents, on the local library."""
    return fill_passages(library, tmp_path)


@pytest.fixture
def either_passages(either_library, tmp_path):
    """The same passages on the local library and on a team library in turn: the search holds on both."""
    return fill_passages(either_library, tmp_path)


def fill_passages(library, tmp_path):
    russia = import_paths(library, [make_pdf(tmp_path / "ru.pdf", [
        "1. Restraint beds were used in the police station for hours.",
        "2. The delegation heard of beatings during arrest.",
    ])])[0].document.id
    news = import_paths(library, [make_pdf(tmp_path / "news.pdf", [
        "Minister announces withdrawal from the torture convention; restraint rules unchanged.",
    ])])[0].document.id
    correct_document(library, russia, kind="cpt_report", country="Russian Federation", published="2019-11-05")
    correct_document(library, news, kind="news", country="Russian Federation", published="2025-06-02")

    with library.writing() as session:
        echr = Tag(slug="echr", kind="treaty", label="European Convention on Human Rights", code="ETS 005")
        session.add(echr)
        session.flush()
        article = Tag(slug="echr-3", kind="article", label="Prohibition of torture", code="ECHR Art. 3", parent_id=echr.id)
        event = Tag(slug="withdrawal", kind="event", label="Withdrawal from ETS 126", date_start="2025-06-02")
        session.add_all([article, event])
        session.flush()
        ids = {"echr": echr.id, "art3": article.id, "event": event.id}

    def make(document, phrase, **extra):
        return notes.create_annotation(library, notes.draft_from_selection(selection(library, document, phrase), **extra))

    passages = {
        "beds": make(russia, "Restraint beds were used", tag_ids=[ids["art3"]], note="ask for registers"),
        "beatings": make(russia, "beatings during arrest", color="red", tag_ids=[ids["art3"]]),
        "withdrawal": make(news, "withdrawal from the torture convention", tag_ids=[ids["event"]], color="blue"),
        "rules": make(news, "restraint rules unchanged"),
    }
    return library, passages, ids, russia, news


def found(results):
    return [hit.annotation.quote for hit in results.hits]


def test_words_phrases_prefixes_and_operators(either_passages):
    library, passages, *_ = either_passages
    assert set(found(search_annotations(library, "restraint"))) == {"Restraint beds were used", "restraint rules unchanged"}
    assert found(search_annotations(library, '"restraint beds"')) == ["Restraint beds were used"]
    assert set(found(search_annotations(library, "restr*"))) == {"Restraint beds were used", "restraint rules unchanged"}
    assert found(search_annotations(library, "restraint NOT beds")) == ["restraint rules unchanged"]
    assert set(found(search_annotations(library, "beatings OR withdrawal"))) == {
        "beatings during arrest", "withdrawal from the torture convention"}
    assert found(search_annotations(library, "registers")) == ["Restraint beds were used"]  # in the note
    assert set(found(search_annotations(library, '"ECHR Art 3"'))) == {"Restraint beds were used", "beatings during arrest"}


def test_matched_words_are_marked_in_the_quote(either_passages):
    library, *_ = either_passages
    [hit] = search_annotations(library, "beds").hits
    start, end = hit.highlights[0]
    assert hit.annotation.quote[start:end] == "beds"
    assert hit.page_label == "1" and hit.document_title


def test_a_treaty_includes_its_articles_and_all_means_all(either_passages):
    library, passages, ids, *_ = either_passages
    by_treaty = search_annotations(library, filters=AnnotationFilters(tags_any=(ids["echr"],)))
    assert set(found(by_treaty)) == {"Restraint beds were used", "beatings during arrest"}
    both = AnnotationFilters(tags_all=(ids["echr"], ids["event"]))
    assert found(search_annotations(library, filters=both)) == []


def test_document_filters(either_passages):
    library, passages, ids, russia, news = either_passages
    assert set(found(search_annotations(library, filters=AnnotationFilters(documents=(news,))))) == {
        "withdrawal from the torture convention", "restraint rules unchanged"}
    cpt = search_annotations(library, "restraint", AnnotationFilters(document_kinds=("cpt_report",)))
    assert found(cpt) == ["Restraint beds were used"]
    since = AnnotationFilters(published_from="2020", countries=("Russian Federation",))
    assert len(search_annotations(library, filters=since).hits) == 2
    until = AnnotationFilters(published_to="2019")
    assert len(search_annotations(library, filters=until).hits) == 2  # the whole of 2019 counts


def test_colour_note_date_and_event_filters(either_passages):
    library, passages, *_ = either_passages
    assert found(search_annotations(library, filters=AnnotationFilters(colors=("red",)))) == ["beatings during arrest"]
    assert found(search_annotations(library, filters=AnnotationFilters(has_note=True))) == ["Restraint beds were used"]
    assert len(search_annotations(library, filters=AnnotationFilters(has_note=False)).hits) == 3
    later = passages["rules"].created_at + timedelta(seconds=1)
    assert found(search_annotations(library, filters=AnnotationFilters(created_from=later))) == []
    before_first = passages["beds"].created_at - timedelta(seconds=1)
    assert found(search_annotations(library, filters=AnnotationFilters(created_to=before_first))) == []
    assert len(search_annotations(library, filters=AnnotationFilters(created_to=later)).hits) == 4
    in_2025 = AnnotationFilters(event_from="2025-01-01", event_to="2025-12-31")
    assert found(search_annotations(library, filters=in_2025)) == ["withdrawal from the torture convention"]
    assert found(search_annotations(library, filters=AnnotationFilters(event_to="2024"))) == []


def test_sorting_and_trash(either_passages):
    library, passages, ids, russia, news = either_passages
    by_place = found(search_annotations(library, sort="document"))
    assert by_place[:2] == ["Restraint beds were used", "beatings during arrest"]
    newest_first = found(search_annotations(library, sort="date"))
    assert newest_first[0] == "restraint rules unchanged"
    notes.trash(library, [passages["rules"].uuid])
    assert found(search_annotations(library, "restraint")) == ["Restraint beds were used"]


@pytest.mark.parametrize("typed", ['"unbalanced', "NOT", "*", ")(", "'; DROP TABLE annotations; --", "x" * 10_000, "😀", "%_%"])
def test_any_query_is_safe(either_passages, typed):
    library, *_ = either_passages
    results = search_annotations(library, typed)
    assert isinstance(results.hits, tuple)


def test_passages_are_found_by_who_made_them(either_passages):
    library, passages, *_ = either_passages
    maker = passages["beds"].created_by
    assert maker  # the member's login on a team library, the user's name on a local one
    assert len(search_annotations(library, filters=AnnotationFilters(authors=(maker,))).hits) == 4
    assert search_annotations(library, "restraint", AnnotationFilters(authors=("someone else",))).hits == ()
    assert len(search_annotations(library, "restraint", AnnotationFilters(authors=(maker, "x"))).hits) == 2
