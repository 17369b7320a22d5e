"""Find a passage again in a changed text: by its quote, its context and where it used to be.

Follows the way web annotation clients re-anchor (quote with prefix and suffix, and a
position hint), with fuzzy matching from rapidfuzz when the words themselves changed.
Plain text in, offsets out: no PDF and no database here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from app.text.selection import PageWords, Position, TextSelection, build_selection

# Below this similarity (0-100) a fuzzy match is no match: the passage is left for the user.
FUZZY_THRESHOLD = 85.0
# Within a region whose context matched, the quote may differ this much.
INNER_THRESHOLD = 70.0
# Quotes shorter than this are too common to be found again by similarity alone.
MIN_FUZZY_QUOTE = 12
# How many characters of a quote's head and tail set the ends of a fuzzy match.
EDGE = 16
# Where to look first around the old position, before the whole text.
NEAR = 5_000


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    exact: bool
    score: float


def locate(text: str, quote: str, prefix: str = "", suffix: str = "", hint: int | None = None) -> Match | None:
    """Where ``quote`` now stands in ``text``, or None when it cannot be told."""
    if not quote.strip():
        return None
    exact = _exact(text, quote, prefix, suffix, hint)
    if exact is not None:
        return exact
    if len(quote.strip()) < MIN_FUZZY_QUOTE:
        return None
    return _fuzzy(text, quote, prefix, suffix, hint)


def _exact(text: str, quote: str, prefix: str, suffix: str, hint: int | None) -> Match | None:
    found = []
    start = text.find(quote)
    while start >= 0:
        found.append(start)
        start = text.find(quote, start + 1)
    if not found:
        return None

    def fitness(position: int) -> tuple[float, float]:
        before = text[max(0, position - len(prefix)) : position]
        after = text[position + len(quote) : position + len(quote) + len(suffix)]
        context = (fuzz.ratio(before, prefix) if prefix else 100) + (fuzz.ratio(after, suffix) if suffix else 100)
        distance = abs(position - hint) if hint is not None else 0
        return (context, -distance)

    best = max(found, key=fitness)
    return Match(best, best + len(quote), True, 100.0)


def _fuzzy(text: str, quote: str, prefix: str, suffix: str, hint: int | None) -> Match | None:
    """The closest likeness of the quote, judged with its context so a near-twin sentence loses."""
    windows = []
    if hint is not None:
        low = max(0, hint - NEAR)
        windows.append((low, text[low : hint + len(quote) + NEAR]))
    windows.append((0, text))
    for base, window in windows:
        around = fuzz.partial_ratio_alignment(prefix + quote + suffix, window, score_cutoff=FUZZY_THRESHOLD)
        if around is None:
            continue
        region = window[around.dest_start : around.dest_end]
        # The context has vouched for the place, so the quote itself may have changed more.
        inner = fuzz.partial_ratio_alignment(quote, region, score_cutoff=INNER_THRESHOLD)
        if inner is not None:
            start = base + around.dest_start + inner.dest_start
            start, end = _tighten(text, quote, start, start + inner.dest_end - inner.dest_start)
            return Match(start, end, False, inner.score)
    return None


def _tighten(text: str, quote: str, start: int, end: int) -> tuple[int, int]:
    """Move the ends of a fuzzy match to where the quote's first and last words best fit.

    A window as long as the quote spills over into its neighbours when the passage got
    shorter; its ends are set again by the quote's own head and tail.
    """
    size = min(EDGE, len(quote))
    head, tail = quote[:size], quote[-size:]
    slack = max(size, (end - start) // 2)
    starts = range(max(0, start - slack), min(len(text), start + slack) + 1)
    best_start = max(starts, key=lambda p: (fuzz.ratio(head, text[p : p + size]), -abs(p - start)))
    ends = range(max(best_start + 1, end - slack), min(len(text), end + slack) + 1)
    best_end = max(ends, key=lambda p: (fuzz.ratio(tail, text[p - size : p]), -abs(p - end)))
    return best_start, best_end


def selection_for_span(
    document_id: int, pages: Mapping[int, PageWords], page_starts: Sequence[int], start: int, end: int
) -> TextSelection | None:
    """The words covering ``start``-``end`` (offsets in the document's text), as a selection."""
    ends: list[Position] = []
    for page_index in sorted(pages):
        base = page_starts[page_index]
        for number, word in enumerate(pages[page_index].words):
            if word.start is None or word.end is None:
                continue
            if base + word.end > start and base + word.start < end:
                ends.append(Position(page_index, number))
    if not ends:
        return None
    return build_selection(document_id, pages, ends[0], ends[-1], page_starts)


def pages_for_span(page_starts: Sequence[int], start: int, end: int) -> range:
    """Indexes of the pages a span of the document's text touches."""
    first = max(i for i, page_start in enumerate(page_starts) if page_start <= start)
    last = max(i for i, page_start in enumerate(page_starts) if page_start <= max(start, end - 1))
    return range(first, last + 1)
