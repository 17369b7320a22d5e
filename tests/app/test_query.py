"""What users type becomes a full-text query that cannot fail."""

from __future__ import annotations

import random

import pytest

from app.services.documents import search_text
from app.services.importing import import_paths
from app.store.sqlite_search import fts5_match
from app.text import query
from app.text.query import mark, parse
from tests.pdfs import make_pdf


@pytest.mark.parametrize(
    ("typed", "match"),
    [
        ("torture", '"torture"'),
        ("Torture restraint", '("Torture") AND ("restraint")'),
        ('"death in custody"', '"death in custody"'),
        ("restr*", '"restr"*'),
        ("A/HRC/24/14", '"A HRC 24 14"'),
        ("custody NOT police", '("custody") NOT ("police")'),
        ("NOT police custody", '("custody") NOT ("police")'),
        ("police OR torture", '("police") OR ("torture")'),
        ("(custody OR arrest) restraint", '(("custody") OR ("arrest")) AND ("restraint")'),
        ("not or and", '(("not") AND ("or")) AND ("and")'),
        ('"unbalanced', '"unbalanced"'),
        ("col:value", '"col value"'),
        ("NOT", None),
        ("NOT police", None),
        ("*", None),
        ("", None),
        ("   ", None),
        ("'; --", None),
        (")(", None),
        ("0 NOT AND", '"0"'),  # an operator after NOT is no word to leave out (FTS5 refused "AND")
        ("torture NOT AND police", '("torture") AND ("police")'),
    ],
)
def test_user_text_becomes_a_safe_match(typed, match):
    assert fts5_match(parse(typed).query) == match


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("NOT police", "NOT needs something to search for before it"),
        ("torture NOT", "NOT needs a word after it"),
        ("torture NOT AND police", "NOT needs a word after it"),
        ('"open phrase', "A quote was not closed"),
        ("*", "* goes at the end of a word"),
        ("(custody", "A bracket was not closed"),
        ("OR torture", "OR needs words on both sides"),
        ("word " * 200, "Only the first 64 words"),
        ("!!!", "Type letters or digits"),
    ],
)
def test_odd_queries_get_a_short_hint(typed, hint):
    assert any(h.startswith(hint) for h in parse(typed).hints)


@pytest.mark.parametrize("typed", ['"', "NEAR(", "x AND", "^start", "a:b:c", "((", "😀", "\x00", "-"])
def test_odd_input_is_answered_not_raised(either_library, tmp_path, typed):
    library = either_library
    import_paths(library, [make_pdf(tmp_path / "d.pdf", ["Plain words about detention."])])
    assert isinstance(search_text(library, typed), list)


def test_symbols_and_phrases_find_their_pages(either_library, tmp_path):
    library = either_library
    pdf = make_pdf(tmp_path / "d.pdf", ["Symbol A/HRC/24/14 on the cover", "A later page about HRC 24 and 14 others"])
    import_paths(library, [pdf])
    assert [h.page_index for h in search_text(library, "A/HRC/24/14")] == [0]
    assert [h.page_index for h in search_text(library, "cov*")] == [0]


@pytest.mark.parametrize(
    ("typed", "text", "marked"),
    [
        ("restraint", "Restraint was used; restraints too.", ["Restraint"]),
        ("restr*", "Restraint was used; restraints too.", ["Restraint", "restraints"]),
        ('"police custody"', "In police custody, not police cells.", ["police custody"]),
        ("comite", "Le Comité a visité", ["Comité"]),
        ("torture NOT police", "torture by police", ["torture"]),
    ],
)
def test_found_words_are_marked_as_the_index_matched_them(typed, text, marked):
    spans = mark(text, parse(typed).terms)
    assert [text[start:end] for start, end in spans] == marked


def test_marking_ascii_text_by_patterns_marks_what_marking_word_by_word_does():
    """The fast way for ASCII passages must mark exactly what the general way marks."""
    rng = random.Random(5)
    words = ["police", "custody", "pol", "restraint", "Restraints", "a", "A1", "x_y", "cell", "cells"]
    glue = [" ", ", ", " - ", "_", "'", "\n", "; ", "(", ")"]
    queries = ["police", "pol*", '"police custody"', '"custody police"', "restr* cell", "a*", "a1", "x y",
               '"cell cell"', "cells OR cell*", '"police cust*"', "custody NOT cells"]
    for _ in range(400):
        text = "".join(rng.choice(words) + rng.choice(glue) for _ in range(rng.randint(1, 15)))
        terms = parse(rng.choice(queries)).terms
        assert query._mark_ascii(text, query._term_patterns(terms)) == query._mark_words(text, terms), (text, terms)
