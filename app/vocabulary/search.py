"""Finding tags by what a user types: for a tag picker ("art 3", "ECPT", "navalny")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.library import Library
from app.text import printed_text
from app.text.query import fold as fold_word
from app.vocabulary.records import TagInfo
from app.vocabulary.tags import list_tags


def fold(text: str) -> str:
    """Lower case, accents off, what print varies folded as search folds it, "Art." and "Article"
    alike, punctuation as spaces. Letters of every script stay: a tag named in Cyrillic or
    Arabic is found by its name."""
    text = fold_word(printed_text.fold(text))
    text = re.sub(r"\barticle\b", "art", text)
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _words(tag: TagInfo, parents: dict[int, TagInfo]) -> tuple[str, str]:
    """What a tag answers to: its code (and its treaty's short name), and all its names."""
    fields = tag.fields
    parent = parents.get(fields.parent_id) if fields.parent_id else None
    names = [fields.label, fields.short_name or "", tag.slug.replace("-", " "), fields.place or "", fields.country or ""]
    if parent is not None:
        names += [parent.fields.short_name or "", parent.fields.code or "", parent.label]
    return fold(fields.code or ""), fold(" ".join(names + [fields.code or ""]))


def _natural(text: str) -> tuple:
    """A sort key reading the numbers in ``text`` as numbers: Art. 2 before Art. 10."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text.casefold()))


# A treaty, a standard or an event before the articles under it, when both answer as well.
_KIND_ORDER = {"treaty": 0, "standard": 0, "event": 1, "theme": 1, "article": 2}


def find_tags(library: Library, text: str, kinds: Iterable[str] | None = None, limit: int = 30) -> list[TagInfo]:
    """Tags whose names hold every word typed, best first: the tag the words name (its code, with or
    without "No.", or its short name: "ETS 126", "ECHR"), then codes that start or end so and short
    names that hold them ("Mandela"), then names that start so, then the rest; among equals a treaty before its articles, the most used
    first, numbers in order (Art. 2 before Art. 10)."""
    every = list_tags(library, kinds)
    query = fold(text)
    if not query:
        return sorted(every, key=lambda t: (-t.passages, _natural(t.fields.code or t.label)))[:limit]
    parents = {tag.id: tag for tag in (every if kinds is None else list_tags(library))}
    wanted = query.split()
    ranked: list[tuple[tuple, TagInfo]] = []
    for tag in every:
        code, names = _words(tag, parents)
        haystack = f" {names} "
        if not all(f" {word}" in haystack for word in wanted):
            continue
        if query in (code, code.replace(" no ", " "), fold(tag.fields.short_name or "")):
            rank = 0
        elif code.startswith(query) or code.endswith(query) or f" {query} " in f" {fold(tag.fields.short_name or '')} ":
            rank = 1
        elif fold(tag.label).startswith(query):
            rank = 2
        else:
            rank = 3
        order = (rank, _KIND_ORDER.get(tag.kind, 1), -tag.passages, _natural(tag.fields.code or tag.label))
        ranked.append((order, tag))
    ranked.sort(key=lambda pair: pair[0])
    return [tag for _, tag in ranked[:limit]]
