"""Test PDFs for the traps paragraph detection fell into, each with the locators a reader finds.

Every builder writes a PDF and returns the set of locators ("12", "8 rec. 3", "§ 2.1") its
document has, so tests and ``python -m tests.app.paragraph_accuracy`` read one truth.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

BODY = 11
TOP, BOTTOM, STEP = 90, 760, 15  # where body lines go on an A4 page, and the line spacing
_WORDS = (
    "the delegation observed that detained persons were held in cells without natural light and that "
    "several of them alleged ill-treatment during questioning by officers while records of custody were "
    "incomplete and medical screening on admission remained superficial in most establishments visited"
).split()

# A line to lay out: text, size, bold; or None for the gap between two paragraphs.
Row = tuple[str, float, bool] | None


def filler(seed: int, lines: int) -> list[Row]:
    """``lines`` lines of plain prose, the last one ending a sentence."""
    rows: list[Row] = []
    for line in range(lines):
        start = (seed * 7 + line * 5) % len(_WORDS)
        words = (_WORDS * 2)[start : start + 13]
        text = " ".join(words)
        rows.append(((text[0].upper() + text[1:]) if line == 0 else text) + ("." if line == lines - 1 else ""))
    return [(row, BODY, False) for row in rows] + [None]


def plain(*texts: str) -> list[Row]:
    return [(text, BODY, False) for text in texts]


def heading(text: str, size: float = BODY) -> list[Row]:
    return [None, (text, size, True), None]


def write(path: Path, rows: list[Row], header: str, footer: str = "", first_page: list[Row] | None = None,
          footer_y: float = 805) -> Path:
    """Rows flowed over A4 pages, each page with its running header and a page number (and ``footer``,
    at ``footer_y``); ``first_page`` (a contents page) stands on a page of its own before them."""
    bottom = min(BOTTOM, footer_y - 3 * STEP)
    laid: list[list[tuple[float, Row]]] = []
    if first_page:
        laid.append([(TOP + STEP * i, row) for i, row in enumerate(first_page) if row])
    current: list[tuple[float, Row]] = []
    y = TOP
    for row in rows:
        if y > bottom:
            laid.append(current)
            current, y = [], TOP
        if row is None:
            y += STEP * 0.8
            continue
        current.append((y, row))
        y += STEP if row[1] <= BODY else row[1] * 1.6
    laid.append(current)
    document = pymupdf.open()
    for number, placed in enumerate(laid, start=1):
        _page(document, placed, header, footer, number, footer_y)
    document.save(path)
    document.close()
    return path


def _page(document: pymupdf.Document, placed: list[tuple[float, Row]], header: str, footer: str, number: int,
          footer_y: float) -> None:
    page = document.new_page(width=595, height=842)
    page.insert_text((70, 40), header, fontsize=9)
    if footer:
        page.insert_text((70, footer_y), footer, fontsize=10)  # not small print: only its place tells it
    page.insert_text((285, footer_y + 15), str(number), fontsize=10)
    for y, (text, size, bold) in placed:
        page.insert_text((70, y), text, fontsize=size, fontname="hebo" if bold else "helv")


# --- The traps ---------------------------------------------------------------------------

_CHAPTERS = {1: ("Introduction", 0), 2: ("Legal framework", 2), 3: ("Places of detention", 3), 4: ("Police custody", 2),
             5: ("Prisons", 3), 6: ("Psychiatric care", 2), 7: ("Conclusions", 5)}


def _numbered_sections() -> list[tuple[str, str]]:
    """(number, title) of an NGO report's sections: 1, 2, 2.1, 2.2 ... 7.5."""
    found = []
    for chapter, (title, subsections) in _CHAPTERS.items():
        found.append((str(chapter), title))
        found += [(f"{chapter}.{n}", f"{title}: part {n}") for n in range(1, subsections + 1)]
    return found


def ngo_report_with_plain_contents(path: Path, dotted: bool = True) -> set[str]:
    """An NGO report: contents with no leaders (page numbers at line ends), bold section headings
    ("2.1 Legal framework: part 1") and unnumbered paragraphs. ``dotted`` writes "1." for chapters."""
    sections = _numbered_sections()
    contents = plain("Table of contents") + [
        (f"{number}{'.' if dotted and '.' not in number else ''} {title} {3 + i // 2}", BODY, False)
        for i, (number, title) in enumerate(sections)
    ]
    rows: list[Row] = []
    for seed, (number, title) in enumerate(sections):
        rows += heading(f"{number}{'.' if dotted and '.' not in number else ''} {title}", 12)
        rows += filler(seed, 6) + filler(seed + 1, 5) + filler(seed + 2, 7)
    write(path, rows, "FIDH-like report on places of detention", first_page=contents)
    return {f"§ {number}" for number, _title in sections}


_STATES = ("France", "Germany", "Italy", "Spain", "Poland", "Romania", "Greece", "Portugal", "Hungary", "Austria")


def ngo_report_with_a_ranked_list(path: Path) -> set[str]:
    """Numbered headings set larger and bold, and a ranked list of States (1-10) inside a section."""
    rows: list[Row] = []
    for chapter in range(1, 6):
        rows += heading(f"{chapter}. {('Summary', 'Method', 'Findings', 'Ranking', 'Conclusions')[chapter - 1]}", 13)
        rows += filler(chapter, 8) + filler(chapter + 3, 6)
        if chapter == 4:
            rows += plain("States by the number of complaints received:")
            rows += plain(*(f"{rank}. {state}" for rank, state in enumerate(_STATES, 1))) + [None]
            for seed in range(9, 14):  # a long section after the list: its last entry used to span it all
                rows += filler(seed, 40)
    write(path, rows, "Annual monitoring report 2024")
    return {f"§ {chapter}" for chapter in range(1, 6)}


def ngo_report_with_plain_headings(path: Path) -> set[str]:
    """Chapter headings "1. Introduction" in the body's own face, each over four pages of unnumbered text.

    Nothing tells them from paragraphs but their length: numbers over whole chapters number
    no paragraphs, and the document gets none (and no sections: none is set off).
    """
    rows: list[Row] = []
    for chapter in range(1, 7):
        rows += [None, (f"{chapter}. Chapter {chapter} of the report", BODY, False), None]
        for seed in range(12):
            rows += filler(chapter * 12 + seed, 14)
    write(path, rows, "Shadow report to the Committee against Torture")
    return set()


def old_upr_report(path: Path) -> set[str]:
    """A UPR report of 2008: paragraphs 1-10, paragraph 8 listing recommendations 1-40 over pages,
    the symbol in every running header and the job number at the foot of each page."""
    rows: list[Row] = []
    for number in range(1, 11):
        if number == 8:
            rows += plain("8. In the course of the discussion, the following recommendations were made:")
            for rec in range(1, 41):
                rows += plain(f"{rec}. To ratify the instrument number {rec} of the list (State {rec});")
                rows += plain("    and to report on its implementation in the next review;") + [None]
            continue
        lines = filler(number, 14 if number == 5 else 5)
        first = lines[0]
        rows += [(f"{number}. {first[0]}", BODY, False), *lines[1:]] if first else lines
    write(path, rows, "A/HRC/8/99", footer="GE.08-12345")
    return {str(n) for n in range(1, 11)} | {f"8 rec. {rec}" for rec in range(1, 41)}


def un_report_across_page_breaks(path: Path, footer_y: float = 805) -> set[str]:
    """Paragraphs 1-30 of six to fourteen lines, many crossing a page break under a running header;
    the job number and page number stand at ``footer_y`` (some reports set them above the margin band)."""
    rows: list[Row] = []
    for number in range(1, 31):
        lines = filler(number, 6 + number % 9)
        rows += [(f"{number}. {lines[0][0]}", BODY, False), *lines[1:]]
    write(path, rows, "A/HRC/24/99", footer="GE.13-15000", footer_y=footer_y)
    return {str(n) for n in range(1, 31)}


def un_report_with_a_high_footer(path: Path) -> set[str]:
    return un_report_across_page_breaks(path, footer_y=752)


BUILDERS = {
    "ngo_report_plain_contents.pdf": ("NGO report (test)", ngo_report_with_plain_contents),
    "ngo_report_ranked_list.pdf": ("NGO report (test)", ngo_report_with_a_ranked_list),
    "ngo_report_plain_headings.pdf": ("NGO report (test)", ngo_report_with_plain_headings),
    "upr_report_listed_recommendations.pdf": ("UN report (test)", old_upr_report),
    "un_report_page_breaks.pdf": ("UN report (test)", un_report_across_page_breaks),
    "un_report_high_footer.pdf": ("UN report (test)", un_report_with_a_high_footer),
}
