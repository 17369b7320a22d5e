"""Finding tags by what a user types in a tag picker."""

from __future__ import annotations

from app.vocabulary.builtin import load_sample_events
from app.vocabulary.search import find_tags


def slugs(found) -> list[str]:
    return [tag.slug for tag in found]


def test_an_article_is_found_by_its_treaty_and_number(library):
    load_sample_events(library)
    assert slugs(find_tags(library, "ECHR Art. 3"))[0] == "echr-art-3"
    assert slugs(find_tags(library, "echr article 3"))[0] == "echr-art-3"
    assert slugs(find_tags(library, "ecpt 8"))[0] == "ecpt-art-8"


def test_words_match_word_starts_in_any_name_without_accents(library):
    load_sample_events(library)
    assert slugs(find_tags(library, "navaln")) == ["event-death-of-alexei-navalny-2024"]
    assert "ecpt" in slugs(find_tags(library, "prevention torture", kinds=["treaty"]))
    assert find_tags(library, "torturé", kinds=["treaty"]) == find_tags(library, "torture", kinds=["treaty"])
    assert find_tags(library, "zzzz") == []


def test_kinds_and_limit_narrow_the_answer(library):
    load_sample_events(library)
    found = find_tags(library, "russian", kinds=["event"], limit=3)
    assert len(found) == 3 and {tag.kind for tag in found} == {"event"}
