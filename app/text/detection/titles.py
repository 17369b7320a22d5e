"""A document's title: its metadata's when that can be trusted, else what its cover prints largest.

PDF metadata titles are often left over from a template ("Mise en page 1"), written by the
authoring tool ("Microsoft Word - report.docx") or copied from a file name
("NOR_response_2024_EN_final"); the cover is what a reader would cite.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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
# Longer than this, the block is the body text of a page with no title above it.
_LONGEST_TITLE = 250
_SEPARATORS = (" | ", " — ", " – ", " - ")
_LONGEST_OUTLET = 40


def is_generic(title: str | None) -> bool:
    """True when ``title`` says nothing of this document (missing, a tool's default, a file name)."""
    text = " ".join((title or "").split())
    return not text or bool(_GENERIC.match(text) or _FILE_LIKE.match(text))


def cover_title(lines: Sequence[CoverLine], reference: str | None = None) -> str | None:
    """The largest type on the cover that reads as words, its lines joined; None without a larger type."""
    sizes = {round(size, 1) for text, size in lines if text.strip()}
    if not sizes:
        return None
    # A cover's title may hold more of its words than anything else: it is told by being larger.
    smallest = min(sizes)
    for size in sorted((s for s in sizes if s > smallest + _SAME_SIZE), reverse=True):
        title = _joined(_first_block(lines, size))
        if _reads_as_title(title, reference):
            return title
    return None


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


def _first_block(lines: Sequence[CoverLine], size: float) -> list[str]:
    block: list[str] = []
    for text, line_size in lines:
        if abs(line_size - size) <= _SAME_SIZE:
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
