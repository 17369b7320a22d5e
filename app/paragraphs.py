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
a short serial pass.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple


class Line(NamedTuple):
    """One text line: where it is in its page's text, its box (PDF points) and its size."""

    start: int
    end: int
    x0: float
    y0: float
    x1: float
    y1: float
    size: float  # the line's height, which grows with its font size


# What a worker sends for the whole-document pass is made of plain tuples: they cross between
# processes several times faster than named ones.

# A single line that detection looks at on its own, or a run of plain lines of one size:
# (start, end, x0, y0, x1, y1, size, heading, item). Offsets and box span the whole run; a run
# never holds a margin line, a heading, an item or a possible paragraph start, so every line
# in it is treated alike. ``item`` is "a", "iv" for a line opening "(a)", "(iv)"; else "".
Piece = tuple[int, int, float, float, float, float, float, bool, str]
_SIZE, _HEADING_LINE, _ITEM_LABEL = 6, 7, 8
# A line in the top or bottom margin, which may be a running header or footer:
# (piece, its text with digits masked to see it repeat, page number?, opens like a paragraph number?).
Margin = tuple[int, str, bool, bool]
# A line that opens like a numbered paragraph ("45.", "86.12", "45 bis"): (piece, main, sub, suffix).
Start = tuple[int, int, int | None, str]


class PageLayout(NamedTuple):
    """What paragraph detection needs of one page: a compact summary of its lines."""

    pieces: tuple[Piece, ...] = ()
    sizes: tuple[tuple[float, int], ...] = ()  # characters per line size, in order of first use
    margins: tuple[Margin, ...] = ()
    starts: tuple[Start, ...] = ()  # none on a contents page


@dataclass(frozen=True)
class Paragraph:
    number: str
    page_index: int
    start: int  # offset in the text of page_index
    end_page_index: int
    end: int  # offset in the text of end_page_index
    boxes: tuple[tuple[int, float, float, float, float], ...]  # (page, x0, y0, x1, y1)


_NUMBER = re.compile(r"^(\d{1,3})(\.\d{1,3})?(\s+(?:bis|ter|quater))?(\.?)(?=\s|$)")
_LEADER = re.compile(r"(\.\s?){5,}|…{2,}|_{5,}")
_PAGE_NUMBER = re.compile(r"^(page\s+)?[-–—\s]*[\divxlc]+[-–—\s]*$", re.IGNORECASE)
_HEADING = re.compile(r"^(([IVXLC]+|[A-H])\.\s|annex|appendix)", re.IGNORECASE)
_ITEM = re.compile(r"^\(([a-z]|[ivx]{1,4})\)\s+\S")

MARGIN = 0.1  # the top and bottom tenth of a page hold running headers and footers
SMALL_PRINT = 0.85  # lines smaller than this share of the body size are footnotes
MIN_PARAGRAPHS = 5  # fewer than this and the "numbers" are a list, not a numbering
MAX_GAP = 3  # numbers may be skipped when a paragraph start was not extracted


# --- One page, where it is read ----------------------------------------------------------


def page_layout(text: str, height: float, lines: Iterable[Line]) -> PageLayout:
    """The summary of one page's lines (in the order of ``text``) that :func:`find_paragraphs` reads."""
    lines = tuple(lines)
    contents = _is_contents_page(text, lines)
    top, bottom = height * MARGIN, height * (1 - MARGIN)
    sizes: dict[float, int] = {}
    pieces: list[Piece] = []
    margins: list[Margin] = []
    starts: list[Start] = []
    run: list[Any] = []  # the run of plain lines being gathered: start, end, box, size
    for start, end, x0, y0, x1, y1, size in lines:
        sizes[size] = sizes.get(size, 0) + end - start
        content = text[start:end].strip()
        margin = y1 < top or y0 > bottom
        # Most lines are plain body text: the cheap tests first, the patterns only when they pass.
        number = _opening_number(content) if content[:1].isdigit() and not contents else None
        heading = len(content) < 80 and _is_heading(content)
        item = _ITEM.match(content) if content[:1] == "(" else None
        if not (margin or number or heading or item):
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
        if margin:
            page_number, numbered = bool(_PAGE_NUMBER.match(content)), bool(_NUMBER.match(content))
            margins.append((len(pieces), _repeat_key(content), page_number, numbered))
        if number:
            starts.append((len(pieces), *number))
        pieces.append((start, end, x0, y0, x1, y1, size, heading, item.group(1) if item else ""))
    if run:
        pieces.append((*run, False, ""))
    return PageLayout(tuple(pieces), tuple(sizes.items()), tuple(margins), tuple(starts))


def _opening_number(content: str) -> tuple[int, int | None, str] | None:
    """The number a line opens with, if it opens like a numbered paragraph."""
    match = _NUMBER.match(content)
    if not match:
        return None
    main, decimal, suffix, dot = match.groups()
    if not (dot or decimal or suffix):
        return None  # "2013 report", "3 June": a bare number is not a paragraph number
    rest = content[match.end() :].strip()
    if rest and not (rest[0].isupper() or rest[0] in "\"“‘'(«"):
        return None
    return int(main), int(decimal[1:]) if decimal else None, (suffix or "").strip()


def _repeat_key(content: str) -> str:
    return re.sub(r"\d+", "#", " ".join(content.split()).lower())


def _is_contents_page(text: str, lines: tuple[Line, ...]) -> bool:
    if not any(mark in text for mark in (". . .", "....", "…", "_____")):
        return False  # the common case, decided without a pattern per line
    return sum(1 for line in lines if _LEADER.search(text[line.start : line.end])) >= 3


def _is_heading(content: str) -> bool:
    if len(content) >= 80 or not content:
        return False
    # "II. FACTS FOUND", "A. Police custody", "ANNEX": short, lettered or in capitals.
    return bool(_HEADING.match(content)) or (content.isupper() and len(content) > 3)


# --- The whole document ------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    page: int
    piece: int  # index in the page's pieces
    main: int
    sub: int | None
    suffix: str


def find_paragraphs(pages: list[PageLayout]) -> list[Paragraph]:
    body_size = _body_size(pages)
    furniture = _furniture(pages)
    candidates = [
        _Candidate(page, piece, main, sub, suffix)
        for page, layout in enumerate(pages)
        for piece, main, sub, suffix in layout.starts
        if (page, piece) not in furniture and layout.pieces[piece][_SIZE] >= body_size * SMALL_PRINT
    ]
    accepted = _follow_sequence(candidates)
    if sum(1 for c in accepted if c.sub is None) < MIN_PARAGRAPHS:
        return []
    return _spans(pages, accepted, body_size, furniture)


def _body_size(pages: list[PageLayout]) -> float:
    sizes: Counter[float] = Counter()
    for layout in pages:
        for size, characters in layout.sizes:
            sizes[size] += characters
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _furniture(pages: list[PageLayout]) -> set[tuple[int, int]]:
    """Running headers and footers: margin lines that repeat across pages, and page numbers."""
    seen: Counter[str] = Counter()
    for layout in pages:
        seen.update({key for _piece, key, _page_number, _numbered in layout.margins})
    repeated = max(3, len(pages) // 4)
    return {
        (page, piece)
        for page, layout in enumerate(pages)
        for piece, key, page_number, numbered in layout.margins
        # A paragraph that opens at the top of each page is not a running header.
        if page_number or (seen[key] >= repeated and not numbered)
    }


def _follow_sequence(candidates: list[_Candidate]) -> list[_Candidate]:
    accepted: list[_Candidate] = []
    main, sub = 0, 0
    for candidate in candidates:
        if candidate.sub is None:
            if candidate.suffix and candidate.main == main:
                accepted.append(candidate)  # "45 bis" after 45
            elif main < candidate.main <= main + MAX_GAP and not candidate.suffix:
                accepted.append(candidate)
                main, sub = candidate.main, 0
        elif candidate.main == main and sub < candidate.sub <= sub + MAX_GAP:
            accepted.append(candidate)
            sub = candidate.sub
    return accepted


def _number(candidate: _Candidate) -> str:
    number = str(candidate.main)
    if candidate.sub is not None:
        number += f".{candidate.sub}"
    if candidate.suffix:
        number += f" {candidate.suffix}"
    return number


def _spans(
    pages: list[PageLayout], accepted: list[_Candidate], body_size: float, furniture: set[tuple[int, int]]
) -> list[Paragraph]:
    """Each paragraph runs to the next one, or to a heading, or to the end of its text.

    Lettered items ("(a)", "(iv)") inside a paragraph become paragraphs of their own,
    numbered "45(a)", nested in their paragraph's span.
    """
    starts = {(c.page, c.piece) for c in accepted}
    paragraphs = []
    for candidate in accepted:
        pieces = _body_pieces(pages, candidate, starts, body_size, furniture)
        number = _number(candidate)
        paragraphs.append(_paragraph(number, pieces))
        items = _item_pieces(pieces)
        for item, begin in enumerate(items):
            finish = items[item + 1] if item + 1 < len(items) else len(pieces)
            paragraphs.append(_paragraph(f"{number}({pieces[begin][1][_ITEM_LABEL]})", pieces[begin:finish]))
    return paragraphs


_BodyPiece = tuple[int, Piece]  # page, piece
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")


def _item_pieces(pieces: list[_BodyPiece]) -> list[int]:
    """Indexes of the lines opening the items (a), (b)... or (i), (ii)... of a paragraph.

    Only a run that starts at (a) or (i), goes on in order and has two items at least:
    an item met alone is the tail of a list that runs inside the lines, not a structure.
    """
    found = [(i, piece[_ITEM_LABEL]) for i, (_page, piece) in enumerate(pieces) if i and piece[_ITEM_LABEL]]
    for sequence in (_LETTERS, _ROMAN):
        run = []
        for index, label in found:
            if len(run) < len(sequence) and label == sequence[len(run)]:
                run.append(index)
        if len(run) >= 2:
            return run
    return []


def _body_pieces(
    pages: list[PageLayout],
    candidate: _Candidate,
    starts: set[tuple[int, int]],
    body_size: float,
    furniture: set[tuple[int, int]],
) -> list[_BodyPiece]:
    own = (candidate.page, candidate.piece)
    found: list[_BodyPiece] = []
    page, index = own
    smallest = body_size * SMALL_PRINT
    while page < len(pages):
        pieces = pages[page].pieces
        if index >= len(pieces):
            page, index = page + 1, 0
            continue
        if (page, index) in starts and (page, index) != own:
            break
        piece = pieces[index]
        if piece[_SIZE] >= smallest and (page, index) not in furniture:
            if piece[_HEADING_LINE] and (page, index) != own:
                break
            found.append((page, piece))
        index += 1
    return found


def _paragraph(number: str, pieces: list[_BodyPiece]) -> Paragraph:
    boxes: dict[int, tuple[float, float, float, float]] = {}
    for page, (_start, _end, x0, y0, x1, y1, *_rest) in pieces:
        box = boxes.get(page)
        boxes[page] = (
            (x0, y0, x1, y1) if box is None else (min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1))
        )
    (first_page, first), (last_page, last) = pieces[0], pieces[-1]
    return Paragraph(
        number=number,
        page_index=first_page,
        start=first[0],
        end_page_index=last_page,
        end=last[1],
        boxes=tuple((page, *box) for page, box in sorted(boxes.items())),
    )
