"""The built-in treaties: their data's shape, stable identifiers, and loading into every library."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from app.store.models import Tag
from app.vocabulary import builtin, codebook, tags
from app.vocabulary.builtin import SAMPLE_EVENTS_FILE, TREATIES_FILE, ensure_builtin, load_sample_events
from app.vocabulary.records import TagFields

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def raw_tags() -> list[dict]:
    return json.loads(TREATIES_FILE.read_text(encoding="utf-8"))["tags"]


def test_treaty_file_is_a_valid_codebook_with_unique_slugs():
    entries = codebook.read_file(TREATIES_FILE)
    slugs = [entry.slug for entry in entries]
    assert len(slugs) == len(set(slugs))
    assert all(entry.fields.kind in ("treaty", "article") for entry in entries)


def test_every_treaty_has_number_names_organisation_and_dates():
    for item in raw_tags():
        if item["kind"] != "treaty":
            continue
        for name in ("label", "code", "short_name", "organisation", "adopted", "in_force"):
            assert item.get(name), f"{item['slug']} lacks {name}"
        assert ISO_DAY.fullmatch(item["adopted"]) and ISO_DAY.fullmatch(item["in_force"])
        assert item["adopted"] < item["in_force"], item["slug"]


def test_every_article_sits_under_a_treaty_with_number_and_short_title():
    by_slug = {item["slug"]: item for item in raw_tags()}
    for item in by_slug.values():
        if item["kind"] == "article":
            assert by_slug[item["parent"]]["kind"] == "treaty"
            assert re.match(r"(Common )?Article \d+ \u2013 \S", item["label"]), item["label"]
            assert "Art." in item["code"]


def test_slugs_are_written_in_the_data_not_derived_from_labels():
    # Renaming a label in the data file must not change an identifier teams already share.
    for item in raw_tags():
        assert "slug" in item
    key = {item["slug"]: item for item in raw_tags()}
    assert key["echr-art-3"]["label"] == "Article 3 \u2013 Prohibition of torture"
    assert key["ecpt"]["code"] == "ETS No. 126"


def test_required_treaties_are_there_with_official_numbers_and_dates():
    by_slug = {item["slug"]: item for item in raw_tags()}
    expected = {
        "coe-statute": ("ETS No. 001", "1949-05-05", "1949-08-03"),
        "echr": ("ETS No. 005", "1950-11-04", "1953-09-03"),
        "ecpt": ("ETS No. 126", "1987-11-26", "1989-02-01"),
        "ecpt-p1": ("ETS No. 151", "1993-11-04", "2002-03-01"),
        "ecpt-p2": ("ETS No. 152", "1993-11-04", "2002-03-01"),
        "fcnm": ("ETS No. 157", "1995-02-01", "1998-02-01"),
        "uncat": ("A/RES/39/46", "1984-12-10", "1987-06-26"),
        "opcat": ("A/RES/57/199", "2002-12-18", "2006-06-22"),
        "iccpr": ("A/RES/2200A (XXI)", "1966-12-16", "1976-03-23"),
        "geneva-conventions": ("GC I\u2013IV (1949)", "1949-08-12", "1950-10-21"),
    }
    for slug, (code, adopted, in_force) in expected.items():
        assert (by_slug[slug]["code"], by_slug[slug]["adopted"], by_slug[slug]["in_force"]) == (code, adopted, in_force)
    echr_articles = {item["code"] for item in by_slug.values() if item.get("parent") == "echr"}
    assert {f"ECHR Art. {n}" for n in range(1, 19)} <= echr_articles
    assert {f"UNCAT Art. {n}" for n in range(1, 17)} <= {i["code"] for i in by_slug.values() if i.get("parent") == "uncat"}
    assert {"ICCPR Art. 6", "ICCPR Art. 7", "ICCPR Art. 9", "ICCPR Art. 10", "ICCPR Art. 14", "ICCPR Art. 19"} <= {
        i["code"] for i in by_slug.values() if i.get("parent") == "iccpr"}
    assert by_slug["geneva-conventions-common-art-3"]["parent"] == "geneva-conventions"
    assert by_slug["ecpt-p1"]["parent"] == by_slug["ecpt-p2"]["parent"] == "ecpt"


def test_builtin_treaties_load_once_and_never_duplicate(library):
    added = ensure_builtin(library)
    assert added == len(raw_tags())
    assert ensure_builtin(library) == 0
    with library.reading() as session:
        assert session.scalar(select(Tag).where(Tag.slug == "echr-art-3")).parent.slug == "echr"
        assert len(list(session.scalars(select(Tag.slug)))) == added


def test_loading_again_keeps_the_users_colour_and_restores_what_is_missing(library):
    ensure_builtin(library)
    ecpt = tags.find_tag(library, "ecpt")
    tags.update_tag(library, ecpt.id, ecpt.fields.with_changes(color="#aa0000"))
    with library.writing() as session:  # a library from before an article was added to the data
        session.delete(session.scalar(select(Tag).where(Tag.slug == "ecpt-art-22")))
    builtin.builtin_entries.cache_clear()

    assert ensure_builtin(library) == 1
    assert tags.find_tag(library, "ecpt").color == "#aa0000"
    assert tags.find_tag(library, "ecpt-art-22").parent_id == ecpt.id


def test_builtin_facts_cannot_be_edited_but_colour_can(library):
    ensure_builtin(library)
    echr = tags.find_tag(library, "echr")
    try:
        tags.update_tag(library, echr.id, echr.fields.with_changes(label="Something else"))
    except tags.VocabularyRefused as error:
        assert "built in" in str(error)
    else:
        raise AssertionError("a built-in label was changed")
    assert tags.update_tag(library, echr.id, echr.fields.with_changes(color="#123456")).color == "#123456"
    assert tags.find_tag(library, "echr").label == echr.label


def test_sample_events_are_dated_linked_and_load_once(library):
    first = load_sample_events(library)
    assert len(first.created_ids) == len(json.loads(SAMPLE_EVENTS_FILE.read_text())["tags"]) >= 5
    again = load_sample_events(library)
    assert again.created_ids == () and again.updated_ids == ()
    navalny = tags.find_tag(library, "event-death-of-alexei-navalny-2024")
    assert navalny.fields.event_type == "death_in_custody"
    assert navalny.fields.date_start == "2024-02-16" and navalny.fields.date_precision == "day"
    assert "ecpt" in navalny.fields.treaties


def test_a_user_tag_with_a_builtin_name_elsewhere_does_not_block_loading(library):
    tags.create_tag(library, TagFields(kind="theme", label="European Convention on Human Rights"))
    assert ensure_builtin(library) == len(raw_tags())


def test_builtin_data_passes_every_rule_a_user_tag_must(library):
    # Loading skips the per-tag checks for speed; this is where the data meets them.
    for entry in codebook.read_file(TREATIES_FILE):
        parent = tags.find_tag(library, entry.parent).id if entry.parent else None
        tags.create_tag(library, entry.fields.with_changes(parent_id=parent), slug=entry.slug)
