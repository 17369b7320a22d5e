"""What recognition (OCR) needs to decide without PyMuPDF: whether a page's text is usable, which
language a document is in, and a recognised page's words as words and lines the rest of the app reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from app.text.paragraph_records import Line
from app.text.selection import PageWords, Word

# The languages recognition knows, as Tesseract names them, with what a user reads.
LANGUAGES = {"eng": "English", "fra": "French", "rus": "Russian"}
# Tried all at once on a page of a document whose language nothing tells yet.
ALL_LANGUAGES = "+".join(LANGUAGES)

# Text with fewer than this many letters tells nothing of its language.
_GUESS_LETTERS = 20
_GUESS_CHARACTERS = 20_000
# A document with at least this share of its letters in each of two scripts is read in both languages.
_MIXED = 0.25
_FRENCH = frozenset("le la les des du une est et dans pour que qui pas au aux sur par ont été avec sont il elle "
                    "ne se ce cette leur".split())
_ENGLISH = frozenset("the of and to in is that for with on by was were are be this which has have it an".split())
_WORD = re.compile(r"[^\W\d_]+")
_SPACE = re.compile(r"\s")
_NOT_LETTER = re.compile(r"[\W\d_]+")
_SAMPLE = 500  # characters
_BAD = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd\ue000-\uf8ff\ud800-\udfff]")


def usable(text: str) -> bool:
    """Whether a page's text layer holds text a reader could use.

    Blank pages have none; fonts without a Unicode map give control characters, U+FFFD,
    private-use characters, or letters with no spaces between words, where the PDF's own
    codes were taken for characters. Import asks this of every page: a long page is judged by
    two stretches of it, and the counting is done by regular expressions, not in Python."""
    if len(text) > 2 * _SAMPLE:
        middle = len(text) // 2
        text = text[:_SAMPLE] + text[middle:middle + _SAMPLE]
    visible = _SPACE.sub("", text)
    spaces = len(text) - len(visible)
    if len(visible) < 3:
        return False
    if len(_BAD.findall(visible)) > len(visible) * 0.05:
        return False
    if len(_NOT_LETTER.sub("", visible)) < len(visible) * 0.4:
        return False
    # Running text has a space every few letters; a page of one 200-letter "word" is codes, not words.
    return len(visible) < 60 or spaces * 25 >= len(visible)


def guess_language(texts: Iterable[str]) -> str | None:
    """eng, fra or rus from some of a document's text ("rus+eng" for one in both scripts, as Tesseract
    takes several); None when it has too little to tell."""
    cyrillic = latin = 0
    french = english = 0
    seen = 0
    for text in texts:
        if seen > _GUESS_CHARACTERS:  # a few pages tell as well as three hundred
            break
        seen += len(text)
        for word in _WORD.findall(text):
            for ch in word:
                if "\u0400" <= ch <= "\u04ff":
                    cyrillic += 1
                elif ch.isascii() or "\u00c0" <= ch <= "\u024f":
                    latin += 1
            lower = word.lower()
            french += lower in _FRENCH or any(ch in "éèêàçùœ" for ch in lower)
            english += lower in _ENGLISH
    letters = cyrillic + latin
    if letters < _GUESS_LETTERS:
        return None
    latin_language = "fra" if french > english else "eng"
    if min(cyrillic, latin) >= letters * _MIXED:  # a bilingual document: both, the main one first
        return f"rus+{latin_language}" if cyrillic > latin else f"{latin_language}+rus"
    return "rus" if cyrillic > latin else latin_language


def page_words(page_index: int, words: Sequence[Sequence[Any]], text: str) -> PageWords:
    """A recognised page's stored words ([x0, y0, x1, y1, text, block, line, start, end], ...) as PageWords."""
    return PageWords(
        page_index,
        tuple(Word(float(x0), float(y0), float(x1), float(y1), str(value), int(block), int(line), start, end)
              for x0, y0, x1, y1, value, block, line, start, end in words),
        text,
    )


def lines_of(words: Sequence[Sequence[Any]]) -> list[Line]:
    """The text lines of a recognised page (for paragraph detection and page numbers), in text order."""
    lines: dict[tuple[int, int], list[Sequence[Any]]] = {}
    for word in words:
        if word[7] is not None:
            lines.setdefault((int(word[5]), int(word[6])), []).append(word)
    found = []
    for members in lines.values():
        x0 = min(float(w[0]) for w in members)
        y0 = min(float(w[1]) for w in members)
        x1 = max(float(w[2]) for w in members)
        y1 = max(float(w[3]) for w in members)
        start = min(int(w[7]) for w in members)
        end = max(int(w[8]) for w in members)
        found.append(Line(start, end, x0, y0, x1, y1, _height(members), False))
    return sorted(found, key=lambda line: line.start)


def _height(members: Sequence[Sequence[Any]]) -> float:
    """A line's height without the slant of its words: a line of a scan straightened by a degree
    still slopes, half a line lower at one end than the other, and a number read apart from it
    ("10.") would look like small print beside it."""
    first, last = min(members, key=lambda w: float(w[0])), max(members, key=lambda w: float(w[2]))
    slant = abs((float(last[1]) + float(last[3])) - (float(first[1]) + float(first[3]))) / 2
    box = max(float(w[3]) for w in members) - min(float(w[1]) for w in members)
    return max(box - slant, max(float(w[3]) - float(w[1]) for w in members))
