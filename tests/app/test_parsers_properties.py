"""Every parser of what a user types, fed whatever Hypothesis can make of it: the search query
language, citation templates, page labels and the command line's dates and colours. Each input
parses or is refused with the parser's documented error (or hint); nothing else ever escapes,
and searching with any of it reads the library without writing a row."""

from __future__ import annotations

import argparse
import sqlite3
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, inspect, select, table

from app.cli.search import colour, partial_date
from app.services.search import AnnotationFilters, search_annotations
from app.services.viewing import PageGeometry, page_for
from app.store.sqlite_search import fts5_match
from app.text.citations import (
    FIELDS,
    CitationParts,
    Template,
    TemplateError,
    check_template,
    cite,
    parse_template,
    preview,
)
from app.text.page_numbers import printed_labels, printed_number
from app.text.paragraphs import Line
from app.text.query import MAX_TERMS, mark, parse
from tests.app.test_search import library_with_passages  # noqa: F401 - a fixture

PURE = settings(max_examples=2000, deadline=None)
# One library for all the examples of a test: it is only read, which the test checks.
DATABASE = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# The hints app.text.query documents: whatever cannot be read as asked is explained by one of these.
QUERY_HINTS = {
    f"Only the first {MAX_TERMS} words were searched for.",
    "A quote was not closed; the phrase runs to the end.",
    "* goes at the end of a word, as in restr*.",
    "OR needs words on both sides.",
    "NOT needs a word after it.",
    "A bracket was not closed.",
    "Type letters or digits to search for.",
    "NOT needs something to search for before it, as in custody NOT police.",
}

# Text as people (and pasted PDFs) write it: the query's own syntax mixed with words, FTS5 and
# SQL syntax, every kind of character, and runs long enough to pass the term limit.
_QUERY_PIECES = st.sampled_from([
    "AND", "OR", "NOT", "(", ")", '"', "*", " ", "restraint", "beds", "restr*", "NEAR(a b)", "col:val",
    "^start", "'", ";", "--", "DROP TABLE annotations", "\x00", "\u202e", "é", "ß", "ﬁ", "İ", "_", "-", "+",
    "{", "}", "[", "]", "\n", "\t", "x" * 300,
])
QUERIES = st.one_of(
    st.text(),
    st.lists(st.one_of(_QUERY_PIECES, st.text(max_size=4)), max_size=60).map(" ".join),
    st.lists(st.one_of(_QUERY_PIECES, st.text(max_size=4)), max_size=60).map("".join),
    st.lists(st.sampled_from(["a", "b", "AND", "OR", "NOT", "(", ")"]), max_size=200).map(" ".join),
)


@PURE
@given(QUERIES)
def test_any_query_parses_or_is_explained_by_a_documented_hint(text):
    parsed = parse(text)
    assert set(parsed.hints) <= QUERY_HINTS
    if parsed.query is None:
        assert parsed.terms == ()
        assert not text.strip() or parsed.hints  # nothing searched for is never silent
    else:
        assert fts5_match(parsed.query).strip()


@PURE
@given(QUERIES)
@example("0 NOT AND")  # found by this test: the AND reached FTS5 as a bare operator
def test_any_query_built_is_one_fts5_accepts(text):
    match = fts5_match(parse(text).query)
    if match is None:
        return
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2')")
    connection.execute("INSERT INTO t VALUES ('restraint beds were used'), ('beatings during arrest')")
    connection.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,)).fetchall()


@PURE
@given(QUERIES, st.text())
def test_the_words_found_are_marked_inside_the_text(query, text):
    spans = mark(text, parse(query).terms)
    assert all(0 <= start < end <= len(text) for start, end in spans)
    assert list(spans) == sorted(spans)


def row_counts(library) -> dict[str, int]:
    with library.reading() as session:
        names = inspect(session.connection()).get_table_names()
        return {name: session.scalar(select(func.count()).select_from(table(name))) for name in names}


DATES = st.one_of(st.none(), st.sampled_from(["2019", "2019-11", "2019-11-05", "2025-06-02", "1900", "9999-12-31"]))
FILTERS = st.builds(
    AnnotationFilters,
    colors=st.lists(st.sampled_from(["yellow", "red", "blue", "#ffd54f"]), max_size=2).map(tuple),
    document_kinds=st.lists(st.sampled_from(["cpt_report", "news", "other"]), max_size=2).map(tuple),
    countries=st.lists(st.sampled_from(["Russian Federation", "Nowhere", "\u202e"]), max_size=2).map(tuple),
    published_from=DATES,
    published_to=DATES,
    has_note=st.sampled_from([None, True, False]),
)


@DATABASE
@given(text=QUERIES, filters=FILTERS, sort=st.sampled_from(["relevance", "date", "document"]),
       limit=st.integers(0, 60), offset=st.integers(0, 5))
@example(text="0 NOT AND", filters=AnnotationFilters(), sort="relevance", limit=10, offset=0)
def test_any_query_runs_against_a_real_library_and_writes_nothing(library_with_passages, text, filters, sort,
                                                                  limit, offset):
    library, passages, *_ = library_with_passages
    before = row_counts(library)
    results = search_annotations(library, text, filters, sort=sort, limit=limit, offset=offset)
    assert set(results.hints) <= QUERY_HINTS and len(results.hits) <= min(limit, len(passages))
    for hit in results.hits:
        assert all(0 <= start < end <= len(hit.annotation.quote) for start, end in hit.highlights)
    assert row_counts(library) == before


# --- citation templates --------------------------------------------------------------------------

_TEMPLATE_PIECES = st.sampled_from([
    "{", "}", "[", "]", "|", ", ", "para. ", "p. ", " ", "{reference|title}", "{paragraphs}", "{page}",
    *(f"{{{name}}}" for name in FIELDS), "{nope}", "{ page }", "{}", "{|}", "{title|}", "{Page}", "\u202e", "\n",
])
TEMPLATES = st.one_of(
    st.text(),
    st.lists(st.one_of(_TEMPLATE_PIECES, st.sampled_from(FIELDS), st.text(max_size=3)), max_size=20).map("".join),
)
SAMPLES = [
    CitationParts("CPT/Inf (2024) 23", "Report to the Government", "Council of Europe", "2024-05-17", ("45",), "12",
                  "Ruritania", "ab" * 32, "2024-06-01"),
    CitationParts(None, "A news item", None, None, (), "iv"),
    CitationParts("A/HRC/24/14", "", "", "", ("45", "46", "47"), "7"),
    CitationParts("x", "y", None, None, ("12", "12(a)"), "1"),
]


@PURE
@given(TEMPLATES)
def test_any_template_compiles_or_names_what_is_wrong_and_a_compiled_one_cites(template):
    try:
        parsed = parse_template(template)
    except TemplateError as error:
        assert str(error).endswith(".") and str(error)[0].isupper()  # a sentence for the user
        assert preview(SAMPLES, template) == ([], str(error))
        with pytest.raises(TemplateError):
            check_template(template)
        return
    assert isinstance(parsed, Template) and parsed.fields() <= set(FIELDS)
    check_template(template)
    for parts in SAMPLES:
        assert isinstance(cite(parts, template), str)
    citations, problem = preview(SAMPLES, template)
    assert problem == "" and len(citations) == len(SAMPLES)


# --- page labels: the label a reader types, and the numbers printed on pages --------------------

LABELS = st.lists(st.one_of(st.sampled_from(["i", "ii", "iv", "1", "2", "12", "A-1", "", " ", "#3", "03"]),
                            st.text(max_size=4)), min_size=1, max_size=30)


@PURE
@given(LABELS, st.one_of(st.text(), st.sampled_from(["iv", "IV", "#2", "2", "0", "-1", "99999999999999999999", "#"])))
def test_any_page_typed_leads_to_a_page_of_the_document_or_none(labels, wanted):
    view = SimpleNamespace(pages=tuple(PageGeometry(595, 842, label, 0) for label in labels))
    found = page_for(view, wanted)
    assert found is None or 0 <= found < len(labels)
    if found is not None and wanted.strip() and labels[found].casefold() != wanted.strip().casefold():
        assert int(wanted.strip().lstrip("#")) == found + 1  # not its label: then its number


MARGINS = st.lists(st.tuples(st.floats(-100, 1000, allow_nan=False), st.floats(0, 100, allow_nan=False)), max_size=6)


@PURE
@given(st.text(max_size=200), st.floats(0, 2000, allow_nan=False), MARGINS, st.data())
def test_any_page_text_gives_a_printed_number_or_none(text, height, boxes, data):
    lines = []
    for y0, tall in boxes:
        start = data.draw(st.integers(0, len(text)))
        lines.append(Line(start, data.draw(st.integers(start, len(text))), 0.0, y0, 100.0, y0 + tall, tall))
    arabic, roman = printed_number(text, height, lines)
    assert arabic is None or 0 <= arabic <= 9999
    assert roman is None or (roman == roman.lower() and set(roman) <= set("ivxlc"))


PRINTED = st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 9999)),
                             st.one_of(st.none(), st.sampled_from(["i", "ii", "iii", "iv", "v", "x", "xl", "c"]))),
                   max_size=60)


@PURE
@given(PRINTED)
def test_any_printed_numbers_give_one_label_per_page_or_none(pages):
    labels = printed_labels(pages)
    assert labels is None or (len(labels) == len(pages) and all(isinstance(label, str) and label for label in labels))


# --- the command line's dates and colours -----------------------------------------------------------

@PURE
@given(st.one_of(st.text(), st.from_regex(r"\A\d{4}(-\d{1,2}(-\d{1,2})?)?\Z"), st.dates().map(str)))
def test_any_date_given_is_taken_as_one_that_exists_or_refused(text):
    try:
        taken = partial_date(text)
    except argparse.ArgumentTypeError as error:
        assert f"\u201c{text}\u201d is not a date" in str(error)
        return
    assert taken == text.strip() and len(taken) in (4, 7, 10)


@PURE
@given(st.one_of(st.text(), st.from_regex(r"\A#[0-9a-fA-Fg]{2,7}\Z"), st.sampled_from(["Yellow", " red ", "grey"])))
def test_any_colour_given_is_one_of_the_palette_or_hex_or_refused(text):
    try:
        taken = colour(text)
    except argparse.ArgumentTypeError as error:
        assert f"\u201c{text}\u201d is not a colour" in str(error)
        return
    assert taken == taken.lower() and (taken.startswith("#") or taken.isalpha())
