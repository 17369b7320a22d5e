"""Numbered paragraphs: found where a document numbers them, never invented where it does not."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from sqlalchemy import select

from app.pdf.extract import extract, merge
from app.services.documents import document_details
from app.services.importing import import_paths
from app.services.structure import list_paragraphs, paragraphs_at
from app.store.models import PAGE_SEPARATOR, PageText
from app.text.paragraphs import Line, PageLayout, find_paragraphs, page_layout

BODY = 11


def make_report(path: Path, pages: list[list[tuple[float, str, float]]]) -> Path:
    """A report laid out line by line: (y, text, font size) on A4 pages, with running header and footer."""
    document = pymupdf.open()
    for number, lines in enumerate(pages, start=1):
        page = document.new_page(width=595, height=842)
        page.insert_text((70, 40), "CPT/Inf (2024) 23", fontsize=9)
        page.insert_text((280, 815), f"- {number} -", fontsize=9)
        for y, text, size in lines:
            page.insert_text((70, y), text, fontsize=size)
    document.save(path)
    document.close()
    return path


def body(start_y: float, *texts: str) -> list[tuple[float, str, float]]:
    return [(start_y + 16 * i, text, BODY) for i, text in enumerate(texts)]


@pytest.fixture
def cpt_report(tmp_path: Path) -> Path:
    contents = body(100, "Contents", "1. Introduction ............................ 2",
                    "2. Police custody ........................... 2", "3. Prisons ........................... 3")
    page2 = (
        body(100, "I. INTRODUCTION", "1. The delegation carried out a periodic visit.", "It visited several places.",
             "2. The delegation met the authorities.", "3. Co-operation was good overall.",
             "4. Some records were not made available at once.", "A. Police custody",
             "5. Allegations of ill-treatment were received.", "(a) at two police stations;",
             "(b) in one prison.", "5 bis. The delegation reviewed custody records.")
        + [(700, "1 Footnote: see the previous report, paragraph 12.", 7)]
    )
    page3 = body(100, "6. Conditions in the cells were poor, and", "continue onto the next page without a break")
    page3 += body(760, "and the delegation noted the lack of natural light in most cells,")
    page4 = body(100, "which the Committee recommends be remedied.", "7. The Committee recommends training.",
                 "8. Restraint was used as a last resort.", "2. This stray number belongs to a list.",
                 "9. The Committee asks for information.")
    return make_report(tmp_path / "cpt.pdf", [contents, page2, page3, page4])


def test_paragraphs_follow_the_numbering_and_skip_headers_contents_and_footnotes(cpt_report):
    paragraphs = extract(cpt_report.read_bytes()).paragraphs
    assert [(p.number, p.page_index) for p in paragraphs] == [
        ("1", 1), ("2", 1), ("3", 1), ("4", 1), ("5", 1), ("5(a)", 1), ("5(b)", 1), ("5 bis", 1),
        ("6", 2), ("7", 3), ("8", 3), ("9", 3),
    ]


def test_a_paragraph_across_a_page_break_ends_on_the_next_page(cpt_report):
    paragraphs = {p.number: p for p in extract(cpt_report.read_bytes()).paragraphs}
    six = paragraphs["6"]
    assert (six.page_index, six.end_page_index) == (2, 3)
    assert [box[0] for box in six.boxes] == [2, 3]


def test_a_paragraph_stops_at_a_heading(cpt_report):
    extraction = extract(cpt_report.read_bytes())
    four = next(p for p in extraction.paragraphs if p.number == "4")
    text = extraction.pages[1].text[four.start : four.end]
    assert text.startswith("4. Some records") and "Police custody" not in text


def test_import_stores_paragraphs_with_offsets_in_the_document_text(library, cpt_report):
    [outcome] = import_paths(library, [cpt_report])
    document_id = outcome.document.id
    with library.reading() as session:
        pages = session.scalars(
            select(PageText.text).where(PageText.document_id == document_id).order_by(PageText.page_index)
        ).all()
    text = PAGE_SEPARATOR.join(pages)
    stored = list_paragraphs(library, document_id)
    assert [p.number for p in stored][:3] == ["1", "2", "3"]
    five = next(p for p in stored if p.number == "5")
    assert text[five.start_offset : five.end_offset].endswith("in one prison.")
    assert text[stored[1].start_offset : stored[1].end_offset].startswith("2. The delegation met")
    assert document_details(library, document_id).paragraph_count == len(stored)

    five_a = text.index("at two police stations")
    assert paragraphs_at(library, document_id, five_a, five_a + 10) == ["5(a)"]
    assert paragraphs_at(library, document_id, text.index("Allegations"), five_a + 10) == ["5"]
    across = text.index("Co-operation")
    assert paragraphs_at(library, document_id, text.index("authorities"), across + 5) == ["2", "3"]
    assert paragraphs_at(library, document_id, 0, 5) == []  # the contents page


def test_a_short_numbered_list_is_not_a_numbering(tmp_path):
    pdf = make_report(tmp_path / "news.pdf", [body(100, "Minister quits", "1. First point.", "2. Second point.", "3. Third.")])
    assert extract(pdf.read_bytes()).paragraphs == []


def test_years_and_dates_at_line_start_are_not_paragraphs(tmp_path):
    lines = [f"{n}. Paragraph {n} of the report." for n in range(1, 7)]
    lines[3:3] = ["2013 was the year of the visit.", "3 June 2013 the delegation left."]
    paragraphs = extract(make_report(tmp_path / "y.pdf", [body(100, *lines)]).read_bytes()).paragraphs
    assert [p.number for p in paragraphs] == ["1", "2", "3", "4", "5", "6"]


# Read off each report: its last paragraph with its page (index), a paragraph in the middle
# with its opening words, and its numbered recommendations. All number from 1 without gaps.
REAL = {
    "upr-wg-report__azerbaijan2013.pdf": (("111", 23), ("55", 8, "Azerbaijan also mentioned reference"), {"109": 158, "110": 4}),
    "upr-wg-report__china2009.pdf": (("118", 29), ("60", 14, "The delegation thanked all countries"), {}),
    "upr-wg-report__france2008.pdf": (("63", 17), ("30", 8, "Noting concerns expressed by CAT"), {}),
    "upr-wg-report__russia2013.pdf": (("142", 26), ("50", 6, "The Netherlands raised the question"), {"140": 231}),
    "upr-wg-report__unitedkingdom2012.pdf": (("111", 22), ("55", 8, "Bangladesh commended the United Kingdom"), {"110": 132}),
}

NO_NUMBERING = "upr-ngo__fiacat_ambivalent_exercise_2009_e.pdf"  # hard to extract, and not numbered
# Older reports list their recommendations 1..N inside one paragraph: how many each such paragraph has.
LISTED = {
    "upr-wg-report__china2009.pdf": {"114": 42, "115": 3, "116": 4},
    "upr-wg-report__france2008.pdf": {"60": 33},
}


def expected_numbers(name: str) -> set[str]:
    """Every paragraph number a reader finds in the report: 1 to the last, and the recommendations."""
    if name == NO_NUMBERING:
        return set()
    (last, _page), _middle, recommendations = REAL[name]
    truth = {str(n) for n in range(1, int(last) + 1)}
    truth |= {f"{main} rec. {n}" for main, count in LISTED.get(name, {}).items() for n in range(1, count + 1)}
    return truth | {f"{main}.{n}" for main, count in recommendations.items() for n in range(1, count + 1)}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_reports_paragraphs_match_a_reading_of_the_document(real_corpus, name):
    (last, last_page), (middle, middle_page, opening), _recommendations = REAL[name]
    extraction = extract((real_corpus / name).read_bytes())
    found = {p.number: p for p in extraction.paragraphs}

    truth = expected_numbers(name)
    correct = truth & set(found)
    precision, recall = len(correct) / len(found), len(correct) / len(truth)
    assert (precision, recall) == (1.0, 1.0), f"{name}: precision {precision:.3f}, recall {recall:.3f}"

    first = extraction.paragraphs[0]
    assert (first.number, first.page_index) == ("1", 2)
    assert found[last].page_index == last_page
    paragraph = found[middle]
    assert paragraph.page_index == middle_page
    text = extraction.pages[paragraph.page_index].text[paragraph.start : paragraph.end]
    assert " ".join(text.split()).startswith(f"{middle}. {opening}")


def test_the_hard_to_extract_ngo_report_gets_no_invented_numbers(real_corpus):
    extraction = extract((real_corpus / NO_NUMBERING).read_bytes())
    assert extraction.paragraphs == []


def test_an_item_met_alone_is_not_a_list(tmp_path):
    lines = [f"{n}. Paragraph {n} of the report." for n in range(1, 7)]
    lines[2:2] = ["(d) the tail of a list that began inside a line;", "(f) and its end."]
    paragraphs = extract(make_report(tmp_path / "i.pdf", [body(100, *lines)]).read_bytes()).paragraphs
    assert [p.number for p in paragraphs] == ["1", "2", "3", "4", "5", "6"]


def test_a_long_report_read_by_two_workers_gets_the_paragraphs_of_a_single_reading(cpt_report):
    data = cpt_report.read_bytes()
    whole = extract(data)
    merged = merge([extract(data, part=part, parts=2) for part in range(2)])
    assert merged.paragraphs == whole.paragraphs
    assert [page.text for page in merged.pages] == [page.text for page in whole.pages]
    assert any(p.page_index != p.end_page_index for p in merged.paragraphs)  # one crosses the parts


def lay_out(rows: list[tuple[float, str, float]], height: float = 842) -> PageLayout:
    """A page's summary from (y, text, size) rows, as a worker makes it from MuPDF's lines."""
    text, lines = "", []
    for y, row, size in rows:
        lines.append(Line(len(text), len(text) + len(row), 70, y, 525, y + size, size))
        text += row + "\n"
    return page_layout(text, height, lines)


def test_a_page_reaches_the_whole_document_pass_as_runs_of_plain_lines():
    plain = [(100 + 16 * i, f"plain line {i} of the body text", 11) for i in range(10)]
    rows = [(40, "CPT/Inf (2024) 23", 9), (84, "7. The delegation noted", 11), *plain,
            (300, "8. The Committee recommends", 11), (700, "1 A footnote in small print", 7)]
    layout = lay_out(rows)
    # Header, start, ten plain lines as one run, start, footnote: five pieces, not fourteen lines.
    assert len(layout.pieces) == 5
    _start, _end, _x0, y0, _x1, y1, *_rest = layout.pieces[2]
    assert (y0, y1) == (100, 100 + 16 * 9 + 11)
    assert [main for _piece, main, _sub, _suffix in layout.starts] == [7, 8]
    assert [piece for piece, *_rest in layout.margins] == [0]
    # Characters per size, in order of first use, for the body size of the whole document.
    assert layout.sizes == tuple((size, sum(len(row) for _y, row, s in rows if s == size)) for size in (9, 11, 7))


def test_paragraphs_found_from_summaries_span_the_runs_they_hold():
    header = (40, "CPT/Inf (2024) 23", 9)
    openings = [(100 + 40 * n, f"{n}. Paragraph {n} opens here", 11) for n in range(1, 6)]
    pages = [
        lay_out([header, *openings, (330, "and runs on over a line", 11), (346, "and another.", 11), (810, "- 1 -", 9)]),
        lay_out([header, (100, "which ends on the next page.", 11), (116, "II. FINDINGS", 11),
                 (132, "6. The last paragraph.", 11), (810, "- 2 -", 9)]),
        lay_out([header, (810, "- 3 -", 9)]),
    ]
    paragraphs = find_paragraphs(pages)
    assert [p.number for p in paragraphs] == ["1", "2", "3", "4", "5", "6"]
    five = paragraphs[4]
    assert (five.page_index, five.end_page_index) == (0, 1)
    assert five.boxes == ((0, 70, 300, 525, 357), (1, 70, 100, 525, 111))  # stops at the heading
