"""The records paragraph detection passes between its steps: lines, page summaries, candidates, paragraphs.

Kept apart so that :mod:`app.text.paragraphs`, :mod:`app.text.paragraph_spans` and :mod:`app.text.sections`
all build on them without importing one another in a circle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, NamedTuple

MARGIN = 0.1  # the top and bottom tenth of a page hold running headers and footers
SMALL_PRINT = 0.85  # lines smaller than this share of the body size are footnotes
MAX_GAP = 3  # numbers may be skipped when a paragraph start was not extracted


class Line(NamedTuple):
    """One text line: where it is in its page's text, its box (PDF points) and its size."""

    start: int
    end: int
    x0: float
    y0: float
    x1: float
    y1: float
    size: float  # the line's height, which grows with its font size
    bold: bool = False  # the line opens in a bold face


# What a worker sends for the whole-document pass is made of plain tuples: they cross between
# processes several times faster than named ones.

# A single line that detection looks at on its own, or a run of plain lines of one size:
# (start, end, x0, y0, x1, y1, size, heading, item). Offsets and box span the whole run; a run
# never holds a margin line, a heading, an item or a possible paragraph start, so every line
# in it is treated alike. ``item`` is "a", "iv" for a line opening "(a)", "(iv)"; else "".
Piece = tuple[int, int, float, float, float, float, float, bool, str]
# Places in a Piece; Final, so that type checkers know each place's type.
Y0: Final = 3
Y1: Final = 5
SIZE: Final = 6
HEADING_LINE: Final = 7
ITEM_LABEL: Final = 8
# A line in the top or bottom margin, which may be a running header or footer:
# (piece, its text with digits masked to see it repeat, page number?, opens like a paragraph number?).
Margin = tuple[int, str, bool, bool]
# A line that opens like a numbered paragraph ("45.", "86.12", "45 bis"): (piece, main, sub, suffix).
Start = tuple[int, int, int | None, str]
# Flags of a start: what the document pass needs to tell a paragraph from a heading or a list entry.
LABEL = 1  # a short line with no sentence after the number: "3.5 Conditions of detention", "1. France"
BOLD = 2
BARE = 4  # a number with no dot ("1 Introduction"): only ever a section heading
RECOMMEND = 8  # "recommend..." stands between the previous start and this one


class PageLayout(NamedTuple):
    """What paragraph detection needs of one page: a compact summary of its lines."""

    pieces: tuple[Piece, ...] = ()
    sizes: tuple[tuple[float, int], ...] = ()  # characters per line size, in order of first use
    margins: tuple[Margin, ...] = ()
    starts: tuple[Start, ...] = ()  # none on a contents page
    start_flags: tuple[int, ...] = ()  # LABEL, BOLD... of each start
    recommends: bool = False  # "recommend..." stands after the page's last start, for a list on the next page
    edges: tuple[Margin, ...] = ()  # lines just inside the margin band, which may be headers and footers too


@dataclass(frozen=True)
class Paragraph:
    number: str  # the locator as it is cited: "45", "45(a)", "§ 3.5", "96 rec. 12"
    page_index: int
    start: int  # offset in the text of page_index
    end_page_index: int
    end: int  # offset in the text of end_page_index
    boxes: tuple[tuple[int, float, float, float, float], ...]  # (page, x0, y0, x1, y1)
    # The paragraph's own text on each page it covers, (page, start, end): without the running
    # headers, footers and footnotes that its start..end crosses at a page break.
    ranges: tuple[tuple[int, int, int], ...] = ()
    kind: str = "paragraph"  # "paragraph", "item" ("45(a)"), "section" ("§ 3.5"), "recommendation"


@dataclass(frozen=True)
class Candidate:
    page: int
    piece: int  # index in the page's pieces
    main: int
    sub: int | None
    suffix: str
    flags: int = 0


Spot = tuple[int, int]  # page, piece
Listed = dict[Spot, list[tuple[Spot, int]]]  # by a paragraph's start: its recommendations' starts and numbers
