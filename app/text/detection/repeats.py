"""Recommendations that repeat one of an earlier report: by close wording, or because they say so.

A monitoring body repeats what was not done: the CPT "reiterates its recommendation that …", a
treaty body "reiterates its previous recommendation", a UPR cycle hears "Ratify the Optional
Protocol …" again. What such a recommendation asks is compared without the words that introduce
it ("The CPT recommends that the authorities …", "The Committee urges the State party to …"),
which every recommendation shares and which would make any two look alike.

Pure functions over texts; :mod:`app.services.repeats` says which reports are earlier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz, process

from app.text.printed_text import fold

CLOSE = 80  # rapidfuzz's token sort ratio from which two recommendations ask the same thing
SAID_CLOSE = 60  # the same, for one that says it repeats an earlier recommendation

_ASKER = r"(?:the\s+)?(?:cpt|committee|working\s+group|subcommittee|spt|special\s+rapporteur)"
_LEAD_IN = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?"  # its number
    rf"(?:{_ASKER}\s+)?(?:also\s+|further\s+|therefore\s+|once\s+again\s+|again\s+|strongly\s+)*"
    r"(?:reiterates\s+its\s+(?:previous\s+|earlier\s+)?(?:recommendations?|requests?|calls?)\s*(?:that|to)?|"
    r"recommends|urges|calls\s+(?:up)?on|requests|encourages|invites|would\s+like\s+to\s+receive)\b\s*"
    r"(?:that\s+)?(?:the\s+(?:\w+\s+){0,3}(?:authorities|government|state\s+party)\s+(?:to\s+|should\s+)?)?",
    re.IGNORECASE)
_SAYS_REPEATED = re.compile(
    r"\b(?:reiterates?|repeats?|renews?)\s+(?:its|the|once\s+again\s+its)\s+(?:previous\s+|earlier\s+|long-standing\s+)?"
    r"(?:recommendations?|requests?|calls?)\b|\brecommendations?\s+(?:made\s+)?(?:in|after)\s+(?:its|the)\s+"
    r"(?:previous|earlier|\d{4})\s+(?:visits?|reports?|reviews?|cycles?)\b|\bonce\s+again\s+(?:recommends|urges|calls)",
    re.IGNORECASE)
_NUMBER = re.compile(r"^\s*\(?\d+(?:\.\d+)*[.)]?\s+")
_STATES = re.compile(r"\s*\((?:[A-Z][^()]*)\)\s*[.;]?\s*$")  # a UPR recommendation's recommending States
_WORD = re.compile(r"\w+")
_ENDING = re.compile(r"(?<=\w{3})(?:ing|ed|es|s)$")  # "installed" and "install", "cells" and "cell" alike


def asked(text: str) -> str:
    """What a recommendation asks: its words folded, endings off, without its number, its introduction
    or its recommending States."""
    text = _LEAD_IN.sub("", _NUMBER.sub("", _STATES.sub("", fold(text))), count=1)
    return " ".join(_ENDING.sub("", word) for word in _WORD.findall(text.lower()))


@lru_cache(maxsize=20_000)
def says_repeated(text: str) -> bool:
    """Whether the recommendation says it repeats an earlier one ("the CPT reiterates its recommendation")."""
    return _SAYS_REPEATED.search(fold(text)) is not None


def best_earlier(later: Sequence[str], earlier: Sequence[str]) -> list[tuple[int, int] | None]:
    """For each of the ``later`` recommendations' texts, the earlier one it repeats (index in ``earlier``,
    similarity 0-100), or None: the closest, when close enough (less close for one that says it repeats).

    The similarity is rapidfuzz's token sort ratio: the words sorted once per text here, then compared
    by plain ratio, which gives the same figure without sorting again for every pair."""
    asks = [_sorted_words(text) for text in earlier]
    found: list[tuple[int, int] | None] = []
    for text in later:
        close = SAID_CLOSE if says_repeated(text) else CLOSE
        best = process.extractOne(_sorted_words(text), asks, scorer=fuzz.ratio, score_cutoff=close)
        found.append(None if best is None else (best[2], round(best[1])))
    return found


@lru_cache(maxsize=20_000)  # each report is compared with each earlier one: its texts are read once
def _sorted_words(text: str) -> str:
    return " ".join(sorted(asked(text).split()))
