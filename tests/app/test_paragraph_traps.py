"""The layouts that made paragraph detection invent numbers, and the locators they get now.

Each test PDF is built by tests/app/paragraph_builders.py, which also says what a reader finds in it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.pdf.extract import extract
from tests.app import paragraph_builders as build
from tests.conftest import corpus_dir

# A paper of the robust corpus (pdf.js's "tracemonkey"): numbered sections whose numbers stand
# apart from their titles on the row ("3." then "Trace Trees"), and no numbered paragraph.
PAPER = "pdfjs__tracemonkey_with_annotations.pdf"
PAPER_SECTIONS = {f"§ {n}" for n in (
    "1", "2", "3", "3.1", "3.2", "3.3", "4", "4.1", "4.2", "5", "5.1", "5.2",
    "6", "6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "7", "8", "9", "10")}


def numbers(extraction, kind: str) -> list[str]:
    return [p.number for p in extraction.paragraphs if p.kind == kind]


def own_text(extraction, paragraph) -> str:
    return "\n".join(extraction.pages[page].text[start:end] for page, start, end in paragraph.ranges)


@pytest.mark.parametrize("dotted", [True, False])
def test_contents_without_leaders_give_no_paragraph_and_the_headings_are_sections(tmp_path, dotted):
    pdf = tmp_path / "ngo.pdf"
    truth = build.ngo_report_with_plain_contents(pdf, dotted=dotted)
    extraction = extract(pdf.read_bytes())
    assert numbers(extraction, "paragraph") == []
    sections = [p for p in extraction.paragraphs if p.kind == "section"]
    assert {p.number for p in sections} == truth
    assert all(p.page_index >= 1 for p in sections)  # none from the contents page
    three_two = next(p for p in sections if p.number == "§ 3.2")
    assert own_text(extraction, three_two).startswith("3.2 Places of detention: part 2")
    assert "3.3" not in own_text(extraction, three_two)


def test_a_ranked_list_of_states_inside_a_section_is_not_a_numbering(tmp_path):
    pdf = tmp_path / "ranked.pdf"
    truth = build.ngo_report_with_a_ranked_list(pdf)
    extraction = extract(pdf.read_bytes())
    assert numbers(extraction, "paragraph") == []
    assert set(numbers(extraction, "section")) == truth
    four = next(p for p in extraction.paragraphs if p.number == "§ 4")
    assert "10. Austria" in own_text(extraction, four)


def test_numbers_that_span_whole_chapters_are_no_paragraphs(tmp_path):
    pdf = tmp_path / "chapters.pdf"
    build.ngo_report_with_plain_headings(pdf)
    assert extract(pdf.read_bytes()).paragraphs == []


def test_recommendations_listed_inside_one_paragraph_get_their_own_locator(tmp_path):
    pdf = tmp_path / "upr.pdf"
    truth = build.old_upr_report(pdf)
    extraction = extract(pdf.read_bytes())
    found = {p.number: p for p in extraction.paragraphs}
    assert set(found) == truth
    eight, twelve = found["8"], found["8 rec. 12"]
    assert twelve.kind == "recommendation"
    assert own_text(extraction, twelve).startswith("12. To ratify the instrument number 12 ")
    assert "13." not in own_text(extraction, twelve)
    assert (eight.page_index, eight.start) <= (twelve.page_index, twelve.start)
    assert (twelve.end_page_index, twelve.end) <= (eight.end_page_index, eight.end)
    # The list goes past 8, 9 and 10 and the paragraphs still go on after it.
    assert found["9"].page_index >= found["8 rec. 40"].end_page_index


@pytest.mark.parametrize("footer_y", [805, 752])  # in the bottom tenth, and just above it
def test_a_paragraph_across_a_page_break_leaves_out_the_running_header_and_footer(tmp_path, footer_y):
    pdf = tmp_path / "un.pdf"
    build.un_report_across_page_breaks(pdf, footer_y)
    extraction = extract(pdf.read_bytes())
    crossing = [p for p in extraction.paragraphs if p.page_index != p.end_page_index]
    assert len(crossing) >= 5
    for paragraph in crossing:
        text = own_text(extraction, paragraph)
        assert [page for page, _start, _end in paragraph.ranges] == [box[0] for box in paragraph.boxes]
        assert "A/HRC/24/99" not in text and "GE.13-15000" not in text, paragraph.number
        assert text.startswith(f"{paragraph.number}. ") and text.rstrip().endswith(".")


@pytest.mark.parametrize("name", sorted(build.BUILDERS))
def test_every_test_pdf_gets_exactly_the_locators_a_reader_finds(tmp_path, name):
    _kind, builder = build.BUILDERS[name]
    truth = builder(tmp_path / name)
    found = {p.number for p in extract((tmp_path / name).read_bytes()).paragraphs}
    assert found == truth


def test_a_long_list_of_short_entries_at_line_spacing_is_a_list(tmp_path: Path):
    rows = build.plain(*(f"{n}. Category {n} of the complaints" for n in range(1, 9))) + build.filler(1, 30)
    pdf = build.write(tmp_path / "list.pdf", rows, "Monitoring report")
    assert extract(pdf.read_bytes()).paragraphs == []


def test_footnotes_tables_and_figures_give_no_paragraph(tmp_path: Path):
    """A report numbering none of its paragraphs, with numbered footnotes, a numbered table and figure captions."""
    rows: list = []
    for part in range(6):
        rows += build.filler(part, 12)
        rows += build.plain(f"Table {part + 1}. Detainees by region", f"Figure {part + 1}. Complaints per year")
        rows += build.plain(*(f"{n} Region {n} {100 + 7 * n}" for n in range(1, 6))) + [None]
        rows += [(f"{part * 2 + n}. See the report of the previous visit, p. {n}.", 7, False) for n in (1, 2)] + [None]
    pdf = build.write(tmp_path / "tables.pdf", rows, "Monitoring report")
    assert extract(pdf.read_bytes()).paragraphs == []


def test_a_paper_s_section_numbers_set_apart_from_their_titles_are_sections_not_paragraphs():
    extraction = extract((corpus_dir("robust") / PAPER).read_bytes())
    assert {p.number for p in extraction.paragraphs} == PAPER_SECTIONS
    three_one = next(p for p in extraction.paragraphs if p.number == "§ 3.1")
    assert " ".join(own_text(extraction, three_one).split()).startswith("3.1 Traces ")
