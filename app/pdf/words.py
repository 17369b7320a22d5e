"""Word boxes of a PDF page, each placed in the page's text as the library stores it.

The library keeps ``page.get_text("text")`` per page (``PageText.text``); selections and
annotations give offsets into that text, so every word box is matched to its place there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from app.text.selection import PageWords, Word

_MAX_SKIP = 200
RawWord = Sequence[object]  # (x0, y0, x1, y1, text, block, line, word) as PyMuPDF gives it


def map_words(raw: Iterable[RawWord], text: str) -> tuple[Word, ...]:
    """Words in reading order with their offsets in ``text``, found left to right."""
    cursor = 0
    words: list[Word] = []
    for x0, y0, x1, y1, value, block, line, *_ in raw:
        value = str(value)
        found = text.find(value, cursor)
        # A word found far ahead is spelled differently in the text (ligatures, hyphens):
        # leave it unplaced rather than jump over a stretch of the page.
        if found < 0 or found - cursor > _MAX_SKIP:
            start = end = None
        else:
            start, end = found, found + len(value)
            cursor = end
        words.append(Word(float(x0), float(y0), float(x1), float(y1), value, int(block), int(line), start, end))  # type: ignore[arg-type]
    return tuple(words)


def page_words(page: object, page_index: int) -> PageWords:
    """The words of a PyMuPDF page, in the text order the library stores."""
    text = page.get_text("text")  # type: ignore[attr-defined]
    raw = page.get_text("words", sort=False)  # type: ignore[attr-defined]
    return PageWords(page_index, map_words(raw, text), text)
