"""Locators of every kind, from import to citation and export: "para. 8, rec. 12", "§ 3.2"."""

from __future__ import annotations

import csv
import sqlite3

import pytest
from sqlalchemy import select

from app.text.citations import DEFAULT_TEMPLATE, CitationParts, cite, split_locators
from app.export import export_annotations
from app.services import annotations as notes
from app.services.citing import cite_annotation
from app.services.importing import import_paths
from app.services.structure import list_paragraphs, paragraphs_at
from app.store import migrate, sqlite as store_sqlite
from app.store.models import PAGE_SEPARATOR, PageText
from tests.app import paragraph_builders as build
from tests.app.test_annotations import selection
from tests.app.test_migrations import fill_revision_0001, make_library_at


def imported(library, tmp_path, builder):
    path = tmp_path / f"{builder.__name__}.pdf"
    builder(path)
    [outcome] = import_paths(library, [path])
    return outcome.document.id


def document_text(library, document_id) -> str:
    with library.reading() as session:
        pages = session.scalars(
            select(PageText.text).where(PageText.document_id == document_id).order_by(PageText.page_index)
        ).all()
    return PAGE_SEPARATOR.join(pages)


def annotate(library, document_id, phrase):
    return notes.create_annotation(library, notes.draft_from_selection(selection(library, document_id, phrase)))


def test_a_recommendation_listed_in_a_paragraph_is_cited_by_both(library, tmp_path):
    document_id = imported(library, tmp_path, build.old_upr_report)
    kinds = {p.number: p.kind for p in list_paragraphs(library, document_id)}
    assert kinds["8"] == "paragraph" and kinds["8 rec. 12"] == "recommendation"
    note = annotate(library, document_id, "the instrument number 12 of the list")
    assert list(note.paragraphs) == ["8 rec. 12"]
    assert ", para. 8, rec. 12, p. " in cite_annotation(library, note.uuid).citation

    # The export's citation is made by SQL for plain paragraphs; this one is left to Python.
    plain = annotate(library, document_id, "10. " + build.filler(10, 5)[0][0][:25])  # paragraph 10 itself
    target = tmp_path / "out.csv"
    export_annotations(library, target, "csv")
    with target.open(encoding="utf-8-sig", newline="") as file:
        citations = {row["Quote"]: row["Citation"] for row in csv.DictReader(file)}
    assert citations[note.quote] == cite_annotation(library, note.uuid).citation
    assert citations[plain.quote] == cite_annotation(library, plain.uuid).citation
    assert list(plain.paragraphs) == ["10"]


def test_a_passage_in_an_unnumbered_paragraph_of_a_numbered_section_is_cited_by_the_section(library, tmp_path):
    document_id = imported(library, tmp_path, build.ngo_report_with_plain_contents)
    stored = {p.number: p for p in list_paragraphs(library, document_id)}
    assert {p.kind for p in stored.values()} == {"section"}
    text = document_text(library, document_id)
    heading = text.index("3.2 Places of detention: part 2", text.index(PAGE_SEPARATOR))  # not its contents entry
    inside = text.index("elegation", heading)  # in the section's first paragraph
    assert paragraphs_at(library, document_id, inside, inside + 20) == ["§ 3.2"]
    assert paragraphs_at(library, document_id, 0, 40) == []  # the contents page
    note = annotate(library, document_id, text[heading : inside + 30])  # the heading and the words after it
    citation = cite_annotation(library, note.uuid).citation
    assert ", § 3.2, p. " in citation and "para." not in citation


def test_a_passage_in_a_running_header_is_in_no_paragraph(library, tmp_path):
    document_id = imported(library, tmp_path, build.un_report_across_page_breaks)
    text = document_text(library, document_id)
    crossing = [p for p in list_paragraphs(library, document_id) if p.page_index != p.end_page_index]
    assert crossing
    for paragraph in crossing:
        header = text.index("A/HRC/24/99", paragraph.start_offset)
        assert header < paragraph.end_offset  # the old span held the header...
        assert paragraphs_at(library, document_id, header, header + 11) == []  # ...its own text does not
        own = "\n".join(text[start:end] for start, end in paragraph.ranges)
        assert "A/HRC/24/99" not in own and "GE.13-15000" not in own
        assert paragraphs_at(library, document_id, paragraph.ranges[-1][0], paragraph.ranges[-1][0] + 5) == [
            paragraph.number]


@pytest.mark.parametrize(("locators", "expected"), [
    (("45",), "CPT/Inf (2024) 23, para. 45, p. 12"),
    (("45", "46"), "CPT/Inf (2024) 23, paras. 45-46, p. 12"),
    (("60 rec. 12",), "CPT/Inf (2024) 23, para. 60, rec. 12, p. 12"),
    (("§ 3.5",), "CPT/Inf (2024) 23, § 3.5, p. 12"),
    (("§ 3.4", "§ 3.5"), "CPT/Inf (2024) 23, §§ 3.4, 3.5, p. 12"),
    ((), "CPT/Inf (2024) 23, p. 12"),
])
def test_the_default_template_cites_each_kind_of_locator(locators, expected):
    parts = CitationParts(reference="CPT/Inf (2024) 23", title="Report", publisher=None, date=None,
                          paragraphs=locators, page="12")
    assert cite(parts, DEFAULT_TEMPLATE) == expected


def test_a_template_may_name_the_section_and_the_recommendation():
    parts = CitationParts(reference=None, title="Report", publisher=None, date=None, paragraphs=("60 rec. 12",), page="3")
    assert cite(parts, "{title}: {paragraphs}/{recommendation}[ § {section}]") == "Report: 60/12"
    assert split_locators(("§ 2", "45(a)")) == (("45(a)",), ("2",), ())


def test_revision_0010_keeps_every_paragraph_and_tells_items_from_paragraphs(tmp_path):
    db_path = make_library_at(tmp_path / "lib", "0001")
    fill_revision_0001(db_path)  # paragraph 45
    engine = store_sqlite.make_engine(str(db_path))
    migrate.upgrade(engine, db_path, target="0009")
    with sqlite3.connect(db_path) as db:
        db.execute("INSERT INTO paragraphs VALUES (2, 1, 1, '45(a)', 1, 1, 20, 40, '[]')")
        before = db.execute("SELECT * FROM paragraphs ORDER BY id").fetchall()
    migrate.upgrade(engine, db_path)
    engine.dispose()
    with sqlite3.connect(db_path) as db:
        after = db.execute("SELECT * FROM paragraphs ORDER BY id").fetchall()
        names = [row[1] for row in db.execute("PRAGMA table_info(paragraphs)")]
    assert [row[:-1] for row in after] == before and names[-1] == "kind"
    assert [row[-1] for row in after] == ["paragraph", "item"]


def test_a_tag_s_passage_list_cites_sections_and_recommendations_as_citations_do():
    from app.vocabulary.records import Passage

    def locator(*locators: str) -> str:
        return Passage(1, "u", 1, "Report", "A/HRC/8/47", 15, "16", locators, "quote", "", "yellow").locator

    assert locator("60 rec. 12") == "A/HRC/8/47, para. 60, rec. 12, p. 16"
    assert locator("§ 3.5") == "A/HRC/8/47, § 3.5, p. 16"
    assert locator("45") == "A/HRC/8/47, para. 45, p. 16"
