"""Text selection over word boxes: which words a pointer hits, and the frozen selection record.

Plain Python: the viewer feeds it the words of each page (see ``app.pdf.words``) and gets
back a :class:`TextSelection` that the annotation features can store as it is.
Coordinates are PDF points with the origin at the page's top left, as PyMuPDF gives them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Quad = tuple[float, float, float, float, float, float, float, float]


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    block: int
    line: int
    # Where the word stands in the page's text (``PageText.text``); None if it could not be placed.
    start: int | None = None
    end: int | None = None

    @property
    def line_key(self) -> tuple[int, int]:
        return (self.block, self.line)


@dataclass(frozen=True)
class PageWords:
    page_index: int
    words: tuple[Word, ...]
    text: str


@dataclass(frozen=True)
class PageSelection:
    page_index: int
    # One quad per selected line part: upper-left, upper-right, lower-left, lower-right corners.
    quads: tuple[Quad, ...]
    start: int | None
    end: int | None
    text: str


@dataclass(frozen=True)
class TextSelection:
    """A passage the user selected: what the annotation features act on."""

    document_id: int
    pages: tuple[PageSelection, ...]
    text: str
    # Offsets in the document's text (page texts joined by a form feed), when every end is placed.
    start_offset: int | None = None
    end_offset: int | None = None

    @property
    def first_page(self) -> int:
        return self.pages[0].page_index


@dataclass(frozen=True)
class Position:
    """A word on a page: one end of a selection."""

    page_index: int
    word: int

    def key(self) -> tuple[int, int]:
        return (self.page_index, self.word)


def word_at(words: Sequence[Word], x: float, y: float) -> int | None:
    """The word whose box holds the point, if any."""
    for index, word in enumerate(words):
        if word.x0 <= x <= word.x1 and word.y0 <= y <= word.y1:
            return index
    return None


def nearest_word(words: Sequence[Word], x: float, y: float) -> int | None:
    """The word a selection end at (x, y) should snap to: in the line at that height, else the closest line."""
    if not words:
        return None
    lines: dict[tuple[int, int], list[int]] = {}
    for index, word in enumerate(words):
        lines.setdefault(word.line_key, []).append(index)

    def distance(members: list[int]) -> tuple[float, float]:
        top = min(words[i].y0 for i in members)
        bottom = max(words[i].y1 for i in members)
        left = min(words[i].x0 for i in members)
        right = max(words[i].x1 for i in members)
        dy = 0.0 if top <= y <= bottom else min(abs(y - top), abs(y - bottom))
        dx = 0.0 if left <= x <= right else min(abs(x - left), abs(x - right))
        return (dy, dx)

    members = min(lines.values(), key=distance)
    chosen = members[0]
    for index in members:
        if words[index].x0 <= x:
            chosen = index
    return chosen


def line_of(words: Sequence[Word], index: int) -> tuple[int, int]:
    """First and last word index of the line holding word ``index``."""
    key = words[index].line_key
    members = [i for i, word in enumerate(words) if word.line_key == key]
    return members[0], members[-1]


def build_selection(
    document_id: int,
    pages: Mapping[int, PageWords],
    anchor: Position,
    focus: Position,
    page_starts: Sequence[int] | None = None,
) -> TextSelection | None:
    """The words from ``anchor`` to ``focus`` (either order, both included), page by page.

    Pages between the two ends whose words are not in ``pages`` are left out; the caller
    asks for them and builds the selection again when they arrive.
    """
    first, last = sorted((anchor, focus), key=Position.key)
    parts: list[PageSelection] = []
    for page_index in range(first.page_index, last.page_index + 1):
        page = pages.get(page_index)
        if page is None or not page.words:
            continue
        lo = first.word if page_index == first.page_index else 0
        hi = last.word if page_index == last.page_index else len(page.words) - 1
        lo, hi = max(lo, 0), min(hi, len(page.words) - 1)
        if lo > hi:
            continue
        parts.append(_page_part(page, lo, hi))
    if not parts:
        return None
    start_offset = end_offset = None
    if page_starts is not None and parts[0].start is not None and parts[-1].end is not None:
        start_offset = page_starts[parts[0].page_index] + parts[0].start
        end_offset = page_starts[parts[-1].page_index] + parts[-1].end
    return TextSelection(
        document_id=document_id,
        pages=tuple(parts),
        text="\n".join(part.text for part in parts),
        start_offset=start_offset,
        end_offset=end_offset,
    )


def _page_part(page: PageWords, lo: int, hi: int) -> PageSelection:
    chosen = page.words[lo : hi + 1]
    quads: list[Quad] = []
    run: list[Word] = []
    for word in chosen:
        if run and word.line_key != run[-1].line_key:
            quads.append(_quad(run))
            run = []
        run.append(word)
    if run:
        quads.append(_quad(run))
    start, end = chosen[0].start, chosen[-1].end
    if start is not None and end is not None and start <= end:
        # The page's own text keeps its line breaks and spacing, which a copy should too.
        text = page.text[start:end]
    else:
        text = _joined(chosen)
    return PageSelection(page.page_index, tuple(quads), start, end, text)


def _quad(run: list[Word]) -> Quad:
    x0 = min(w.x0 for w in run)
    y0 = min(w.y0 for w in run)
    x1 = max(w.x1 for w in run)
    y1 = max(w.y1 for w in run)
    return (x0, y0, x1, y0, x0, y1, x1, y1)


def _joined(words: Sequence[Word]) -> str:
    lines: list[str] = []
    previous: tuple[int, int] | None = None
    for word in words:
        if word.line_key != previous:
            lines.append(word.text)
        else:
            lines[-1] += " " + word.text
        previous = word.line_key
    return "\n".join(lines)
