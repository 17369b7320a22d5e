"""What print varies, folded away: one text to search by and one text to quote by.

A PDF's text layer holds words as they were printed, not as a reader types them: "ﬁ" and
"ﬂ" ligatures, full-width letters and superscripts, Arabic with its vowel marks and
tatweel stretching, pointed Hebrew, soft hyphens, words broken at a line end ("deten-" /
"tion") and typographic quotes. :func:`fold` takes these away, and every place that
indexes or searches text (the full-text index's triggers, the query, find-in-document and
the marking of results) goes through it, so both sides of a search are read alike.

:func:`display_quote` is the one text a quote is shown, copied and exported as: its lines
joined and its line-end hyphenation undone. The quote stored stays as the PDF laid it out,
the anchor that finds it again.
"""

from __future__ import annotations

import re
import unicodedata

# Compatibility forms are folded by NFKC (Unicode's own table of ligatures, full-width and
# superscript forms, Arabic presentation forms), not by a table of our own.
_NORMAL_FORM = "NFKC"

# The marks a reader may leave out in these scripts are every nonspacing mark (Mn) of their
# blocks, read from the Unicode database: Arabic harakat, shadda, sukun, superscript alef and
# the Quranic marks; Hebrew points and cantillation. Only these scripts: elsewhere (Devanagari,
# Thai) a mark is part of how a word is spelt.
_MARKED_BLOCKS = ((0x0590, 0x05FF), (0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB1D, 0xFB4F))
_TATWEEL = "\u0640"  # stretches a word to fill a line; no letter
_SOFT_HYPHEN = "\u00ad"
_TYPOGRAPHIC_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                       "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"'}


def _dropped() -> re.Pattern[str]:
    marks = [chr(code) for low, high in _MARKED_BLOCKS for code in range(low, high + 1)
             if unicodedata.category(chr(code)) == "Mn"]
    # A soft hyphen within a line: the word is whole around it.
    return re.compile("[" + "".join(map(re.escape, marks + [_TATWEEL, _SOFT_HYPHEN])) + "]+")


# Dropped by a pattern and quotes replaced one by one: both in C and quicker than str.translate,
# which looks each character of a page up in a table.
_DROPPED = _dropped()


def _folded_characters(text: str) -> str:
    text = _DROPPED.sub("", text)
    for quote, plain in _TYPOGRAPHIC_QUOTES.items():
        if quote in text:
            text = text.replace(quote, plain)
    return text


# A hyphen at a line's end (a page break too, in a quote across pages), and the spacing to the
# next line's first letter. Whether the word is joined is decided by _joined: the letters around it.
_LINE_END_HYPHEN = re.compile(f"[-\u2010\u2011{_SOFT_HYPHEN}][ \t]*[\n\r\f\v\u2028\u2029]\\s*(?=[^\\W\\d_])")


def _joined(found: re.Match[str]) -> str:
    """Nothing where a word was broken across lines; the text as it was otherwise.

    A soft hyphen is only ever a break. A hard one is read as a break between a letter and a
    lower-case letter ("deten-" / "tion"); before a capital ("Council of Europe-" / "OSCE")
    or after a digit it is the compound's own hyphen and stays, its line break with it.
    """
    text, start = found.string, found.start()
    if found.group()[0] == _SOFT_HYPHEN:
        return ""
    before_is_letter = start > 0 and (text[start - 1].isalpha())
    return "" if before_is_letter and text[found.end()].islower() else found.group()


def join_line_end_hyphens(text: str) -> str:
    """``text`` with words broken at a line end made whole again; hyphens within a line stay."""
    return _LINE_END_HYPHEN.sub(_joined, text) if "\n" in text or "\f" in text or "\r" in text else text


def fold(text: str) -> str:
    """``text`` as it is indexed and searched: compatibility forms (NFKC), Arabic and Hebrew marks,
    tatweel, soft hyphens, line-end hyphenation and typographic quotes folded; case and Latin
    accents left to the comparison (FTS5's unicode61, a case-blind pattern)."""
    if text.isascii():  # most text: only a line-end hyphen can need folding
        return join_line_end_hyphens(text) if "-" in text else text
    if not unicodedata.is_normalized(_NORMAL_FORM, text):
        text = unicodedata.normalize(_NORMAL_FORM, text)
    return _folded_characters(join_line_end_hyphens(text))


def fold_mapped(text: str) -> tuple[str, list[int], list[int]]:
    """:func:`fold` with where each folded character came from: ``(folded, starts, ends)``, the
    folded character ``i`` made from ``text[starts[i]:ends[i]]``. For marking or boxing a hit
    found in the folded text where it stands in the original."""
    folded = fold(text)
    if folded == text:
        every = list(range(len(text)))
        return text, every, [index + 1 for index in every]
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for found in _LINE_END_HYPHEN.finditer(text):
        if _joined(found) == "":
            _fold_piece(text, position, found.start(), out, starts, ends)
            position = found.end()
    _fold_piece(text, position, len(text), out, starts, ends)
    return "".join(out), starts, ends


# A character and the combining marks after it, which NFKC may compose with it.
_CLUSTER = re.compile(r".[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
                      r"\u08d3-\u08ff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]*", re.DOTALL)


def _fold_piece(text: str, start: int, end: int, out: list[str], starts: list[int], ends: list[int]) -> None:
    for cluster in _CLUSTER.finditer(text, start, end):
        folded = _folded_characters(unicodedata.normalize(_NORMAL_FORM, cluster.group()))
        out.append(folded)
        starts.extend([cluster.start()] * len(folded))
        ends.extend([cluster.end()] * len(folded))


def display_quote(quote: str) -> str:
    """The quote as it is shown, copied and exported: one line, with the words the PDF broke
    at its line ends made whole. Nothing else changes: ligatures and marks are as printed."""
    if _one_spaced_line(quote):
        return quote  # most quotes: a million of them exported a second sooner
    return " ".join(join_line_end_hyphens(quote).split())


def _one_spaced_line(text: str) -> bool:
    """True when ``text`` is already as :func:`display_quote` makes it: a printable string has no
    white space but the plain space (every other is a control or a separator), so no line ends
    either; and the spaces are single, none at an end."""
    return text.isprintable() and "  " not in text and not text.startswith(" ") and not text.endswith(" ")
