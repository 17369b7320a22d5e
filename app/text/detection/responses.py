"""A government's response to a report: which report it says it answers, and which of the report's
paragraphs each of its passages replies to.

A response names what it answers on its cover: the report's symbol ("CPT/Inf (2025) 17"), or
"Response of the Government of X to the report of the CPT on its visit to X from 3 to 14 March
2025". Its replies cite the report's paragraphs: "As regards paragraph 17 …", "paragraphs 12-14",
"In reply to the recommendation in paragraph 17", "(para. 9)". Plain text in, plain values out, as
the rest of :mod:`app.text.detection`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.text import countries
from app.text.detection import symbols_in, visit_dates

_ANSWERS = re.compile(
    r"\bresponse\s+of\s+the\s+(?:(?:Government|authorities)\s+of\s+(?:the\s+)?(?P<country>[^\n,()]+?)"
    r"|(?P<adjective>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)\s+(?:Government|authorities))"
    r"\s+to\s+the\s+report\b(?P<rest>.{0,400})",
    re.IGNORECASE | re.DOTALL,
)
_NUMBER = r"\d{1,3}(?!\d)(?:\s*\([a-z]\))?"
# "paragraph 17", "paras. 12-14", "paragraphs 12, 14 and 15", "paragraphs 12 to 14".
_CITATION = re.compile(
    rf"\b(?:paragraphs?|paras?\.?)\s+(?P<numbers>{_NUMBER}(?:\s*(?:-|\u2013|to|,|and|&)\s*{_NUMBER})*)",
    re.IGNORECASE,
)
# Paragraphs of something other than the report: "Article 8, paragraph 5, of the Convention".
_OF_ANOTHER_TEXT = re.compile(
    r"\s*,?\s*of\s+(?:the\s+|this\s+|that\s+)?(?:present\s+)?(?:Article|Convention|Law|Act|Code|Rules?|Regulations?"
    r"|Decree|Constitution|Protocol|letter|response|reply|Criminal|Penal|Prison|Police)\b",
    re.IGNORECASE,
)
_AFTER_ARTICLE = re.compile(r"\b(?:Article|Art\.|Rule|Section|Regulation)\s+\d+[a-z]?\s*,?\s*$", re.IGNORECASE)
# A full stop that ends a sentence, not one of "para. 17", "No. 3", "Art. 5" or "B. Prisons".
_SENTENCE_END = re.compile(r"(?<!\bpara)(?<!\bparas)(?<!\bNo)(?<!\bArt)(?<!\bp)(?<!\bpp)(?<!^[A-Z])(?<!\n[A-Z])"
                           r"[.!?][\u201d\u2019\")]?(?=\s)")
_VISITED = re.compile(r"\bvisit\s+to\s+(?:the\s+)?([A-Z][\w'\u2019 -]+?)\s+(?:carried\s+out|from\s+\d|in\s+\d{4})")
_LONGEST_RANGE = 40  # "paragraphs 12-14" is three paragraphs; "12-1990" is not a range of them
LONGEST_REPLY = 2400  # characters: a reply with nothing after it ends here, at a sentence's end


@dataclass(frozen=True)
class Claim:
    """What a response says it answers; any field may be empty."""

    symbols: tuple[str, ...]  # the documents it cites on its first pages, its own left out
    country: str | None
    visit_start: str | None
    visit_end: str | None


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    numbers: tuple[str, ...]  # "17", or "12", "13", "14" of a range


@dataclass(frozen=True)
class Reply:
    """A passage of the response (``start``-``end`` in the text given) and the report's paragraphs it cites."""

    start: int
    end: int
    numbers: tuple[str, ...]


def answered_report(first_pages: str, own_reference: str | None) -> Claim | None:
    """What report the response whose first pages these are says it answers; None when they do not
    read as a response to a report."""
    found = _ANSWERS.search(first_pages)
    if found is None:
        return None
    visited = _VISITED.search(found.group("rest"))
    # "the Maltese Government" names no State the list knows; "its visit to Malta" does.
    named = visited.group(1) if visited else found.group("country") or ""
    start, end = visit_dates(found.group("rest"))
    symbols = tuple(symbol for symbol in symbols_in(first_pages) if symbol != own_reference)
    return Claim(symbols, countries.canonical(" ".join(named.split())), start, end)


def cited_paragraphs(text: str) -> list[Citation]:
    """The report's paragraphs ``text`` cites, in order; paragraphs of a law or an article left out."""
    citations = []
    for found in _CITATION.finditer(text):
        if _OF_ANOTHER_TEXT.match(text, found.end()) or _AFTER_ARTICLE.search(text, 0, found.start()):
            continue
        numbers = _numbers(found.group("numbers"))
        if numbers:
            citations.append(Citation(found.start(), found.end(), numbers))
    return citations


def replies(page_text: str, numbered: Sequence[tuple[int, int]] = ()) -> list[Reply]:
    """The passages of a page of a response that cite the report's paragraphs.

    ``numbered``: the response's own numbered paragraphs on the page (start, end): a citation inside
    one makes the whole paragraph the reply. Elsewhere a reply begins with the sentence that holds its
    first citation and runs to the last sentence before the next reply (or the page's end).
    """
    groups: list[tuple[int, int | None, list[str]]] = []  # start, fixed end, numbers
    for citation in cited_paragraphs(page_text):
        own = next(((s, e) for s, e in numbered if s <= citation.start < e), None)
        start, end = own if own else (_sentence_start(page_text, citation.start), None)
        if groups and (groups[-1][0] == start or (groups[-1][1] is not None and start < groups[-1][1])):
            groups[-1][2].extend(n for n in citation.numbers if n not in groups[-1][2])
            continue
        groups.append((start, end, list(citation.numbers)))
    found = []
    for index, (start, end, numbers) in enumerate(groups):
        if end is None:
            following = groups[index + 1][0] if index + 1 < len(groups) else len(page_text)
            end = _sentence_end(page_text, start, min(following, start + LONGEST_REPLY, _next_heading(page_text, start)))
        found.append(Reply(start, end, tuple(numbers)))
    return found


def _numbers(printed: str) -> tuple[str, ...]:
    numbers: list[str] = []
    parts = re.split(r"\s*(-|\u2013|to|,|and|&)\s*", printed)
    values = [re.sub(r"\s*\([a-z]\)", "", part) for part in parts[::2]]
    joins = parts[1::2]
    for index, value in enumerate(values):
        if index and joins[index - 1] in ("-", "\u2013", "to") and numbers:
            first, last = int(numbers[-1]), int(value)
            if not 0 < last - first <= _LONGEST_RANGE:
                return ()  # not a range of paragraphs: a year, a phone number
            numbers.extend(str(n) for n in range(first + 1, last + 1))
        elif value not in numbers:
            numbers.append(value)
    return tuple(numbers)


def _sentence_start(text: str, position: int) -> int:
    """Where the sentence holding ``position`` begins, not before the start of its line when the line
    before ends a sentence or is a heading."""
    line_start = text.rfind("\n", 0, position) + 1
    ends = [m.end() for m in _SENTENCE_END.finditer(text, line_start, position)]
    if ends:
        return _skip_space(text, ends[-1])
    while line_start > 0:
        previous_start = text.rfind("\n", 0, line_start - 1) + 1
        previous = text[previous_start:line_start - 1].rstrip()
        if not previous or _SENTENCE_END.search(previous + " ", max(0, len(previous) - 3)) or _heading(previous):
            return line_start
        ends = [m.end() for m in _SENTENCE_END.finditer(previous + " ")]
        if ends:
            return _skip_space(text, previous_start + ends[-1])
        line_start = previous_start
    return line_start


def _sentence_end(text: str, start: int, limit: int) -> int:
    ends = [m.end() for m in _SENTENCE_END.finditer(text, start, limit)]
    return ends[-1] if ends else limit


def _next_heading(text: str, start: int) -> int:
    """Where the first heading line after ``start``'s line begins (the text's end if none)."""
    position = text.find("\n", start)
    while position != -1:
        line_end = text.find("\n", position + 1)
        line = text[position + 1:line_end if line_end != -1 else len(text)].rstrip()
        if line and _heading(line):
            return position + 1
        position = line_end
    return len(text)


def _heading(line: str) -> bool:
    """A line set apart as a heading: short, with no full stop, or lettered/numbered as one ("B. Prisons")."""
    return len(line) < 70 and not line.endswith((".", ",", ";", ":")) and bool(
        re.match(r"^(?:[A-Z]|[IVX]+|\d+)\.\s|^[A-Z][^.]*$", line))


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position
