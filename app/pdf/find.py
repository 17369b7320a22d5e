"""Finding a phrase on a page, one hit per occurrence even when it runs across lines.

PyMuPDF's ``search_for`` returns one quad per line part of a hit, with nothing to say which
parts belong together, so a phrase that wraps would count as two hits; and it reads the page
as printed, so "finding" misses "ﬁnding", an unvowelled Arabic word its vowelled print and
"detention" the "deten-" / "tion" of two lines. Here the page's characters are read as one
text, folded as the search index folds it (:func:`app.text.printed_text.fold`), and each hit keeps
the boxes of all the characters it came from. The page's plain text, folded, sifts the pages
first: reading each character's box costs several times more, so it is done only on pages
that hold a hit, and not for a single word that ``search_for`` finds as often.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.text.printed_text import fold, fold_mapped

if TYPE_CHECKING:
    from app.text.selection import PageWords, Quad, Word

# Ligatures, spacing and line-end hyphens kept as printed: the folding reads them, as it reads the index's text.
_FLAGS_NAMES = ("TEXT_PRESERVE_WHITESPACE", "TEXT_PRESERVE_LIGATURES", "TEXT_MEDIABOX_CLIP")


def find_on_page(page, text: str) -> tuple[tuple[Quad, ...], ...]:  # noqa: ANN001 - a pymupdf.Page
    """The hits of ``text`` on ``page`` (case and what print varies ignored), each as the quads of its line parts."""
    import pymupdf  # noqa: PLC0415 - loaded only where a page is searched

    pattern = _pattern(text)
    if pattern is None:
        return ()
    flags = 0
    for name in _FLAGS_NAMES:
        flags |= getattr(pymupdf, name)
    textpage = page.get_textpage(flags=flags)
    found = len(pattern.findall(fold(textpage.extractText())))
    if not found:
        return ()
    if len(text.split()) == 1:
        # A word keeps to its line: where MuPDF's own search, reading the page as printed, finds
        # it as often, nothing folded is in its way, and its boxes are those of the hits, at a
        # fraction of the cost of reading every character's box.
        rough = page.search_for(text, quads=True, textpage=textpage)
        if len(rough) == found:
            return tuple((_quad_of(q),) for q in rough)
    return _grouped(textpage.extractRAWDICT(), pattern)


def _quad_of(q) -> Quad:  # noqa: ANN001 - a pymupdf.Quad
    return (q.ul.x, q.ul.y, q.ur.x, q.ur.y, q.ll.x, q.ll.y, q.lr.x, q.lr.y)


def _pattern(text: str) -> re.Pattern[str] | None:
    """The folded words of ``text`` with any spacing (a line break too) between them."""
    words = fold(text).split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)


def _grouped(raw: dict, pattern: re.Pattern[str]) -> tuple[tuple[Quad, ...], ...]:
    chars: list[str] = []
    boxes: list[tuple[int, tuple[float, float, float, float]] | None] = []  # (line number, bbox)
    line_number = 0
    for block in raw.get("blocks", ()):
        for line in block.get("lines", ()):
            for span in line.get("spans", ()):
                for char in span.get("chars", ()):
                    chars.append(char["c"])
                    boxes.append((line_number, tuple(char["bbox"])))
            chars.append("\n")
            boxes.append(None)
            line_number += 1
    folded, starts, ends = fold_mapped("".join(chars))
    hits = []
    for match in pattern.finditer(folded):
        parts: dict[int, list[float]] = {}
        for index in range(starts[match.start()], ends[match.end() - 1]):
            box = boxes[index]
            if box is None or not chars[index].strip():
                continue
            line, (x0, y0, x1, y1) = box
            part = parts.setdefault(line, [x0, y0, x1, y1])
            part[0], part[1] = min(part[0], x0), min(part[1], y0)
            part[2], part[3] = max(part[2], x1), max(part[3], y1)
        if parts:
            hits.append(tuple((x0, y0, x1, y0, x0, y1, x1, y1) for x0, y0, x1, y1 in parts.values()))
    return tuple(hits)


def find_in_words(page: PageWords, text: str) -> tuple[tuple[Quad, ...], ...]:
    """The hits of ``text`` in a page known only by its words (a recognised-text layer):
    matched in the page's folded text as ``find_on_page`` matches characters, each hit as the quads
    of its line parts. A hit that starts or ends inside a word takes its share of the word's
    box by letters, the source knowing no boxes finer than a word's."""
    pattern = _pattern(text)
    if pattern is None:
        return ()
    folded, starts, ends = fold_mapped(page.text)
    spans = ((starts[match.start()], ends[match.end() - 1]) for match in pattern.finditer(folded))
    return tuple(hit for start, end in spans if (hit := _hit_in_words(page.words, start, end)))


def _hit_in_words(words: Sequence[Word], start: int, end: int) -> tuple[Quad, ...]:
    parts: dict[tuple[int, int], list[float]] = {}
    for word in words:
        if word.start is None or word.end is None or word.end <= start or word.start >= end:
            continue
        x0, x1 = _share(word, max(start, word.start)), _share(word, min(end, word.end))
        part = parts.setdefault(word.line_key, [x0, word.y0, x1, word.y1])
        part[0], part[1] = min(part[0], x0), min(part[1], word.y0)
        part[2], part[3] = max(part[2], x1), max(part[3], word.y1)
    return tuple((x0, y0, x1, y0, x0, y1, x1, y1) for x0, y0, x1, y1 in parts.values())


def _share(word: Word, offset: int) -> float:
    """Where ``offset`` of the page's text falls across the word's box."""
    if offset <= word.start:
        return word.x0
    if offset >= word.end:
        return word.x1  # exactly the box's edge: a whole word gives its own box, not a rounding of it
    return word.x0 + (word.x1 - word.x0) * (offset - word.start) / (word.end - word.start)
