"""Paragraph numbers set apart in the margin of a recognised page, read again and checked in sequence.

UN and CPT reports set a paragraph's number at the margin and its text a tab away. The engine
takes such a number for a block of its own, a few pixels with nothing around them to read them
by, and on a JPEG scan often misreads it ("3." as "5,", "7." as "he", "2." as "2") or reads specks
beside it ("30...", "2:"). Three steps put it right, each only where the one before left it wrong:

* read again in a strip that holds the start of its line too, the number is read as part of that
  line (by the engine, from a sharper rendering: see ``app.pdf.recognise``);
* a number with specks around it is the number;
* the numbers down a page's margin run in sequence: a word at the margin between "50." and "52."
  that is not "51." is "51." misread, and "7" just after "6." is "7." without its full stop.

On four pages of each of the five UN reports of the test corpus (151 numbers), paragraph numbers
found went from 90.7 % to 99.3 % on JPEG 60 scans and from 82.8 % to 98.0 % with every degradation
at once (200 dpi, 1.5 degrees, speckle, JPEG 60), and CER and word recall did not get worse.

This module holds what needs no engine: which words to read again and where, and the page's text
and words with the numbers put right.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import pymupdf

# A word at most this long may be a misread paragraph number ("12.", "he").
_SHORT = 4
# The strip read again: this much around the word, and this far past where its line's text starts.
PAD = 2.0
CONTEXT = 150.0
# Numbers down one margin start within this many points of each other, and their text at least this
# far after them and at most _FAR (a tab: words of a line are 2-6 points apart, a number and its
# text 15-25).
_COLUMN = 6.0
_TAB = 9.0
_FAR = 50.0
NUMBER = re.compile(r"^\d{1,3}\.$")
_LETTER = re.compile(r"\w")
_BARE = re.compile(r"^\d{1,3}$")
_LIST_ITEM = re.compile(r"^\([a-z]{1,4}\)$")  # "(a)", "(iv)": read as they are
_SPECKLED = re.compile(r"^[^\w\s]{0,2}(\d{1,3})[.,:;\u2026'\u2018\u2019]+$")


def margin_words(words: Sequence[Sequence[Any]]) -> list[tuple[int, pymupdf.Rect]]:
    """(index in ``words``, strip to read again) for each short word alone on its line, first on
    the page's row, with the text of another line a tab after it: a paragraph number the engine
    read apart, unless it is already one or a list item ("(a)").

    ``words``: ``[x0, y0, x1, y1, text, block, line, ...]``, in points of the page read."""
    on_line = Counter((word[5], word[6]) for word in words)
    found = []
    for index, start in _at_margin(words).items():
        x0, y0, x1, y1, text = words[index][:5]
        if on_line[words[index][5], words[index][6]] != 1 or NUMBER.match(text) or _LIST_ITEM.match(text):
            continue
        top, bottom = min(y0, start[1]), max(y1, start[3])
        found.append((index, pymupdf.Rect(x0 - PAD, top - PAD, start[0] + CONTEXT, bottom + PAD)))
    return found


def numbered(text: str, words: list[list[Any]], readings: dict[int, str]) -> str:
    """``text`` with the paragraph numbers at its margin put right: a word ``readings`` read again
    as a number (by index in ``words``), specks dropped, a number out of sequence put in it. The
    words' own text and offsets are set to match, in place.

    ``words``: ``[x0, y0, x1, y1, text, block, line, start, end]``, in reading order."""
    margin = _at_margin(words)
    new: dict[int, str] = {}
    bare: dict[int, int] = {}
    for index in margin:
        read = (readings.get(index, ""), words[index][4])
        number = _number(read[0]) or _number(read[1])
        if number:
            new[index] = number
        else:  # "7" without its full stop: a number only where its neighbours say so
            bare.update((index, int(value)) for value in read if _BARE.match(value))
    text = _replaced(text, words, new)
    return _replaced(text, words, _in_sequence(words, list(margin), bare))


def _at_margin(words: Sequence[Sequence[Any]]) -> dict[int, Sequence[Any]]:
    """Index of each short word first on its row with a line's text a tab after it (specks read as
    words not counted): the first word of that text, by the word's index."""
    found = {}
    inked = [word for word in words if _LETTER.search(word[4])]  # not specks read as "." or "'"
    for index, word in enumerate(words):
        x0, y0, x1, y1 = word[:4]
        if not _LETTER.search(word[4]) or (len(word[4]) > _SHORT and not _SPECKLED.match(word[4])):
            continue
        middle = (y0 + y1) / 2
        level = [other for other in inked if other[1] <= middle <= other[3]]
        beside = [other for other in level if other[0] > x1]
        # A letter alone far out in the page's margin is a speck read as one ("é"), not a line's start.
        if not beside or any(other[2] < x0 and (len(other[4]) > 1 or x0 - other[2] <= _FAR) for other in level):
            continue
        start = min(beside, key=lambda other: other[0])
        if _TAB <= start[0] - x1 <= _FAR:
            found[index] = start
    return found


def _number(text: str) -> str | None:
    """"12." for a word that is paragraph number 12 as read, specks and all ("12...", "12:")."""
    if NUMBER.match(text):
        return text
    speckled = _SPECKLED.match(text)
    return f"{speckled.group(1)}." if speckled else None


def _in_sequence(words: Sequence[Sequence[Any]], margin: list[int], bare: dict[int, int]) -> dict[int, str]:
    """The number each word at the margin must be, where its neighbours down the same margin say it:
    the one word between "n." and "n+2." read as anything but "n+1.", or ``bare`` digits (by index)
    that follow the number before them or lead to the one after."""
    found = {}
    for place, index in enumerate(margin):
        x0, value = words[index][0], _value(words[index][4])
        first = _value(words[margin[place - 1]][4]) if place and _aligned(words, margin[place - 1], x0) else None
        last = (_value(words[margin[place + 1]][4])
                if place + 1 < len(margin) and _aligned(words, margin[place + 1], x0) else None)
        if _fits(value, first, last):
            continue
        if first is not None and last == first + 2:
            found[index] = f"{first + 1}."
        elif _fits(bare.get(index), first, last):
            found[index] = f"{bare[index]}."
    return found


def _fits(value: int | None, first: int | None, last: int | None) -> bool:
    """Whether ``value`` comes next after ``first`` or just before ``last``."""
    return value is not None and value in {first + 1 if first is not None else None,
                                           last - 1 if last is not None else None}


def _aligned(words: Sequence[Sequence[Any]], index: int, x0: float) -> bool:
    return abs(words[index][0] - x0) <= _COLUMN


def _value(text: str) -> int | None:
    return int(text[:-1]) if NUMBER.match(text) else None


def _replaced(text: str, words: list[list[Any]], new: dict[int, str]) -> str:
    """``text`` with each word ``new`` names (by index) spelled as given, the offsets of the words
    after it shifted to match."""
    shift = 0
    for index, word in enumerate(words):
        if word[7] is not None:
            word[7] += shift
            word[8] += shift
        spelled = new.get(index)
        if spelled is None or word[7] is None or spelled == word[4]:
            continue
        text = text[:word[7]] + spelled + text[word[8]:]
        shift += len(spelled) - (word[8] - word[7])
        word[4], word[8] = spelled, word[7] + len(spelled)
    return text
