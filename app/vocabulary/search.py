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


def find_tags(library: Library, text: str, kinds: Iterable[str] | None = None, limit: int = 30) -> list[TagInfo]:
    """Tags whose names hold every word typed, best first: code matches, then name starts, then the rest."""
    every = list_tags(library, kinds)
    query = fold(text)
    if not query:
        return sorted(every, key=lambda t: (-t.passages, t.label.casefold()))[:limit]
    parents = {tag.id: tag for tag in (every if kinds is None else list_tags(library))}
    wanted = query.split()
    ranked: list[tuple[tuple[int, int, str], TagInfo]] = []
    for tag in every:
        code, names = _words(tag, parents)
        haystack = f" {names} "
        if not all(f" {word}" in haystack for word in wanted):
            continue
        if code == query:
            rank = 0
        elif code.startswith(query) or code.endswith(query):
            rank = 1
        elif fold(tag.label).startswith(query):
            rank = 2
        else:
            rank = 3
        ranked.append(((rank, -tag.passages, tag.label.casefold()), tag))
    ranked.sort(key=lambda pair: pair[0])
    return [tag for _, tag in ranked[:limit]]
