"""Find numbered paragraphs ("45.", "86.12", "45 bis") in a document's text lines.

Works on plain line records (text offsets, boxes, font size), so the rules can be tested
without a PDF. Lawyers cite CPT and UN reports by these numbers, so a wrong number is worse
than none: a candidate is only accepted where it continues the document's own sequence,
and a document with too few of them gets none at all.

The work comes in two halves. :func:`page_layout` reads one page's lines and keeps what the
rules need of them: the lines that may open, interrupt or frame a paragraph, one by one,
and the plain body lines in between as runs, each with its box. It runs in the workers that
read the pages, in parallel. :func:`find_paragraphs` then makes the decisions that need the
whole document (body size, running headers, the numbering sequence) over those summaries:
a short serial pass. Numbered section headings and recommendations listed 1..N inside one
paragraph are found there too, as locators of their own kinds (:mod:`app.text.sections`,
:mod:`app.text.paragraph_spans`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import chain
from typing import Any

from app.text.paragraph_records import (
    BARE,
    BOLD,
    HEADING_LINE,
    ITEM_LABEL,
    LABEL,
    MARGIN,
    MAX_GAP,
    RECOMMEND,
    SIZE,
    SMALL_PRINT,
    Y0,
    Y1,
    Candidate,
    Line,
    Listed,
    Margin,
    PageLayout,
    Paragraph,
    Piece,
    Start,
)
from app.text.paragraph_spans import paragraph_spans
from app.text.sections import find_sections

__all__ = ["MARGIN", "Line", "PageLayout", "Paragraph", "find_paragraphs", "page_layout"]


_NUMBER = re.compile(r"^(\d{1,3})(\.\d{1,3})?(\s+(?:bis|ter|quater))?(\.?)(?=\s|$)")
_LEADER = re.compile(r"(\.\s?){5,}|…{2,}|_{5,}")
# A contents entry without leaders: a number, a title, and the page it starts on at the end.
# Read over the page's whole text at once: a pattern per line would cost more than the page.
_NUMBERED_LINE = re.compile(r"^[ \t]*\d", re.MULTILINE)
_CONTENTS_ENTRY = re.compile(r"^[ \t]*\d{1,2}(?:\.\d{1,2})*\.?[ \t]+\S.*[ \t]\d{1,3}[ \t]*$", re.MULTILINE)
_PAGE_NUMBER = re.compile(r"^(page\s+)?[-–—\s]*[\divxlc]+[-–—\s]*$", re.IGNORECASE)
_HEADING = re.compile(r"^(([IVXLC]+|[A-H])\.\s|annex|appendix)", re.IGNORECASE)
_ITEM = re.compile(r"^\(([a-z]|[ivx]{1,4})\)\s+\S")

MIN_PARAGRAPHS = 5  # fewer than this and the "numbers" are a list, not a numbering
MIN_RECOMMENDATIONS = 3
# Lines this close to the top or bottom are running headers and footers when they repeat: some
# reports set their footer (page number, job number) just inside the margin band.
EDGE = 0.12
LABEL_LENGTH = 60  # a heading or a list entry is shorter than this, after its number


# --- One page, where it is read ----------------------------------------------------------


def page_layout(text: str, height: float, lines: Iterable[Line]) -> PageLayout:
    """The summary of one page's lines (in the order of ``text``) that :func:`find_paragraphs` reads."""
    lines = tuple(lines)
    contents = _is_contents_page(text, lines)
    top, bottom = height * MARGIN, height * (1 - MARGIN)
    near_top, near_bottom = height * EDGE, height * (1 - EDGE)
    sizes: dict[float, int] = {}
    pieces: list[Piece] = []
    margins: list[Margin] = []
    edges: list[Margin] = []
    starts: list[Start] = []
    flagged: list[int] = []
    run: list[Any] = []  # the run of plain lines being gathered: start, end, box, size
    since = 0  # where the last start's line begins
    for index, (start, end, x0, y0, x1, y1, size, bold) in enumerate(lines):
        sizes[size] = sizes.get(size, 0) + end - start
        content = text[start:end].strip()
        margin = y1 < top or y0 > bottom
        edge = not margin and (y1 < near_top or y0 > near_bottom)
        # Most lines are plain body text: the cheap tests first, the patterns only when they pass.
        number = None
        if content[:1].isdigit() and not contents:
            number = _opening_number(content, bold, _beside(text, lines, index))
        heading = len(content) < 80 and _is_heading(content)
        item = _ITEM.match(content) if content[:1] == "(" else None
        if not (margin or edge or number or heading or item):
            if run and run[6] == size:
                run[1] = end
                if x0 < run[2]:
                    run[2] = x0
                if y0 < run[3]:
                    run[3] = y0
                if x1 > run[4]:
                    run[4] = x1
                if y1 > run[5]:
                    run[5] = y1
            else:
                if run:
                    pieces.append((*run, False, ""))
                run = [start, end, x0, y0, x1, y1, size]
            continue
        if run:
            pieces.append((*run, False, ""))
            run = []
        if margin or edge:
            page_number, numbered = bool(_PAGE_NUMBER.match(content)), bool(_NUMBER.match(content))
            (margins if margin else edges).append((len(pieces), _repeat_key(content), page_number, numbered))
        if number:
            main, sub, suffix, flags = number
            if "ecommend" in text[since:start]:
                flags |= RECOMMEND
            starts.append((len(pieces), main, sub, suffix))
            flagged.append(flags)
            since = start
        pieces.append((start, end, x0, y0, x1, y1, size, heading, item.group(1) if item else ""))
    if run:
        pieces.append((*run, False, ""))
    recommends = "ecommend" in text[since:]
    return PageLayout(
        tuple(pieces), tuple(sizes.items()), tuple(margins), tuple(starts), tuple(flagged), recommends, tuple(edges)
    )


def _beside(text: str, lines: tuple[Line, ...], index: int) -> str:
    """The text set on the same row right after line ``index``: a heading's title beside its number,
    which MuPDF gives as a line of its own when a gap parts them."""
    if index + 1 >= len(lines):
        return ""
    line, after = lines[index], lines[index + 1]
    if abs(after.y0 - line.y0) >= line.size / 2 or after.x0 <= line.x0:
        return ""
    if index + 2 < len(lines):
        below = lines[index + 2]
        if abs(below.x0 - after.x0) < 1 and 0 < below.y0 - after.y0 < 1.6 * after.size:
            # The row runs on under itself, in a block indented past the number: a paragraph's
            # first line (old UPR recommendations), not a heading's title.
            return ""
    return text[after.start : after.end].strip()


def _opening_number(content: str, bold: bool, beside: str = "") -> tuple[int, int | None, str, int] | None:
    """The number a line opens with and the start's flags, if it opens like a numbered paragraph."""
    match = _NUMBER.match(content)
    if not match:
        return None
    main, decimal, suffix, dot = match.groups()
    own = content[match.end() :].strip()
    rest = own or beside  # what the number heads, for telling a label
    label = bool(rest) and len(rest) < LABEL_LENGTH and rest[-1] not in ".;:,!?"
    flags = (LABEL if label else 0) | (BOLD if bold else 0)
    if not (dot or decimal or suffix):
        # "2013 report", "3 June": a bare number is not a paragraph number; set apart in
        # bold it may still open a section heading ("1 Introduction").
        if not (label and bold and rest[0].isupper()):
            return None
        flags |= BARE
    # Only the line's own text: the row beside may be a sentence broken by a typo ("3. o remove").
    if own and not (own[0].isupper() or own[0] in "\"“‘'(«"):
        return None
    return int(main), int(decimal[1:]) if decimal else None, (suffix or "").strip(), flags


def _repeat_key(content: str) -> str:
    # Spaces dropped: "GE. 09-16299" and "GE.09-16299" are one job number set two ways.
    return re.sub(r"\d+", "#", "".join(content.split()).lower())


def _is_contents_page(text: str, lines: tuple[Line, ...]) -> bool:
    if any(mark in text for mark in (". . .", "....", "…", "_____")):
        if sum(1 for line in lines if _LEADER.search(text[line.start : line.end])) >= 3:
            return True
    # Without leaders: most numbered lines end with the page their entry starts on.
    entries = len(_CONTENTS_ENTRY.findall(text))
    return entries >= 3 and entries * 2 >= len(_NUMBERED_LINE.findall(text))


def _is_heading(content: str) -> bool:
    if len(content) >= 80 or not content:
        return False
    # "II. FACTS FOUND", "A. Police custody", "ANNEX": short, lettered or in capitals.
    return bool(_HEADING.match(content)) or (content.isupper() and len(content) > 3)


# --- The whole document ------------------------------------------------------------------


def find_paragraphs(pages: list[PageLayout]) -> list[Paragraph]:
    """The document's locators: numbered paragraphs with their items and recommendations, then sections.

    Starts in running headers and small print are left out; labels set off in bold or a larger
    size with body text after them are section headings; labels stacked at line spacing are a
    list; what is left must continue the numbering, and a document needs a few paragraphs.
    """
    body_size = _body_size(pages)
    furniture = _furniture(pages)
    candidates = _candidates(pages, body_size, furniture)
    sections, candidates = _split_headings(pages, candidates, body_size, furniture)
    labels = {(c.page, c.piece) for c in candidates if c.flags & LABEL}
    candidates = [c for c in candidates if not c.flags & BARE and not _listed(pages, c, labels)]
    accepted, listed = follow_sequence(candidates)
    paragraphs = paragraph_spans(pages, accepted, listed, body_size, furniture)
    if sum(1 for p in paragraphs if p.kind == "paragraph" and "." not in p.number) < MIN_PARAGRAPHS:
        paragraphs = []
    return paragraphs + find_sections(pages, sections, body_size, furniture)


def _candidates(pages: list[PageLayout], body_size: float, furniture: set[tuple[int, int]]) -> list[Candidate]:
    found = []
    for page, layout in enumerate(pages):
        # A list of recommendations may open at the top of the page after the words that announce it.
        carried = RECOMMEND if page and pages[page - 1].recommends else 0
        for (piece, main, sub, suffix), flags in zip(layout.starts, layout.start_flags):
            if (page, piece) not in furniture and layout.pieces[piece][SIZE] >= body_size * SMALL_PRINT:
                found.append(Candidate(page, piece, main, sub, suffix, flags | carried))
            carried = 0
    return found


def _body_size(pages: list[PageLayout]) -> float:
    sizes: Counter[float] = Counter()
    for layout in pages:
        for size, characters in layout.sizes:
            sizes[size] += characters
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _furniture(pages: list[PageLayout]) -> set[tuple[int, int]]:
    """Running headers and footers: lines near the edges that repeat across pages, and page numbers."""
    seen: Counter[str] = Counter()
    for layout in pages:
        seen.update({key for _piece, key, _page_number, _numbered in chain(layout.margins, layout.edges)})
    repeated = max(3, len(pages) // 4)
    return {
        (page, piece)
        for page, layout in enumerate(pages)
        for piece, key, page_number, numbered in chain(layout.margins, layout.edges)
        # A paragraph that opens at the top of each page is not a running header.
        if page_number or (seen[key] >= repeated and not numbered)
    }


def _split_headings(
    pages: list[PageLayout], candidates: list[Candidate], body_size: float, furniture: set[tuple[int, int]]
) -> tuple[list[Candidate], list[Candidate]]:
    """Section headings apart from the rest: a label set off in bold or a larger size, with body text after it."""
    headings, rest = [], []
    for candidate in candidates:
        size = pages[candidate.page].pieces[candidate.piece][SIZE]
        set_off = candidate.flags & BOLD or size > body_size * 1.08
        if candidate.flags & LABEL and set_off and _body_follows(pages, candidate, furniture, body_size):
            headings.append(candidate)
        else:
            rest.append(candidate)
    return headings, rest


def _body_follows(pages: list[PageLayout], candidate: Candidate, furniture: set[tuple[int, int]], body_size: float) -> bool:
    """Whether the next piece of text after the candidate's line is plain body text."""
    page, index = candidate.page, candidate.piece + 1
    while page < len(pages):
        layout = pages[page]
        if index >= len(layout.pieces):
            page, index = page + 1, 0
            continue
        piece = layout.pieces[index]
        if (page, index) in furniture or piece[SIZE] < body_size * SMALL_PRINT:
            index += 1
            continue
        opens = any(start[0] == index for start in layout.starts)
        return not (opens or piece[HEADING_LINE] or piece[ITEM_LABEL])
    return False


def _listed(pages: list[PageLayout], candidate: Candidate, labels: set[tuple[int, int]]) -> bool:
    """An entry of a list (a ranked list of States, contents without page numbers): a label
    set at line spacing right under or over another label."""
    if not candidate.flags & LABEL:
        return False
    pieces = pages[candidate.page].pieces
    here = pieces[candidate.piece]
    for other in (candidate.piece - 1, candidate.piece + 1):
        if (candidate.page, other) in labels:
            there = pieces[other]
            gap = there[Y0] - here[Y1] if other > candidate.piece else here[Y0] - there[Y1]
            if gap < 0.8 * here[SIZE]:
                return True
    return False


def follow_sequence(candidates: list[Candidate]) -> tuple[list[Candidate], Listed]:
    """The starts that continue the paragraphs' numbering, and the recommendations listed 1..N inside them.

    Old UPR reports number recommendations afresh inside one paragraph ("60. ... the following
    recommendations were made: 1. ... 2. ..."). Once such a list opens, a number that goes on
    with it is a recommendation, unless it goes on with the paragraphs and not right after the
    last recommendation.
    """
    accepted: list[Candidate] = []
    listed: Listed = {}
    main, sub = 0, 0
    run: list[Candidate] = []
    for candidate in candidates:
        plain = candidate.sub is None and not candidate.suffix
        if run and plain and run[-1].main < candidate.main <= run[-1].main + MAX_GAP:
            next_paragraph = main < candidate.main <= main + MAX_GAP
            if not next_paragraph or candidate.main == run[-1].main + 1:
                run.append(candidate)
                continue
        if plain and candidate.main == 1 and candidate.flags & RECOMMEND and accepted:
            _close(listed, accepted, run)
            run = [candidate]
            continue
        if candidate.sub is None:
            if candidate.suffix and candidate.main == main:
                accepted.append(candidate)  # "45 bis" after 45
            elif main < candidate.main <= main + MAX_GAP and not candidate.suffix:
                _close(listed, accepted, run)
                run = []
                accepted.append(candidate)
                main, sub = candidate.main, 0
        elif candidate.main == main and sub < candidate.sub <= sub + MAX_GAP:
            accepted.append(candidate)
            sub = candidate.sub
    _close(listed, accepted, run)
    return accepted, listed


def _close(listed: Listed, accepted: list[Candidate], run: list[Candidate]) -> None:
    if len(run) >= MIN_RECOMMENDATIONS:
        parent = accepted[-1]
        listed[(parent.page, parent.piece)] = [((c.page, c.piece), c.main) for c in run]
