"""The built-in treaties: their data's shape, stable identifiers, and loading into every library."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date

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
    assert all(entry.fields.kind in ("treaty", "standard", "article") for entry in entries)


def test_every_treaty_has_number_names_organisation_and_dates():
    for item in raw_tags():
        if item["kind"] not in ("treaty", "standard"):
            continue
        # A standard (the Nelson Mandela Rules, the European Prison Rules) is adopted, never in force.
        for name in ("label", "code", "short_name", "organisation", "adopted") + (("in_force",) if item["kind"] == "treaty" else ()):
            assert item.get(name), f"{item['slug']} lacks {name}"
        dates = [item["adopted"]] + ([item["in_force"]] if item.get("in_force") else [])
        for day in dates:
            assert ISO_DAY.fullmatch(day) and date.fromisoformat(day) <= date.today(), (item["slug"], day)
        assert dates == sorted(dates), f"{item['slug']} is in force before it was adopted"


# The Council of Europe's treaties opened for signature up to 2003 are ETS No. 001-193 (European
# Treaty Series); from 2004 the series is the Council of Europe Treaty Series, CETS No. 194 onwards
# (Protocol No. 14 to the ECHR, CETS No. 194; the Istanbul Convention, CETS No. 210).
def coe_treaty_code_is_right(code: str) -> bool:
    match = re.fullmatch(r"(C?ETS) No\. (\d{3})", code)
    return match is not None and (match[1] == "CETS") == (int(match[2]) >= 194)


def test_every_code_is_written_as_its_organisation_numbers_it():
    for item in raw_tags():
        if item["kind"] == "treaty" and item["organisation"] == "Council of Europe":
            assert coe_treaty_code_is_right(item["code"]), (item["slug"], item["code"])
        elif item["kind"] == "standard" and item["organisation"] == "Council of Europe":
            assert re.fullmatch(r"(CM/)?Rec\(\d{4}\)\d+", item["code"]), (item["slug"], item["code"])
        elif item["kind"] in ("treaty", "standard") and item["organisation"] == "United Nations":
            # The General Assembly resolution that adopted it: 39/46 from 1976 on, 2200A (XXI) before.
            assert re.fullmatch(r"A/RES/(\d{2}/\d{1,3}|\d{3,4}[A-Z]? \([XVI]+\))", item["code"]), (item["slug"], item["code"])


def test_the_council_of_europe_numbering_rule_itself():
    assert coe_treaty_code_is_right("ETS No. 005") and coe_treaty_code_is_right("ETS No. 193")
    assert coe_treaty_code_is_right("CETS No. 194") and coe_treaty_code_is_right("CETS No. 210")
    assert not coe_treaty_code_is_right("ETS No. 210") and not coe_treaty_code_is_right("CETS No. 126")


def test_every_article_sits_under_a_treaty_with_number_and_short_title():
    by_slug = {item["slug"]: item for item in raw_tags()}
    prefixes: dict[str, set[str]] = defaultdict(set)
    for item in by_slug.values():
        if item["kind"] == "article":
            parent = by_slug[item["parent"]]
            assert parent["kind"] in ("treaty", "standard")
            unit = "Rule" if parent["kind"] == "standard" else "Article"
            label = re.fullmatch(rf"(Common )?{unit} (\d+) \u2013 \S.*", item["label"])
            code = re.fullmatch(rf"(.+) {'Rule' if unit == 'Rule' else 'Art.'} (\d+)", item["code"])
            assert label and code, (item["label"], item["code"])
            # Its number is the same in its name, its code and its slug, under its own treaty's slug.
            assert label[2] == code[2] and item["slug"].startswith(parent["slug"] + "-"), item["slug"]
            assert item["slug"].endswith(f"-{code[2]}"), item["slug"]
            prefixes[parent["slug"]].add(code[1])
    # Each treaty's articles are cited by one name, and no two treaties share it.
    assert all(len(names) == 1 for names in prefixes.values()), prefixes
    assert len({next(iter(names)) for names in prefixes.values()}) == len(prefixes)


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
        "icescr": ("A/RES/2200A (XXI)", "1966-12-16", "1976-01-03"),
        "op-icescr": ("A/RES/63/117", "2008-12-10", "2013-05-05"),
        "cerd": ("A/RES/2106 (XX)", "1965-12-21", "1969-01-04"),
        "cedaw": ("A/RES/34/180", "1979-12-18", "1981-09-03"),
        "op-cedaw": ("A/RES/54/4", "1999-10-06", "2000-12-22"),
        "crc": ("A/RES/44/25", "1989-11-20", "1990-09-02"),
        "crc-opac": ("A/RES/54/263", "2000-05-25", "2002-02-12"),
        "crc-opsc": ("A/RES/54/263", "2000-05-25", "2002-01-18"),
        "crc-opic": ("A/RES/66/138", "2011-12-19", "2014-04-14"),
        "crpd": ("A/RES/61/106", "2006-12-13", "2008-05-03"),
        "op-crpd": ("A/RES/61/106", "2006-12-13", "2008-05-03"),
        "ced": ("A/RES/61/177", "2006-12-20", "2010-12-23"),
        "cmw": ("A/RES/45/158", "1990-12-18", "2003-07-01"),
        "esc": ("ETS No. 035", "1961-10-18", "1965-02-26"),
        "esc-revised": ("ETS No. 163", "1996-05-03", "1999-07-01"),
        "istanbul-convention": ("CETS No. 210", "2011-05-11", "2014-08-01"),
    }
    for slug, (code, adopted, in_force) in expected.items():
        assert (by_slug[slug]["code"], by_slug[slug]["adopted"], by_slug[slug]["in_force"]) == (code, adopted, in_force)
    for slug, parent in {"op-icescr": "icescr", "op-cedaw": "cedaw", "crc-opac": "crc", "crc-opsc": "crc",
                         "crc-opic": "crc", "op-crpd": "crpd"}.items():
        assert by_slug[slug]["parent"] == parent
    assert {f"CRPD Art. {n}" for n in range(1, 36)} <= {i["code"] for i in by_slug.values() if i.get("parent") == "crpd"}
    assert {f"Revised ESC Art. {n}" for n in range(1, 32)} <= {
        i["code"] for i in by_slug.values() if i.get("parent") == "esc-revised"}
    # The standards the CPT applies: adopted, never in force, their rules under them.
    mandela, prison_rules = by_slug["nelson-mandela-rules"], by_slug["european-prison-rules"]
    assert (mandela["kind"], mandela["code"], mandela["adopted"], mandela.get("in_force")) == (
        "standard", "A/RES/70/175", "2015-12-17", None)
    assert (prison_rules["kind"], prison_rules["code"], prison_rules["adopted"], prison_rules.get("in_force")) == (
        "standard", "Rec(2006)2", "2006-01-11", None)
    assert by_slug["nelson-mandela-rules-rule-43"]["code"] == "Mandela Rule 43"
    assert by_slug["european-prison-rules-rule-60"]["parent"] == "european-prison-rules"
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


# Every slug the app has shipped. Teams' codebooks and libraries name tags by these: a slug may
# be added to the data, never renamed or removed (labels and dates may be corrected freely).
SHIPPED_SLUGS = """
    coe-statute coe-statute-art-1 coe-statute-art-3 coe-statute-art-4 coe-statute-art-7
    coe-statute-art-8 echr echr-art-1 echr-art-2 echr-art-3 echr-art-4 echr-art-5 echr-art-6 echr-art-7
    echr-art-8 echr-art-9 echr-art-10 echr-art-11 echr-art-12 echr-art-13 echr-art-14 echr-art-15
    echr-art-16 echr-art-17 echr-art-18 echr-art-19 echr-art-33 echr-art-34 echr-art-35 echr-art-41
    echr-art-46 echr-art-52 echr-art-58 echr-p1 echr-p1-art-1 echr-p1-art-2 echr-p1-art-3 echr-p6
    echr-p6-art-1 echr-p13 echr-p13-art-1 ecpt ecpt-art-1 ecpt-art-2 ecpt-art-3 ecpt-art-4 ecpt-art-5
    ecpt-art-6 ecpt-art-7 ecpt-art-8 ecpt-art-9 ecpt-art-10 ecpt-art-11 ecpt-art-12 ecpt-art-13
    ecpt-art-14 ecpt-art-15 ecpt-art-16 ecpt-art-17 ecpt-art-18 ecpt-art-19 ecpt-art-20 ecpt-art-21
    ecpt-art-22 ecpt-art-23 ecpt-p1 ecpt-p2 fcnm fcnm-art-1 fcnm-art-2 fcnm-art-3 fcnm-art-4 fcnm-art-5
    fcnm-art-6 fcnm-art-7 fcnm-art-8 fcnm-art-9 fcnm-art-10 fcnm-art-11 fcnm-art-12 fcnm-art-13
    fcnm-art-14 fcnm-art-15 fcnm-art-16 fcnm-art-17 fcnm-art-18 fcnm-art-19 fcnm-art-24 fcnm-art-25
    fcnm-art-26 fcnm-art-31 uncat uncat-art-1 uncat-art-2 uncat-art-3 uncat-art-4 uncat-art-5
    uncat-art-6 uncat-art-7 uncat-art-8 uncat-art-9 uncat-art-10 uncat-art-11 uncat-art-12 uncat-art-13
    uncat-art-14 uncat-art-15 uncat-art-16 uncat-art-17 uncat-art-19 uncat-art-20 uncat-art-21
    uncat-art-22 uncat-art-31 opcat opcat-art-1 opcat-art-2 opcat-art-3 opcat-art-4 opcat-art-11
    opcat-art-14 opcat-art-17 opcat-art-19 opcat-art-20 opcat-art-33 iccpr iccpr-art-2 iccpr-art-4
    iccpr-art-6 iccpr-art-7 iccpr-art-8 iccpr-art-9 iccpr-art-10 iccpr-art-12 iccpr-art-13 iccpr-art-14
    iccpr-art-17 iccpr-art-18 iccpr-art-19 iccpr-art-21 iccpr-art-22 iccpr-art-25 iccpr-art-26
    iccpr-art-27 iccpr-art-28 iccpr-art-40 geneva-conventions geneva-conventions-common-art-3
""".split()


def test_no_shipped_slug_is_ever_renamed_or_removed():
    missing = sorted(set(SHIPPED_SLUGS) - {item["slug"] for item in raw_tags()})
    assert not missing, f"shipped identifiers missing from the data: {missing}"


def test_corrected_facts_reach_libraries_but_colour_and_description_stay(library):
    ensure_builtin(library)
    with library.writing() as session:  # a library loaded from an older, uncorrected data file
        echr = session.scalar(select(Tag).where(Tag.slug == "echr"))
        echr.in_force, echr.label = "1953-09-04", "Old name"
        echr.color, echr.description = "#00aa00", "Our team's note"
    builtin._synced.clear()  # as on the next start of the app

    assert ensure_builtin(library) == 0
    echr = tags.find_tag(library, "echr")
    assert (echr.fields.in_force, echr.label) == (
        "1953-09-03", "Convention for the Protection of Human Rights and Fundamental Freedoms")
    assert (echr.color, echr.fields.description) == ("#00aa00", "Our team's note")
