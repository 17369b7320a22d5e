"""Filters answered inside the annotation index stay right as passages, documents and tags change."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import text

from app.services import annotations as notes
from app.services import search
from app.services.search import AnnotationFilters, search_annotations
from app.services.structure import correct_document
from app.store import sqlite_search
from app.store.filters import FACET_KIND, FACET_TAG, facet
from app.text.query import parse
from app.vocabulary import tags
from app.vocabulary.records import TagFields
from tests.app.test_search import either_passages, found  # noqa: F401 - a fixture


def test_a_document_whose_kind_or_country_changes_is_found_by_its_new_values(either_passages):
    library, passages, ids, russia, news = either_passages
    correct_document(library, news, kind="ngo_report", country="Türkiye")
    assert found(search_annotations(library, "restraint", AnnotationFilters(document_kinds=("news",)))) == []
    by_kind = search_annotations(library, "restraint", AnnotationFilters(document_kinds=("ngo_report",)))
    assert found(by_kind) == ["restraint rules unchanged"]
    by_country = AnnotationFilters(countries=("Türkiye",))
    assert set(found(search_annotations(library, filters=by_country))) == {
        "withdrawal from the torture convention", "restraint rules unchanged"}


def test_colour_note_and_tags_changed_on_a_passage_are_followed(either_passages):
    library, passages, ids, *_ = either_passages
    rules = passages["rules"].uuid
    notes.set_tags(library, rules, [ids["art3"]])
    notes.set_note(library, rules, "compare with 2019")
    notes.set_color(library, rules, "green")
    green = AnnotationFilters(colors=("green",), has_note=True, tags_any=(ids["echr"],))
    assert found(search_annotations(library, "restraint", green)) == ["restraint rules unchanged"]
    notes.set_note(library, rules, "")
    assert "restraint rules unchanged" in found(search_annotations(library, "restraint", AnnotationFilters(has_note=False)))
    notes.set_tags(library, rules, [])
    assert found(search_annotations(library, "restraint", AnnotationFilters(tags_any=(ids["echr"],)))) == [
        "Restraint beds were used"]


def test_a_tag_moved_under_another_brings_its_passages_along(either_passages):
    library, passages, ids, *_ = either_passages
    cat = tags.create_tag(library, TagFields(kind="treaty", label="Convention against Torture", code="CAT"))
    article = tags.get_tag(library, ids["art3"])
    tags.update_tag(library, ids["art3"], article.fields.with_changes(parent_id=cat.id))
    under_cat = set(found(search_annotations(library, filters=AnnotationFilters(tags_any=(cat.id,)))))
    assert under_cat == {"Restraint beds were used", "beatings during arrest"}
    assert found(search_annotations(library, filters=AnnotationFilters(tags_any=(ids["echr"],)))) == []


def test_typed_words_never_find_the_hidden_filter_words(either_passages):
    library, passages, ids, russia, _news = either_passages
    for typed in (f"d{russia}", f"t{ids['art3']}", "n0", "n1", "o" + "red".encode().hex()):
        assert found(search_annotations(library, typed)) == [], typed


@pytest.mark.parametrize("typed, could", [
    ("police", False), ("restraint beds", False), ("restr*", False), ("beatings OR custody NOT arrest", False),
    ("d12", True), ("d*", True), ("t5xk6e657773", True), ("Ď5", True), ("police OR n1", True), ("c*", True),
    ("O'Brien", True),  # "o" alone, as the tokenizer cuts it, is where a colour's word begins
])
def test_a_typed_word_is_told_apart_from_the_shapes_of_the_hidden_filter_words(typed, could):
    assert sqlite_search.could_find_a_facet(parse(typed).query) is could


def test_words_that_cannot_be_filter_words_find_the_same_passages_searched_in_every_column(either_passages,
                                                                                           monkeypatch):
    library, *_ = either_passages
    typed = ["restraint", "restr*", '"restraint beds"', "restraint NOT beds", "beatings OR withdrawal", "registers"]
    assert not any(sqlite_search.could_find_a_facet(parse(words).query) for words in typed)

    def results():
        return {(words, sort): [hit.annotation.id for hit in search_annotations(library, words, sort=sort).hits]
                for words in typed for sort in ("relevance", "date")}

    searched_everywhere = results()
    monkeypatch.setattr(sqlite_search, "could_find_a_facet", lambda query: True)
    assert results() == searched_everywhere and all(searched_everywhere.values())


def test_the_index_holds_every_passage_once_and_checks_whole(either_passages):
    library, *_ = either_passages
    with library.reading() as session:
        connection = session.connection()
        if library.is_team:
            indexed = connection.execute(text("SELECT count(DISTINCT annotation_id) FROM annotation_words")).scalar()
        else:
            connection.execute(text("INSERT INTO annotation_fts(annotation_fts) VALUES ('integrity-check')"))
            indexed = connection.execute(text("SELECT count(*) FROM annotation_fts")).scalar()
        stored = connection.execute(text("SELECT count(*) FROM annotations")).scalar()
    assert indexed == stored == 4


def _filter_mixes(ids):
    tag_choices = {"tags_any": [(), (ids["echr"],), (ids["art3"], ids["event"])],
                   "tags_all": [(), (ids["echr"],), (ids["echr"], ids["art3"])]}
    for tags_any, tags_all, kinds, countries in itertools.product(
        tag_choices["tags_any"], tag_choices["tags_all"],
        [(), ("cpt_report",), ("news",), ("cpt_report", "news")],
        [(), ("Russian Federation",), ("Utopia",)],
    ):
        yield {"tags_any": tags_any, "tags_all": tags_all, "document_kinds": kinds, "countries": countries}


@pytest.mark.parametrize("pairs_at_most", [sqlite_search.PAIRS_AT_MOST, 0])
def test_every_mix_of_tag_kind_and_country_filters_finds_what_each_allows_alone(either_passages, monkeypatch,
                                                                               pairs_at_most):
    """Tags meet kinds and countries in pair words (or, past the limit, each in its own list):
    either way a mix finds exactly the passages every one of its filters finds alone."""
    library, _passages, ids, *_ = either_passages
    monkeypatch.setattr(sqlite_search, "PAIRS_AT_MOST", pairs_at_most)
    checked = 0
    everything = set(found(search_annotations(library)))
    for mix in _filter_mixes(ids):
        alone = [set(found(search_annotations(library, filters=AnnotationFilters(**{name: value}))))
                 for name, value in mix.items() if value]
        expected = set.intersection(everything, *alone)
        for words in ("", "restraint OR withdrawal"):
            wanted = expected & set(found(search_annotations(library, words)))
            assert set(found(search_annotations(library, words, AnnotationFilters(**mix)))) == wanted, (words, mix)
            checked += bool(wanted)
    assert checked > 10  # the mixes are not all empty


def test_a_tag_with_a_kind_is_one_list_of_pair_words(either_passages):
    _library, _passages, ids, *_ = either_passages
    words = sqlite_search.filter_words(AnnotationFilters(tags_any=(ids["echr"], ids["art3"]), document_kinds=("news",)))
    kind = facet(FACET_KIND, "news")
    assert words == [[sqlite_search.facet_pair(facet(FACET_TAG, tag), kind) for tag in (ids["echr"], ids["art3"])]]


def test_the_quick_ranked_search_lists_what_the_composed_query_lists(either_passages):
    """A ranked search the index answers whole skips the composed query: both give one order."""
    library, _passages, ids, russia, _news = either_passages
    for words, filters in [("restraint", AnnotationFilters()), ("restr* OR beatings", AnnotationFilters(documents=(russia,))),
                          ("restraint", AnnotationFilters(tags_any=(ids["echr"],), countries=("Russian Federation",))),
                          ("torture OR used", AnnotationFilters(has_note=False, colors=("yellow", "blue")))]:
        quick = [hit.annotation.id for hit in search_annotations(library, words, filters).hits]
        with library.reading() as session:
            composed = list(session.scalars(search.matching_ids(session, parse(words).query, filters)))
        assert quick == composed and quick, words


def test_results_hold_each_passage_as_the_annotation_service_reads_it(either_passages):
    library, passages, *_ = either_passages
    hits = search_annotations(library, "restraint OR beatings OR withdrawal").hits
    assert len(hits) == 4
    for hit in hits:
        assert hit.annotation == notes.get_annotation(library, hit.annotation.uuid)
        # Results are made without their classes' __init__: they must be what it would make.
        assert hit == search.AnnotationHit(**vars(hit)) and hash(hit.annotation)
        assert hit.annotation == notes.AnnotationInfo(**vars(hit.annotation))
    assert not any(hasattr(cls, "__post_init__") for cls in (notes.AnnotationInfo, search.AnnotationHit))
