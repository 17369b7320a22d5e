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


def test_the_treaty_named_comes_before_its_articles_and_articles_go_by_number(library):
    """Typed as a researcher types them: the treaty's number, its short name, a standard's name."""
    load_sample_events(library)
    found = find_tags(library, "ETS 126", limit=40)
    assert found[0].slug == "ecpt"
    articles = [tag.fields.code for tag in found if tag.kind == "article" and tag.fields.code.startswith("ECPT Art.")]
    numbers = [int(code.rsplit(" ", 1)[1]) for code in articles]
    assert len(numbers) > 10 and numbers == sorted(numbers)  # Art. 2 before Art. 10
    assert find_tags(library, "ECHR", limit=1)[0].slug == "echr"  # the search panel completes to the treaty
    assert find_tags(library, "ETS No. 126", limit=1)[0].slug == "ecpt"
    assert find_tags(library, "Mandela", limit=1)[0].kind == "standard"
