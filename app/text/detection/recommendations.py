"""Recommendations in a report's text, found without anyone highlighting them.

Three ways reports print them (see the team's notes on CPT and UN documents):

* UPR Working Group reports: in the conclusions section, each recommendation numbered inside
  its paragraph ("86.12", or 1..N in older reports), the recommending States in brackets at its
  end, and the paragraph that introduces them saying how the State under review took them
  ("enjoy the support of", "will be examined by", "did not enjoy the support", "noted").
* CPT reports: recommendations, comments and requests for information set in bold or italics
  inside ordinary paragraphs, and listed again in an appendix with their paragraph numbers.
* Treaty-body concluding observations: paragraphs that begin "The Committee recommends", "urges"
  or "calls upon".

Pure functions over the page texts, the paragraphs :mod:`app.text.paragraphs` found and the
emphasis of the text: no PDF and no database, so every rule can be tried on any text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from rapidfuzz import fuzz

from app.text import countries
from app.text.paragraph_records import Paragraph

BOLD = 1
ITALIC = 2  # as app.pdf.emphasis writes them

SUPPORTED, TO_BE_EXAMINED, NOTED = "supported", "to be examined", "noted"
UPR, CPT_RECOMMENDATION, CPT_COMMENT, CPT_REQUEST, OBSERVATION = (
    "upr", "recommendation", "comment", "request", "concluding observation")


class Page(NamedTuple):
    text: str
    emphasis: tuple[tuple[int, int, int], ...] = ()  # (start, end, BOLD | ITALIC) in ``text``


@dataclass(frozen=True)
class Found:
    kind: str  # UPR, CPT_RECOMMENDATION, CPT_COMMENT, CPT_REQUEST, OBSERVATION
    number: str | None  # its own number: "86.12", "3" (of paragraph 114), a concluding observation's "12"
    paragraph: str | None  # the paragraph it stands in
    page_index: int
    start: int  # in the text of page_index
    end_page_index: int
    end: int  # in the text of end_page_index
    text: str
    states: tuple[str, ...] = ()
    response: str | None = None


def find_recommendations(pages: Sequence[Page], paragraphs: Sequence[Paragraph]) -> list[Found]:
    """Every recommendation of the document, in reading order; none where it prints none."""
    upr = _upr(pages, paragraphs)
    if upr:
        return upr
    opening = " ".join(page.text for page in pages[:2])
    if pages and _RESPONSE.search(pages[0].text):
        return []  # a government's response quotes the report's recommendations, in the report's type
    if _CPT.search(opening):
        return _cpt(pages, paragraphs)
    if _OBSERVATIONS.search(opening):
        return _observations(pages, paragraphs)
    return []


# --- UPR Working Group reports -----------------------------------------------------------------

# The section's heading, not its line in the contents (which ends in leaders and a page number).
_CONCLUSIONS = re.compile(r"^[ \t]*(?:[IVX]+\.[ \t]*)?conclusions[ \t]+and(?:/or)?[ \t]+recommendations\b(?![^\n]*\.{4})",
                          re.IGNORECASE | re.MULTILINE)
_SECTION_END = re.compile(r"^[ \t]*(?:[IVX]+\.[ \t]+[A-Z]|annex\b)", re.IGNORECASE | re.MULTILINE)
_NOTED = re.compile(r"\b(?:did|do|does) not enjoy|\bnot (?:be )?supported|\brejected\b|\b(?:are|were|is|was|been) noted\b"
                    r"|\bnoted by\b|\bnot accepted\b")
_SUPPORTED = re.compile(r"\benjoys? the support\b|\benjoyed the support\b|\b(?:are|were|is) supported\b|\baccepted by\b")
_EXAMINED = re.compile(r"\bwill be examined\b|\bwill examine\b|\bwill provide (?:its )?responses\b"
                       r"|\bresponses? of [^.]{1,80}? will be included\b")
_OWN_NUMBER = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3})?\.?\s+")


def _upr(pages: Sequence[Page], paragraphs: Sequence[Paragraph]) -> list[Found]:
    section = _conclusions(pages)
    if section is None:
        return []
    inside = [p for p in paragraphs if section[0] <= (p.page_index, p.start) < section[1]]
    found: list[Found] = []
    # Each introducing paragraph with the recommendations listed under it.
    groups: list[tuple[Paragraph, list[Paragraph]]] = []
    for paragraph in inside:
        if paragraph.kind == "paragraph" and "." not in paragraph.number:
            groups.append((paragraph, []))
        elif groups and _belongs(paragraph, groups[-1][0].number):
            groups[-1][1].append(paragraph)
    for index, (intro, items) in enumerate(groups):
        if not items:
            continue
        response = _response(_text(pages, intro, until=items[0]))
        if response is None and index + 1 < len(groups):  # "The response of France … will be included"
            response = _response(_text(pages, groups[index + 1][0]))
        for item in items:
            text = _clean(_text(pages, item), numbered=True)
            number = item.number.split(" rec. ")[-1]
            found.append(Found(UPR, number, intro.number, item.page_index, item.start, item.end_page_index, item.end,
                               text, states_of(text), response))
    return found


def _conclusions(pages: Sequence[Page]) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Where the conclusions section begins and ends, as (page, offset) pairs."""
    for index, page in enumerate(pages):
        heading = _CONCLUSIONS.search(page.text)
        if heading is None:
            continue
        for later in range(index, len(pages)):
            end = _SECTION_END.search(pages[later].text, heading.end() if later == index else 0)
            if end is not None:
                return (index, heading.start()), (later, end.start())
        return (index, heading.start()), (len(pages), 0)
    return None


def _belongs(paragraph: Paragraph, parent: str) -> bool:
    if paragraph.kind == "recommendation":
        return paragraph.number.startswith(parent + " rec. ")
    return paragraph.kind == "paragraph" and paragraph.number.startswith(parent + ".")


def _response(intro: str) -> str | None:
    """The response category the introducing paragraph gives its recommendations."""
    words = " ".join(intro.split(":", 1)[0].lower().split())
    for pattern, response in ((_NOTED, NOTED), (_SUPPORTED, SUPPORTED), (_EXAMINED, TO_BE_EXAMINED)):
        if pattern.search(words):
            return response
    return None


def states_of(text: str) -> tuple[str, ...]:
    """The recommending States printed in brackets after a recommendation's clauses.

    "Ratify CPED (Brazil, Chile);" gives Brazil and Chile; "(CPED) (Argentina)" only Argentina.
    Names are kept as printed ("Iran (Islamic Republic of)", "Lao People's Democratic Republic").
    """
    states: list[str] = []
    for start, end, ends_clause in _brackets(text):
        names = _names(text[start + 1:end])
        # Mid-clause, as in "Consider ratifying (Philippines)/ acceding to (Egypt) the Convention", only a
        # bracket of nothing but States names them: elsewhere it may hold an acronym, a year, an aside.
        if (any if ends_clause else all)(_is_state(name) for name in names):
            states.extend(name for name in names if name not in states)
    return tuple(states)


_CLAUSE_END = re.compile(r"\s*(?:[;./]|$)")


def _brackets(text: str) -> Iterator[tuple[int, int, bool]]:
    """Outermost brackets, and whether each ends a clause: followed by ";", "/", "." or the end of the text."""
    depth, opened = 0, 0
    for position, character in enumerate(text):
        if character == "(":
            if depth == 0:
                opened = position
            depth += 1
        elif character == ")" and depth:
            depth -= 1
            if depth == 0:
                yield opened, position, _CLAUSE_END.match(text, position + 1) is not None


def _names(inside: str) -> list[str]:
    names = []
    for part in inside.split(","):
        name = " ".join(part.split()).removeprefix("and ").strip()
        if not name:
            continue
        halves = name.split(" and ")
        # "Brazil and Chile" are two; "Trinidad and Tobago" is one.
        if len(halves) > 1 and not _is_state(name) and all(_is_state(h) for h in halves):
            names.extend(halves)
        else:
            names.append(name)
    return names


@cache  # a few dozen States recommend hundreds of times
def _is_state(name: str) -> bool:
    """A State's name in any form, also as the UN prints some: "Iran (Islamic Republic of)", "People’s"."""
    name = name.replace("\u2019", "'")
    return countries.lookup(name) is not None or countries.lookup(name.split(" (", 1)[0]) is not None


# --- CPT reports -------------------------------------------------------------------------------

_RESPONSE = re.compile(r"\bresponse of the\b", re.IGNORECASE)  # as the kind of document is told
_CPT = re.compile(r"CPT\s*/\s*Inf|European Committee for the Prevention of Torture", re.IGNORECASE)
_APPENDIX = re.compile(r"^[ \t]*(?:appendix\b|list of the CPT'?s recommendations)(?![^\n]*\.{4})",
                       re.IGNORECASE | re.MULTILINE)
_RECOMMENDS = re.compile(r"\brecommend", re.IGNORECASE)
_REQUESTS = re.compile(r"\brequest|\bwould like to (?:receive|be informed)|\bwishes to (?:receive|be informed)"
                       r"|\bprovide (?:\w+ )?(?:information|details)", re.IGNORECASE)
_CITED = re.compile(r"\(\s*(?:see\s+)?(?:paragraphs?|paras?\.?|§§?)\s*(\d{1,3})[^()]{0,40}\)", re.IGNORECASE)
_CATEGORY = re.compile(r"^\s*(recommendations?|comments?|requests? for information)\s*:?\s*$", re.IGNORECASE)
MIN_WORDS = 5  # fewer emphasised words are a word stressed, not an item
SAME_ITEM = 85  # rapidfuzz's partial ratio above which an appendix entry repeats an item of the report


def _cpt(pages: Sequence[Page], paragraphs: Sequence[Paragraph]) -> list[Found]:
    appendix = _appendix(pages, paragraphs)
    found: list[Found] = []
    for paragraph in paragraphs:
        if paragraph.kind != "paragraph" or (paragraph.page_index, paragraph.start) >= appendix:
            continue
        for (page, start), (end_page, end), style in _emphasised_runs(pages, paragraph):
            if (page, start) >= appendix:  # a last paragraph running on into the appendix: its list is read below
                break
            for start, end in _items_in_run(pages[page].text, start, end) if page == end_page else [(start, end)]:
                text = _clean(_between(pages, page, start, end_page, end))
                if start == paragraph.start:  # the paragraph's number, set in bold with its first sentence
                    text = _OWN_NUMBER.sub("", text, count=1)
                if len(text.split()) >= MIN_WORDS:
                    kind = _cpt_kind(text, CPT_COMMENT if style & ITALIC else CPT_RECOMMENDATION)
                    found.append(Found(kind, None, paragraph.number, page, start, end_page, end, text))
    return found + _appendix_entries(pages, appendix, found)


_SENTENCE_END = re.compile(r"(?<=[.;:])\s+(?=[A-Z])")
# A sentence in which the CPT speaks opens an item of its own; the sentences after it belong to it.
_CPT_SPEAKS = re.compile(r"(?:(?:Further(?:more)?|Moreover|In addition|Finally|Similarly|To this end|Consequently)"
                         r",?\s+)?(?:the\s+)?(?:CPT|Committee)\b", re.IGNORECASE)


def _items_in_run(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """One emphasised run split where the CPT begins another recommendation, comment or request."""
    items = [[start, end]]
    for boundary in _SENTENCE_END.finditer(text, start, end):
        if _CPT_SPEAKS.match(text, boundary.end(), end):
            items[-1][1] = boundary.start()
            items.append([boundary.end(), end])
    return [(low, high) for low, high in items]


def _cpt_kind(text: str, otherwise: str) -> str:
    """An item's kind as its words tell it; ``otherwise`` what its type (italics: a comment) or the
    appendix heading it is listed under says."""
    if _RECOMMENDS.search(text):
        return CPT_RECOMMENDATION
    return CPT_REQUEST if _REQUESTS.search(text) else otherwise


def _appendix(pages: Sequence[Page], paragraphs: Sequence[Paragraph]) -> tuple[int, int]:
    """Where the appendix listing the recommendations begins (past the end when there is none)."""
    # The contents name the appendix too: it is looked for after the report's first paragraph.
    first = next(((p.page_index, p.start) for p in paragraphs if p.kind == "paragraph"), (len(pages), 0))
    for index in range(first[0], len(pages)):
        match = _APPENDIX.search(pages[index].text, first[1] if index == first[0] else 0)
        if match is not None:
            return index, match.start()
    return len(pages), 0


Spot = tuple[int, int]


def _emphasised_runs(pages: Sequence[Page], paragraph: Paragraph) -> list[tuple[Spot, Spot, int]]:
    """The paragraph's own text in bold or italics, runs of one style joined across lines and pages."""
    runs: list[list] = []
    for page, low, high in _own_ranges(pages, paragraph):
        for start, end, style in pages[page].emphasis:
            start, end = max(start, low), min(end, high)
            if start >= end:
                continue
            if runs and runs[-1][2] == style and _only_space(pages, runs[-1][1], (page, start), paragraph):
                runs[-1][1] = (page, end)
            else:
                runs.append([(page, start), (page, end), style])
    return [(first, last, style) for first, last, style in runs]


def _only_space(pages: Sequence[Page], after: Spot, before: Spot, paragraph: Paragraph) -> bool:
    if after[0] == before[0]:
        return not pages[after[0]].text[after[1]:before[1]].strip()
    ranges = {page: (low, high) for page, low, high in _own_ranges(pages, paragraph)}
    return (not pages[after[0]].text[after[1]:ranges[after[0]][1]].strip()
            and not pages[before[0]].text[ranges[before[0]][0]:before[1]].strip())


def _appendix_entries(pages: Sequence[Page], appendix: Spot, items: list[Found]) -> list[Found]:
    """The appendix's entries that repeat no item of the report: the same item is listed once."""
    if appendix[0] >= len(pages):
        return []
    entries: list[Found] = []
    kind = CPT_RECOMMENDATION
    for page_index in range(appendix[0], len(pages)):
        text = pages[page_index].text
        cursor = appendix[1] if page_index == appendix[0] else 0
        cursor = text.find("\n", cursor) + 1 if page_index == appendix[0] else cursor
        for cited in _CITED.finditer(text, cursor):
            entry_start, kind = _entry_start(text, cursor, cited.start(), kind)
            cursor = cited.end()
            body = _clean(text[entry_start:cited.start()])
            if len(body.split()) < MIN_WORDS:
                continue
            paragraph = cited.group(1)
            if any(item.paragraph == paragraph and fuzz.partial_ratio(body, item.text) >= SAME_ITEM for item in items):
                continue
            entries.append(Found(_cpt_kind(body, kind), None, paragraph, page_index, entry_start, page_index,
                                 cited.start(), body))
    return entries


_SEPARATION = re.compile(r"[\s;,.]*")
_BULLET = re.compile(r"[\s\-\u2013\u2022]*")


def _entry_start(text: str, cursor: int, cited: int, kind: str) -> tuple[int, str]:
    """Where an appendix entry's own words begin, past the headings before it, and the kind they name."""
    cursor = _skip(_SEPARATION, text, cursor)
    start = cursor
    for line in re.finditer(r"[^\n]*\n", text[cursor:cited]):
        words = line.group().strip()
        category = _CATEGORY.match(words)
        if category:
            kind = _category_kind(category.group(1))
        elif words and not _heading_like(words):
            break
        start = cursor + line.end()
    return _skip(_BULLET, text, start), kind


def _skip(pattern: re.Pattern[str], text: str, position: int) -> int:
    found = pattern.match(text, position)
    return found.end() if found else position


def _heading_like(line: str) -> bool:
    """A heading over the entries ("Police custody"), a running header or a page number: no sentence."""
    if line.isdigit():
        return True
    return line[:1].isupper() and len(line) <= 60 and len(line.split()) <= 8 and not line.endswith((".", ";", ","))


def _category_kind(name: str) -> str:
    name = name.lower()
    return CPT_REQUEST if name.startswith("request") else CPT_COMMENT if name.startswith("comment") else CPT_RECOMMENDATION


# --- Treaty-body concluding observations ------------------------------------------------------

_OBSERVATIONS = re.compile(r"concluding\s+observations", re.IGNORECASE)
_COMMITTEE_ASKS = re.compile(r"^(?:The\s+)?Committee\s+(?:also\s+|further\s+|therefore\s+|again\s+)?"
                             r"(?:recommends|urges|calls\s+(?:up)?on|reiterates\s+its\s+(?:previous\s+)?recommendation)\b")


def _observations(pages: Sequence[Page], paragraphs: Sequence[Paragraph]) -> list[Found]:
    found = []
    for paragraph in paragraphs:
        if paragraph.kind != "paragraph":
            continue
        text = _clean(_text(pages, paragraph), numbered=True)
        if _COMMITTEE_ASKS.match(text):
            found.append(Found(OBSERVATION, paragraph.number, paragraph.number, paragraph.page_index, paragraph.start,
                               paragraph.end_page_index, paragraph.end, text))
    return found


# --- Text --------------------------------------------------------------------------------------


def _own_ranges(pages: Sequence[Page], paragraph: Paragraph) -> list[tuple[int, int, int]]:
    """The paragraph's own text page by page: without the running headers and footnotes it crosses."""
    if paragraph.ranges:
        return list(paragraph.ranges)
    if paragraph.page_index == paragraph.end_page_index:
        return [(paragraph.page_index, paragraph.start, paragraph.end)]
    return ([(paragraph.page_index, paragraph.start, len(pages[paragraph.page_index].text))]
            + [(page, 0, len(pages[page].text)) for page in range(paragraph.page_index + 1, paragraph.end_page_index)]
            + [(paragraph.end_page_index, 0, paragraph.end)])


def _text(pages: Sequence[Page], paragraph: Paragraph, until: Paragraph | None = None) -> str:
    """The paragraph's own text (up to where ``until`` begins)."""
    parts = []
    for page, low, high in _own_ranges(pages, paragraph):
        if until is not None and (page, low) >= (until.page_index, until.start):
            break
        if until is not None and page == until.page_index:
            high = min(high, until.start)
        parts.append(pages[page].text[low:high])
    return "\n".join(parts)


def _between(pages: Sequence[Page], page: int, start: int, end_page: int, end: int) -> str:
    if page == end_page:
        return pages[page].text[start:end]
    return "\n".join([pages[page].text[start:], *(pages[i].text for i in range(page + 1, end_page)),
                      pages[end_page].text[:end]])


_TRAILING_MARKS = re.compile(r"[\s*]+$")
_LINE_END_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\n\s*(?=\w)")


def _clean(text: str, *, numbered: bool = False) -> str:
    """One line of text, without the rule of asterisks under it; ``numbered``: its own number left out."""
    text = " ".join(_LINE_END_HYPHEN.sub("-", text).split())
    if numbered:
        text = _OWN_NUMBER.sub("", text, count=1)
    return _TRAILING_MARKS.sub("", text)
