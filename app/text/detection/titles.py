"""A document's title: its metadata's when that can be trusted, else what its cover prints largest.

PDF metadata titles are often left over from a template ("Mise en page 1"), written by the
authoring tool ("Microsoft Word - report.docx") or copied from a file name
("NOR_response_2024_EN_final"); the cover is what a reader would cite.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

# (text, size) of one line or run of lines of the first page, in reading order; size grows with the font's.
CoverLine = tuple[str, float]

_GENERIC = re.compile(
    r"^(untitled\b.*|mise en page\s*\d*|microsoft\s+\w+\s*-.*|document\s*\d*|title|layout\s*\d*|page\s*\d+"
    r"|slide\s*\d+|template\b.*|draft\s*\d*|.*\.(docx?|pdf|indd|qxp|rtf|odt|pages))$",
    re.IGNORECASE,
)
# A file name rather than a title: one word joined by underscores, or by hyphens with a number.
_FILE_LIKE = re.compile(r"^(?=\S*_|\S*-\S*\d)\S+$")
# Lines of one size within this many points are one block of type.
_SAME_SIZE = 0.6
# Recognised lines are measured by their ink, not their font: within this share of each other, and
# taller when no letter of theirs reaches down (g, p, y) or up (capitals, digits, b, d, h), as a
# line of a cover set in 15 points measures 14.7 with both, 11.3-11.8 without descenders. A pixel or
# two either way at 200 dpi is half a point, and a scan turned a degree or two leaves more: the
# lines of that cover's title so scanned measured, their letters allowed for, 15.7 to 18.3.
_SAME_SIZE_RECOGNISED = 0.15
_ASCENDING = frozenset("bdfhijklt()[]{}/\\|!?%&#@$\u00a3\u20ac\u00a7'\"\u2018\u2019\u201c\u201d\u0431")
_DESCENDING = frozenset("gjpqy()[]{},;\u00e7\u0434\u0440\u0443\u0444\u0446\u0449")
# Of the height of a line with both, what one with ascenders only, descenders only, or neither measures.
_INK_SHARE = {(True, True): 1.0, (True, False): 0.77, (False, True): 0.78, (False, False): 0.55}
# Longer than this, the block is the body text of a page with no title above it.
_LONGEST_TITLE = 250
_SEPARATORS = (" | ", " — ", " – ", " - ")
_LONGEST_OUTLET = 40


def is_generic(title: str | None) -> bool:
    """True when ``title`` says nothing of this document (missing, a tool's default, a file name)."""
    text = " ".join((title or "").split())
    return not text or bool(_GENERIC.match(text) or _FILE_LIKE.match(text))


def cover_title(lines: Sequence[CoverLine], reference: str | None = None, *, recognised: bool = False) -> str | None:
    """The largest type on the cover that reads as words, its lines joined; None without a larger type.

    ``recognised``: the lines' sizes are the heights of their recognised words, not font sizes."""
    if recognised:
        lines = [(text, size / _ink_share(text)) for text, size in lines]
    sizes = {round(size, 1) for text, size in lines if text.strip()}
    if not sizes:
        return None

    def same(one: float, other: float) -> bool:
        return abs(one - other) <= (_SAME_SIZE_RECOGNISED * max(one, other) if recognised else _SAME_SIZE)

    # A cover's title may hold more of its words than anything else: it is told by being larger.
    smallest = min(sizes)
    for size in sorted((s for s in sizes if s > smallest and not same(s, smallest)), reverse=True):
        title = _joined(_first_block(lines, size, same))
        if _reads_as_title(title, reference):
            return title
    return None


def _ink_share(text: str) -> float:
    """How much of a full line's height the ink of ``text`` takes, from the letters it has."""
    up = any(char.isupper() or char.isdigit() or char in _ASCENDING or unicodedata.combining(char)
             for char in unicodedata.normalize("NFD", text))
    down = any(char in _DESCENDING for char in text)
    return _INK_SHARE[up, down]


def split_title(title: str | None) -> tuple[str | None, str | None]:
    """Saved web pages are titled "Headline | Outlet", "Headline - Outlet" or "Headline — Outlet"."""
    if not title:
        return None, None
    for separator in _SEPARATORS:
        if separator in title:
            headline, outlet = title.rsplit(separator, 1)
            if 0 < len(outlet.strip()) <= _LONGEST_OUTLET and headline.strip():
                return headline.strip(), outlet.strip()
    return None, None


def without_outlet(title: str, outlet: str | None) -> str:
    """``title`` with a trailing " | Outlet" taken off: the outlet's own name, or after a bar."""
    for separator in _SEPARATORS:
        if separator not in title:
            continue
        headline, tail = title.rsplit(separator, 1)
        known = outlet and tail.strip().casefold() == outlet.casefold()
        # Headlines use dashes themselves; only a bar is taken off when the outlet is not known.
        if headline.strip() and (known or (separator == " | " and len(tail.strip()) <= _LONGEST_OUTLET)):
            return headline.strip()
    return title


def _first_block(lines: Sequence[CoverLine], size: float, same: Callable[[float, float], bool]) -> list[str]:
    block: list[str] = []
    for text, line_size in lines:
        if same(line_size, size):
            block.append(text)
        elif block and text.strip():
            break
    return block


def _joined(parts: list[str]) -> str:
    title = ""
    for line in " \n".join(parts).splitlines():
        line = line.strip()
        if not line:
            continue
        # A word broken at the line's end ("Govern-" / "ment") is put together again.
        if title.endswith("-") and line[:1].islower():
            title = title[:-1] + line
        else:
            title = f"{title} {line}" if title else line
    return title


def _reads_as_title(title: str, reference: str | None) -> bool:
    words = re.findall(r"[^\W\d_]{2,}", title)
    letters = sum(len(word) for word in words)
    return (
        len(words) >= 2
        and len(title) <= _LONGEST_TITLE
        and letters >= 0.6 * len(title.replace(" ", ""))
        and not (reference and title.replace(" ", "") == reference.replace(" ", ""))
    )
