"""News articles, most often saved from a browser: byline, outlet, the article's own date."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.text.detection.dates import first_date, stated_date
from app.text.detection.titles import split_title

# One person's name: capitalised words or initials ("A.", "Jean-Luc", "O'Brien", "JANE").
_NAME = r"[A-Z][\w.'’-]*(?:[^\S\n]+(?:[A-Z][\w.'’-]*|van|von|de|der|da|di|du|le|la|al|el|bin)){0,4}"
_NAMES = _NAME + r"(?:[^\S\n]*(?:,[^\S\n]*)?(?:\band\b|\bet\b|&|\bund\b|\by\b)[^\S\n]*" + _NAME + r"){0,3}"
# What may follow the names on a byline: ", Strasbourg correspondent", "| 3 March 2025", "in Moscow".
_ROLE = r"(?:[^\S\n]*(?:[,|–—·]|[^\S\n]-[^\S\n]|[^\S\n]in[^\S\n])[^\n]*)?"
_BY = re.compile(
    rf"^[^\S\n]*(?:By|BY|Par|PAR|Von|Por|Written by|Words by)[^\S\n]+({_NAMES}){_ROLE}[^\S\n]*$", re.MULTILINE
)
_AUTHOR = re.compile(rf"^[^\S\n]*(?:Authors?|Auteurs?|Autor)[^\S\n]*:[^\S\n]*({_NAMES}){_ROLE}[^\S\n]*$", re.MULTILINE)
# Two people on a line of their own, no "By": each a first name and a surname at least.
_TWO_NAMES = re.compile(
    r"^[^\S\n]*((?:[A-Z][\w.'’-]*[^\S\n]+){1,3}[A-Z][\w'’-]+[^\S\n]+(?:and|&)[^\S\n]+"
    r"(?:[A-Z][\w.'’-]*[^\S\n]+){1,3}[A-Z][\w'’-]+)[^\S\n]*$",
    re.MULTILINE,
)
# Words of covers and headings that the bare two-names form would otherwise take for people.
_NOT_NAMES = re.compile(
    r"\b(Rights?|Human|Report|Torture|Prevention|Council|Committee|Convention|Government|Republic|Ministry"
    r"|Justice|Freedoms?|Detention|Prisons?|Police|Law|Office|Court|Nations|European|Review|Summary|Annex"
    r"|Introduction|Recommendations?|Contents|Table)\b"
)
_URL = re.compile(r"https?://(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.IGNORECASE)
_HEAD_LINES = 60
# Lines before and after a bare byline within which the article's date stands.
_NEAR = 3


@dataclass(frozen=True)
class Article:
    outlet: str | None
    author: str | None
    published: str | None


def article(cover: str, metadata_title: str | None) -> Article | None:
    """What the first page says of a news article, or None when it does not read as one."""
    lines = cover.splitlines()[:_HEAD_LINES]
    head = "\n".join(lines)
    author, at = byline(lines)
    stated = stated_date(head)
    url = _URL.search(cover)
    outlet = split_title(metadata_title)[1]
    if author is None and not (outlet and (url or stated)):
        return None
    near = "\n".join(lines[at:at + _NEAR + 1]) if at is not None else ""
    return Article(
        outlet=outlet or (url.group(1) if url else None),
        author=author,
        published=stated or first_date(near) or first_date(head),
    )


def byline(lines: list[str]) -> tuple[str | None, int | None]:
    """The author(s) a byline names, and the line it stands on."""
    for index, line in enumerate(lines):
        match = _BY.match(line) or _AUTHOR.match(line)
        if match:
            return _tidy(match.group(1)), index
    for index, line in enumerate(lines):
        match = _TWO_NAMES.match(line)
        if match and not _NOT_NAMES.search(line) and _dated_near(lines, index):
            return _tidy(match.group(1)), index
    return None, None


def _dated_near(lines: list[str], index: int) -> bool:
    return bool(first_date("\n".join(lines[max(0, index - _NEAR):index + _NEAR + 1])))


def _tidy(names: str) -> str:
    return " ".join(names.split()).rstrip(" ,")
