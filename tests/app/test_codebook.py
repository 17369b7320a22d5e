"""Shared codebooks: export and import by slug, never duplicating; bad files refused, nothing changed."""

from __future__ import annotations

import json

import pytest

from app.library import Library
from app.vocabulary import codebook, tags
from app.vocabulary.builtin import ensure_builtin
from app.vocabulary.codebook import CodebookRefused
from app.vocabulary.records import TagFields


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


# ---- hostile files: refused with the entry and field named, never a traceback ----------------------

EVENT = {"slug": "event-a", "kind": "event", "label": "A", "event_type": "other"}
HOSTILE_FILES = [
    ('{"format": "rights-annotator-codebook", "version": 1, "tags": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "nested far too deeply"),
    ('{"tags": [{"slug": "theme-a", "kind": "theme", "label": ' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}]}",
     "nested far too deeply"),
    ('{"format": "rights-annotator-codebook", "version": 1' + "0" * 5000 + ', "tags": []}', "a number in it is too long"),
    (book({"slug": "theme-a", "kind": "theme", "label": ["A"]}), "tag 1 (\u201ctheme-a\u201d): \u201clabel\u201d must be text, not a list"),
    (book({"slug": "theme-a", "kind": "theme", "label": "A", "parent": {"slug": "x"}}),
     "tag 1 (\u201ctheme-a\u201d): \u201cparent\u201d must be text, not an object"),
    (book(EVENT | {"date_start": "2024-13-45"}), "tag 1 (\u201cevent-a\u201d): \u201cdate_start\u201d: \u201c2024-13-45\u201d is not a date that exists"),
    (book(EVENT | {"date_start": "yesterday"}), "tag 1 (\u201cevent-a\u201d): \u201cdate_start\u201d: \u201cyesterday\u201d is not a date"),
    (book(EVENT | {"date_start": 12345}), "tag 1 (\u201cevent-a\u201d): \u201cdate_start\u201d must be text, not a number"),
    (book(EVENT | {"date_start": "2024-01-01-01"}), "tag 1 (\u201cevent-a\u201d): \u201cdate_start\u201d: \u201c2024-01-01-01\u201d is not a date"),
    (book(EVENT | {"date_start": "2024", "date_end": "soon"}), "\u201cdate_end\u201d: \u201csoon\u201d is not a date"),
    (book({"slug": "treaty-a", "kind": "treaty", "label": "A", "in_force": "2024-02-30"}),
     "tag 1 (\u201ctreaty-a\u201d): \u201cin_force\u201d: \u201c2024-02-30\u201d is not a date that exists"),
    ('{"format": "rights-annotator-codebook", "version": 1, "tags": [{"slug": "theme-a", "kind": "theme", "label": "A\\ud800"}]}',
     "tag 1 (\u201ctheme-a\u201d): \u201clabel\u201d holds a broken character (\\ud800)"),
    ('{"format": "rights-annotator-codebook", "version": 1, "tags": [{"slug": "theme-a\\udfff", "kind": "theme", "label": "A"}]}',
     "tag 1: \u201cslug\u201d holds a broken character"),
]


@pytest.mark.parametrize(("content", "words"), HOSTILE_FILES, ids=[words[:40] for _, words in HOSTILE_FILES])
def test_a_hostile_codebook_is_refused_with_the_entry_and_field_named(library, tmp_path, content, words):
    before = snapshot(library)
    with pytest.raises(CodebookRefused) as caught:
        codebook.import_file(library, write(tmp_path, content))
    assert words in str(caught.value) and str(caught.value).startswith("codebook.json: ")
    str(caught.value).encode("utf-8")  # printable as it stands
    assert snapshot(library) == before


def test_the_command_line_refuses_a_deeply_nested_codebook_without_a_traceback(library, tmp_path, capsys):
    from app.cli import main

    path = write(tmp_path, "[" * 100_000 + "]" * 100_000)
    code = main(["--data-dir", str(library.root), "vocabulary", "import", str(path)])
    _, err = capsys.readouterr()
    assert code != 0 and "codebook.json: not a codebook (its JSON is nested far too deeply" in err
    assert "Traceback" not in err


# ---- deep and large codebooks: checked before the lock, written in a few statements ------------------

def chain(levels, kind="theme"):
    return book(*(
        {"slug": f"theme-{level}", "kind": kind, "label": f"Level {level}"} | ({"parent": f"theme-{level - 1}"} if level else {})
        for level in range(levels)
    ))


@pytest.fixture
def write_lock(library, monkeypatch):
    """Counts the write transactions opened and the statements run while one is open."""
    from contextlib import contextmanager

    from sqlalchemy import event

    held = {"transactions": 0, "statements": 0, "open": False}
    writing = library.writing

    @contextmanager
    def counted():
        held["transactions"] += 1
        held["open"] = True
        try:
            with writing() as session:
                yield session
        finally:
            held["open"] = False

    def count(*_args):
        held["statements"] += held["open"]

    monkeypatch.setattr(library, "writing", counted)
    event.listen(library.engine, "before_cursor_execute", count)
    yield held
    event.remove(library.engine, "before_cursor_execute", count)


def test_a_chain_thousands_of_levels_deep_is_refused_quickly_without_taking_the_lock(library, tmp_path, write_lock):
    import time

    path = write(tmp_path, chain(3000))
    started = time.perf_counter()
    with pytest.raises(CodebookRefused) as caught:
        codebook.import_file(library, path)
    assert time.perf_counter() - started < 5
    assert "tag 51 (\u201ctheme-50\u201d): it would sit 51 levels deep" in str(caught.value)
    assert f"at most {codebook.MAX_DEPTH} levels" in str(caught.value)
    assert write_lock["transactions"] == 0 and user_tags(library) == []


def test_a_chain_listed_children_first_is_refused_too(library, tmp_path, write_lock):
    data = chain(3000)
    data["tags"].reverse()  # no parent comes before its child: nothing may recurse per level
    with pytest.raises(CodebookRefused, match="levels deep"):
        codebook.import_file(library, write(tmp_path, data))
    assert write_lock["transactions"] == 0


def test_a_chain_forty_levels_deep_imports_each_under_the_one_before(library, tmp_path):
    data = chain(40)
    data["tags"].reverse()
    result = codebook.import_file(library, write(tmp_path, data))
    assert len(result.created_ids) == 40
    found = {t.slug: t for t in user_tags(library)}
    for level in range(1, 40):
        assert found[f"theme-{level}"].parent_id == found[f"theme-{level - 1}"].id
    codebook.undo_import(library, result)  # children taken away before their parents
    assert user_tags(library) == []


def test_a_chain_under_a_deep_library_tag_counts_the_library_levels(library, tmp_path):
    codebook.import_file(library, write(tmp_path, chain(45)))
    deeper = book(*({"slug": f"theme-more-{n}", "kind": "theme", "label": f"More {n}",
                     "parent": f"theme-more-{n - 1}" if n else "theme-44"} for n in range(10)))
    with pytest.raises(CodebookRefused, match=r"tag 6 \(\u201ctheme-more-5\u201d\): it would sit 51 levels deep"):
        codebook.import_file(library, write(tmp_path, deeper))


def test_two_thousand_tags_are_written_in_a_handful_of_statements(library, tmp_path, write_lock):
    data = book(*({"slug": f"theme-{n}", "kind": "theme", "label": f"Theme {n}"} for n in range(2000)))
    result = codebook.import_file(library, write(tmp_path, data))
    assert len(result.created_ids) == 2000 == len(user_tags(library))
    assert write_lock["transactions"] == 1
    assert write_lock["statements"] < 20  # one per tag or more before, for checks and flushes
    again = codebook.import_file(library, write(tmp_path, data))
    assert again.unchanged == 2000 and write_lock["statements"] < 40


def test_a_change_made_elsewhere_while_checking_is_seen_before_writing(library, tmp_path, monkeypatch):
    writing = library.writing

    def another_window_first():
        with Library.open(library.root) as other:
            tags.create_tag(other, TagFields(kind="theme", label="Detention"))
        return writing()

    monkeypatch.setattr(library, "writing", another_window_first)
    path = write(tmp_path, book({"slug": "theme-detention-2", "kind": "theme", "label": "detention"}))
    with pytest.raises(CodebookRefused, match="another theme at the top level already has this name"):
        codebook.import_file(library, path)
    assert [t.slug for t in user_tags(library)] == ["theme-detention"]


def test_a_codebook_cannot_move_a_tag_under_its_own_descendant_in_the_library(library, tmp_path):
    top = tags.create_tag(library, TagFields(kind="theme", label="Detention"))
    tags.create_tag(library, TagFields(kind="theme", label="Prisons", parent_id=top.id))
    before = snapshot(library)
    path = write(tmp_path, book({"slug": "theme-detention", "kind": "theme", "label": "Detention",
                                 "parent": "theme-detention-prisons"}))
    with pytest.raises(CodebookRefused, match="circle"):
        codebook.import_file(library, path)
    assert snapshot(library) == before
