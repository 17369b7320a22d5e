"""Find numbered paragraphs ("45.", "86.12", "45 bis") in a document's text lines.

Works on plain line records (text offsets, boxes, font size), so the rules can be tested
without a PDF. Lawyers cite CPT and UN reports by these numbers, so a wrong number is worse
than none: a candidate is only accepted where it continues the document's own sequence,
and a document with too few of them gets none at all.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple


class Line(NamedTuple):
    """One text line: where it is in its page's text, its box (PDF points) and its size."""

    start: int
    end: int
    x0: float
    y0: float
    x1: float
    y1: float
    size: float  # the line's height, which grows with its font size


@dataclass(frozen=True)
class Paragraph:
    number: str
    page_index: int
    start: int  # offset in the text of page_index
    end_page_index: int
    end: int  # offset in the text of end_page_index
    boxes: tuple[tuple[int, float, float, float, float], ...]  # (page, x0, y0, x1, y1)


# (text, page height, lines) for each page.
PageLines = tuple[str, float, tuple[Line, ...]]

_NUMBER = re.compile(r"^(\d{1,3})(\.\d{1,3})?(\s+(?:bis|ter|quater))?(\.?)(?=\s|$)")
_LEADER = re.compile(r"(\.\s?){5,}|…{2,}|_{5,}")
_PAGE_NUMBER = re.compile(r"^(page\s+)?[-–—\s]*[\divxlc]+[-–—\s]*$", re.IGNORECASE)
_HEADING = re.compile(r"^(([IVXLC]+|[A-H])\.\s|annex|appendix)", re.IGNORECASE)

MARGIN = 0.1  # the top and bottom tenth of a page hold running headers and footers
SMALL_PRINT = 0.85  # lines smaller than this share of the body size are footnotes
MIN_PARAGRAPHS = 5  # fewer than this and the "numbers" are a list, not a numbering
MAX_GAP = 3  # numbers may be skipped when a paragraph start was not extracted


@dataclass(frozen=True)
class _Candidate:
    page: int
    line: int  # index in the page's lines
    main: int
    sub: int | None
    suffix: str


def find_paragraphs(pages: list[PageLines]) -> list[Paragraph]:
    body_size = _body_size(pages)
    furniture = _furniture(pages)
    candidates = list(_candidates(pages, body_size, furniture))
    accepted = _follow_sequence(candidates)
    if sum(1 for c in accepted if c.sub is None) < MIN_PARAGRAPHS:
        return []
    return _spans(pages, accepted, body_size, furniture)


def _body_size(pages: list[PageLines]) -> float:
    sizes: Counter[float] = Counter()
    for _text, _height, lines in pages:
        for line in lines:
            sizes[line.size] += line.end - line.start
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _in_margin(line: Line, height: float) -> bool:
    return line.y1 < height * MARGIN or line.y0 > height * (1 - MARGIN)


def _furniture(pages: list[PageLines]) -> set[tuple[int, int]]:
    """Running headers and footers: margin lines that repeat across pages, and page numbers."""
    def key(text: str) -> str:
        return re.sub(r"\d+", "#", " ".join(text.split()).lower())

    margins = [
        [(index, text[line.start : line.end].strip()) for index, line in enumerate(lines) if _in_margin(line, height)]
        for text, height, lines in pages
    ]
    seen: Counter[str] = Counter()
    for page_margins in margins:
        seen.update({key(content) for _index, content in page_margins})
    repeated = max(3, len(pages) // 4)
    found = set()
    for page, page_margins in enumerate(margins):
        for index, content in page_margins:
            # A paragraph that opens at the top of each page is not a running header.
            if _PAGE_NUMBER.match(content) or (seen[key(content)] >= repeated and not _NUMBER.match(content)):
                found.add((page, index))
    return found


def _is_contents_page(text: str, lines: tuple[Line, ...]) -> bool:
    if not any(mark in text for mark in (". . .", "....", "…", "_____")):
        return False  # the common case, decided without a pattern per line
    return sum(1 for line in lines if _LEADER.search(text[line.start : line.end])) >= 3


def _candidates(pages: list[PageLines], body_size: float, furniture: set[tuple[int, int]]):
    for page, (text, _height, lines) in enumerate(pages):
        if _is_contents_page(text, lines):
            continue
        for index, line in enumerate(lines):
            if (page, index) in furniture or line.size < body_size * SMALL_PRINT:
                continue
            content = text[line.start : line.end].strip()
            if not content[:1].isdigit():
                continue
            match = _NUMBER.match(content)
            if not match:
                continue
            main, decimal, suffix, dot = match.groups()
            if not (dot or decimal or suffix):
                continue  # "2013 report", "3 June": a bare number is not a paragraph number
            rest = content[match.end() :].strip()
            if rest and not (rest[0].isupper() or rest[0] in "\"“‘'(«"):
                continue
            yield _Candidate(page, index, int(main), int(decimal[1:]) if decimal else None, (suffix or "").strip())


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
    pages: list[PageLines], accepted: list[_Candidate], body_size: float, furniture: set[tuple[int, int]]
) -> list[Paragraph]:
    """Each paragraph runs to the next one, or to a heading, or to the end of its text.

    Lettered items ("(a)", "(iv)") inside a paragraph become paragraphs of their own,
    numbered "45(a)", nested in their paragraph's span.
    """
    starts = {(c.page, c.line) for c in accepted}
    paragraphs = []
    for candidate in accepted:
        lines = _body_lines(pages, candidate, starts, body_size, furniture)
        number = _number(candidate)
        paragraphs.append(_paragraph(number, lines))
        items = _item_lines(lines)
        for item, begin in enumerate(items):
            finish = items[item + 1] if item + 1 < len(items) else len(lines)
            letter = _ITEM.match(lines[begin][2]).group(1)
            paragraphs.append(_paragraph(f"{number}({letter})", lines[begin:finish]))
    return paragraphs


_ITEM = re.compile(r"^\(([a-z]|[ivx]{1,4})\)\s+\S")

_BodyLine = tuple[int, Line, str]  # page, line, its stripped text
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")


def _item_lines(lines: list[_BodyLine]) -> list[int]:
    """Indexes of lines opening the items (a), (b)... or (i), (ii)... of a paragraph.

    Only a run that starts at (a) or (i), goes on in order and has two items at least:
    an item met alone is the tail of a list that runs inside the lines, not a structure.
    """
    found = [(i, _ITEM.match(content).group(1)) for i, (_p, _l, content) in enumerate(lines) if i and _ITEM.match(content)]
    for sequence in (_LETTERS, _ROMAN):
        run = []
        for index, label in found:
            if len(run) < len(sequence) and label == sequence[len(run)]:
                run.append(index)
        if len(run) >= 2:
            return run
    return []


def _body_lines(
    pages: list[PageLines],
    candidate: _Candidate,
    starts: set[tuple[int, int]],
    body_size: float,
    furniture: set[tuple[int, int]],
) -> list[_BodyLine]:
    own = (candidate.page, candidate.line)
    found: list[_BodyLine] = []
    page, index = own
    while page < len(pages):
        text, _height, lines = pages[page]
        if index >= len(lines):
            page, index = page + 1, 0
            continue
        if (page, index) in starts and (page, index) != own:
            break
        line = lines[index]
        content = text[line.start : line.end].strip()
        if (page, index) not in furniture and line.size >= body_size * SMALL_PRINT:
            if (page, index) != own and _is_heading(content):
                break
            found.append((page, line, content))
        index += 1
    return found


def _paragraph(number: str, lines: list[_BodyLine]) -> Paragraph:
    boxes: dict[int, tuple[float, float, float, float]] = {}
    for page, line, _content in lines:
        box = boxes.get(page)
        boxes[page] = (
            (line.x0, line.y0, line.x1, line.y1)
            if box is None
            else (min(box[0], line.x0), min(box[1], line.y0), max(box[2], line.x1), max(box[3], line.y1))
        )
    (first_page, first, _), (last_page, last, _) = lines[0], lines[-1]
    return Paragraph(
        number=number,
        page_index=first_page,
        start=first.start,
        end_page_index=last_page,
        end=last.end,
        boxes=tuple((page, *box) for page, box in sorted(boxes.items())),
    )


def _is_heading(content: str) -> bool:
    if len(content) >= 80 or not content:
        return False
    # "II. FACTS FOUND", "A. Police custody", "ANNEX": short, lettered or in capitals.
    return bool(_HEADING.match(content)) or (content.isupper() and len(content) > 3)
