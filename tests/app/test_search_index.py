"""Filters answered inside the annotation index stay right as passages, documents and tags change."""

from __future__ import annotations

from sqlalchemy import text

from app.services import annotations as notes
from app.services.search import AnnotationFilters, search_annotations
from app.services.structure import correct_document
from app.vocabulary import tags
from app.vocabulary.records import TagFields
from tests.app.test_search import found, library_with_passages  # noqa: F401 - a fixture


def test_a_document_whose_kind_or_country_changes_is_found_by_its_new_values(library_with_passages):
    library, passages, ids, russia, news = library_with_passages
    correct_document(library, news, kind="ngo_report", country="Türkiye")
    assert found(search_annotations(library, "restraint", AnnotationFilters(document_kinds=("news",)))) == []
    by_kind = search_annotations(library, "restraint", AnnotationFilters(document_kinds=("ngo_report",)))
    assert found(by_kind) == ["restraint rules unchanged"]
    by_country = AnnotationFilters(countries=("Türkiye",))
    assert set(found(search_annotations(library, filters=by_country))) == {
        "withdrawal from the torture convention", "restraint rules unchanged"}


def test_colour_note_and_tags_changed_on_a_passage_are_followed(library_with_passages):
    library, passages, ids, *_ = library_with_passages
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


def test_a_tag_moved_under_another_brings_its_passages_along(library_with_passages):
    library, passages, ids, *_ = library_with_passages
    cat = tags.create_tag(library, TagFields(kind="treaty", label="Convention against Torture", code="CAT"))
    article = tags.get_tag(library, ids["art3"])
    tags.update_tag(library, ids["art3"], article.fields.with_changes(parent_id=cat.id))
    under_cat = set(found(search_annotations(library, filters=AnnotationFilters(tags_any=(cat.id,)))))
    assert under_cat == {"Restraint beds were used", "beatings during arrest"}
    assert found(search_annotations(library, filters=AnnotationFilters(tags_any=(ids["echr"],)))) == []


def test_typed_words_never_find_the_hidden_filter_words(library_with_passages):
    library, passages, ids, russia, _news = library_with_passages
    for typed in (f"d{russia}", f"t{ids['art3']}", "n0", "n1", "o" + "red".encode().hex()):
        assert found(search_annotations(library, typed)) == [], typed


def test_the_index_holds_every_passage_once_and_checks_whole(library_with_passages):
    library, *_ = library_with_passages
    with library.reading() as session:
        connection = session.connection()
        connection.execute(text("INSERT INTO annotation_fts(annotation_fts) VALUES ('integrity-check')"))
        indexed = connection.execute(text("SELECT count(*) FROM annotation_fts")).scalar()
        stored = connection.execute(text("SELECT count(*) FROM annotations")).scalar()
    assert indexed == stored == 4
