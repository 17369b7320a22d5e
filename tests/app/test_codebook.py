"""Shared codebooks: export and import by slug, never duplicating; bad files refused, nothing changed."""

from __future__ import annotations

import json

import pytest

from app.vocabulary import codebook, tags
from app.vocabulary.builtin import ensure_builtin
from app.vocabulary.codebook import CodebookRefused
from app.vocabulary.records import TagFields
from app.library import Library


def snapshot(library):
    """The vocabulary by slug, parents named by slug: row ids differ between libraries."""
    found = tags.list_tags(library)
    slug_of = {t.id: t.slug for t in found}
    return sorted(
        (t.slug, t.builtin, t.fields.with_changes(parent_id=slug_of.get(t.parent_id)), t.passages) for t in found
    )


def write(tmp_path, data, name="codebook.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def book(*items):
    return {"format": "rights-annotator-codebook", "version": 1, "tags": list(items)}


@pytest.fixture(autouse=True)
def builtins_loaded(library):
    """Every library has the built-in treaties (the window and the command line load them)."""
    ensure_builtin(library)


def user_tags(library):
    return [t for t in tags.list_tags(library) if not t.builtin]


@pytest.fixture
def other_library(tmp_path):
    with Library.open(tmp_path / "other") as opened:
        yield opened


def test_a_codebook_carries_a_vocabulary_to_another_library(library, other_library, tmp_path):
    ensure_builtin(library)
    detention = tags.create_tag(library, TagFields(kind="theme", label="Detention", color="#336699"))
    tags.create_tag(library, TagFields(kind="theme", label="Prisons", parent_id=detention.id))
    tags.create_tag(library, TagFields(
        kind="event", label="Visit to X", event_type="monitoring_visit", date_start="2024-03-01",
        date_end="2024-03-12", country="X", actors=("CPT",), treaties=("ecpt",)))
    path = tmp_path / "team.json"
    codebook.export_file(library, path)

    result = codebook.import_file(other_library, path)

    assert snapshot(other_library) == snapshot(library)
    assert len(result.created_ids) == 3  # the built-in treaties were there already
    prisons = tags.find_tag(other_library, "theme-detention-prisons")
    assert prisons.parent_id == tags.find_tag(other_library, "theme-detention").id


def test_importing_twice_never_duplicates(library, other_library, tmp_path):
    tags.create_tag(library, TagFields(kind="theme", label="Detention"))
    path = tmp_path / "team.json"
    codebook.export_file(library, path)
    codebook.import_file(other_library, path)
    again = codebook.import_file(other_library, path)
    assert again.created_ids == () and again.updated_ids == () and again.unchanged == len(tags.list_tags(library))
    assert len(user_tags(other_library)) == 1


def test_import_merges_by_slug_updating_names_but_keeping_local_colours(library, tmp_path):
    local = tags.create_tag(library, TagFields(kind="theme", label="Detention", color="#ff0000"))
    path = write(tmp_path, book(
        {"slug": local.slug, "kind": "theme", "label": "Deprivation of liberty", "color": "#00ff00",
         "description": "Any place where people are held"},
        {"slug": "theme-new", "kind": "theme", "label": "New", "parent": local.slug},
    ))
    result = codebook.import_file(library, path)
    merged = tags.get_tag(library, local.id)
    assert (merged.label, merged.color, merged.fields.description) == (
        "Deprivation of liberty", "#ff0000", "Any place where people are held")
    assert result.updated_ids == (local.id,) and result.previous[local.id].label == "Detention"
    assert tags.find_tag(library, "theme-new").parent_id == local.id

    codebook.undo_import(library, result)
    assert tags.get_tag(library, local.id).label == "Detention"
    assert [t.slug for t in user_tags(library)] == [local.slug]


def test_import_does_not_change_builtin_facts(library, tmp_path):
    ensure_builtin(library)
    path = write(tmp_path, book({"slug": "echr", "kind": "treaty", "label": "Renamed", "color": "#010203"}))
    codebook.import_file(library, path)
    echr = tags.find_tag(library, "echr")
    assert echr.label.startswith("Convention for the Protection of Human Rights") and echr.color == "#010203"


BAD_FILES = [
    ("{ not json", "not valid JSON (line 1, column 3"),
    ("[]", "JSON object"),
    (book() | {"extra": 1}, "unknown field \u201cextra\u201d"),
    ({"format": "something", "version": 1, "tags": []}, "not a codebook"),
    (book() | {"version": 9}, "version 9"),
    (book() | {"tags": {}}, "\u201ctags\u201d must be a list"),
    (book({"slug": "theme-a", "kind": "theme", "label": "A", "colour": "#ff0000"}), "tag 1 (\u201ctheme-a\u201d): unknown field \u201ccolour\u201d"),
    (book({"slug": "theme-a", "kind": "theme", "label": 5}), "\u201clabel\u201d must be text, not a number"),
    (book({"slug": "event-a", "kind": "event", "label": "A", "event_type": "other", "date_start": "2024",
           "actors": "CPT"}), "\u201cactors\u201d must be a list of texts"),
    (book({"slug": "Theme A", "kind": "theme", "label": "A"}), "lower-case letters"),
    (book({"kind": "theme", "label": "A"}), "\u201cslug\u201d is missing"),
    (book("theme-a"), "tag 1: must be an object, not text"),
    (book({"slug": "theme-a", "kind": "theme", "label": "A"}, {"slug": "theme-a", "kind": "theme", "label": "B"}),
     "appears twice"),
    (book({"slug": "theme-a", "kind": "theme", "label": "A"}, {"slug": "theme-b", "kind": "theme", "label": "a"}),
     "tag 2 (\u201ctheme-b\u201d): \u201ca\u201d: another theme at the top level already has this name"),
    (book({"slug": "theme-a", "kind": "theme", "label": "A", "parent": "theme-b"},
          {"slug": "theme-b", "kind": "theme", "label": "B", "parent": "theme-a"}), "circle (theme-a \u2192 theme-b \u2192 theme-a)"),
    (book({"slug": "theme-a", "kind": "theme", "label": "A", "parent": "theme-zzz"}), "parent \u201ctheme-zzz\u201d is neither"),
    (book({"slug": "event-a", "kind": "event", "label": "A", "event_type": "other", "date_start": "2024-05",
           "date_end": "2024-04"}), "ends (2024-04) before it starts (2024-05)"),
    (book({"slug": "event-a", "kind": "event", "label": "A", "event_type": "other", "date_start": "2024",
           "treaties": ["nope"]}), "linked treaty \u201cnope\u201d"),
]


@pytest.mark.parametrize(("content", "words"), BAD_FILES, ids=[words[:30] for _, words in BAD_FILES])
def test_a_bad_codebook_is_refused_with_its_problem_named_and_nothing_changed(library, tmp_path, content, words):
    tags.create_tag(library, TagFields(kind="theme", label="Existing", color="#123456"))
    before = snapshot(library)
    with pytest.raises(CodebookRefused) as caught:
        codebook.import_file(library, write(tmp_path, content))
    assert words in str(caught.value)
    assert str(caught.value).startswith("codebook.json")
    assert snapshot(library) == before


def test_a_problem_late_in_a_file_leaves_the_earlier_tags_out_too(library, tmp_path):
    path = write(tmp_path, book(
        {"slug": "theme-good", "kind": "theme", "label": "Good"},
        {"slug": "event-bad", "kind": "event", "label": "Bad", "event_type": "other", "date_start": "2024-05-02",
         "date_end": "2024-05-01"},
    ))
    with pytest.raises(CodebookRefused):
        codebook.import_file(library, path)
    assert user_tags(library) == []


def test_a_missing_or_binary_file_is_refused_clearly(library, tmp_path):
    with pytest.raises(CodebookRefused, match="no such file"):
        codebook.import_file(library, tmp_path / "absent.json")
    binary = tmp_path / "scan.json"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(CodebookRefused, match="not UTF-8"):
        codebook.import_file(library, binary)


def test_a_codebook_cannot_change_the_kind_of_a_tag_with_entries_under_it(library, tmp_path):
    parent = tags.create_tag(library, TagFields(kind="theme", label="Detention"))
    tags.create_tag(library, TagFields(kind="theme", label="Prisons", parent_id=parent.id))
    before = snapshot(library)
    path = write(tmp_path, book({"slug": parent.slug, "kind": "event", "label": "Detention", "event_type": "other",
                                 "date_start": "2024"}))
    with pytest.raises(CodebookRefused, match="cannot change from theme to event"):
        codebook.import_file(library, path)
    assert snapshot(library) == before
