"""Turn what a user types into a full-text query that cannot fail.

Every word is quoted, so FTS5 operators and punctuation in user input are read as
plain words. ``"several words"`` is a phrase; ``word*`` a prefix; a token made of
several words joined by punctuation (``A/HRC/24/14``, ``86.12``) is a phrase too.
"""

from __future__ import annotations

import re

_CHUNK = re.compile(r'"([^"]*)"|(\S+)')
# Letters and digits, as FTS5's unicode61 tokenizer splits them.
_WORD = re.compile(r"[^\W_]+")


def fts_match(user_text: str) -> str | None:
    """An FTS5 MATCH expression for ``user_text``, or None when it holds no word."""
    terms: list[str] = []
    for phrase, chunk in _CHUNK.findall(user_text):
        words = _WORD.findall(phrase or chunk)
        if not words:
            continue
        term = '"' + " ".join(words) + '"'
        if chunk.endswith("*"):
            term += "*"
        terms.append(term)
    return " ".join(terms) or None
