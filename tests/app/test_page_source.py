"""A words source other than PyMuPDF (what a recognised-text layer would be) drives selection
and find as PyMuPDF does, given the same words and boxes."""

from __future__ import annotations

import pymupdf
import pytest

from app.pdf.page_source import FixedWords, PyMuPDFPages, WordsSource
from app.text.selection import PageWords, Position, Word, build_selection, nearest_word, word_at
from tests.pdfs import make_pdf

PAGES = [
    "The delegation heard allegations\nof ill-treatment in custody. Allegations of ill-treatment\n"
    "were many; allegations\nof abuse too.",
    "Second page: the delegation\nmet the director of the prison.",
]
# Whole words and phrases, some across a line break: a source that knows words, not letters,
# finds those as PyMuPDF does (within a word it can only share the word's box out by letters).
PHRASES = ["allegations of", "ALLEGATIONS   OF ill-treatment", "of", "ill-treatment", "custody.", "the delegation met",
           "director of the prison.", "torture", "   "]


@pytest.fixture
def sources(tmp_path):
    with pymupdf.open(make_pdf(tmp_path / "report.pdf", PAGES)) as document:
        pdf = PyMuPDFPages(pymupdf, document)
        # Copied word by word, as another reader of the page would give them: no PyMuPDF object kept.
        fixed = FixedWords({index: _copied(pdf.words(index)) for index in range(len(PAGES))})
        yield pdf, fixed


def _copied(page: PageWords) -> PageWords:
    words = tuple(Word(w.x0, w.y0, w.x1, w.y1, w.text, w.block, w.line, w.start, w.end) for w in page.words)
    return PageWords(page.page_index, words, str(page.text))


def _selections(source: WordsSource, anchor: Position, focus: Position):
    pages = {index: source.words(index) for index in range(len(PAGES))}
    return build_selection(3, pages, anchor, focus, page_starts=[0, len(pages[0].text) + 1])


@pytest.mark.parametrize("phrase", PHRASES)
def test_find_gives_the_same_hits_from_either_source(sources, phrase):
    pdf, fixed = sources
    for page in range(len(PAGES)):
        assert fixed.find(page, phrase) == pdf.find(page, phrase)


def test_find_has_something_to_compare(sources):
    pdf, _fixed = sources
    assert [len(hit) for hit in pdf.find(0, "allegations of")] == [2, 1, 2]  # two of them across a line


@pytest.mark.parametrize("anchor, focus", [(Position(0, 2), Position(0, 9)), (Position(0, 12), Position(1, 4)),
                                           (Position(1, 5), Position(0, 0))])
def test_selection_is_the_same_from_either_source(sources, anchor, focus):
    pdf, fixed = sources
    selection = _selections(pdf, anchor, focus)
    assert selection is not None and selection.start_offset is not None
    assert _selections(fixed, anchor, focus) == selection


def test_pointing_at_words_is_the_same_from_either_source(sources):
    pdf, fixed = sources
    words, same = pdf.words(0).words, fixed.words(0).words
    for word in words:
        middle = ((word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2)
        assert word_at(same, *middle) == word_at(words, *middle)
        assert nearest_word(same, word.x1 + 40, word.y1 + 3) == nearest_word(words, word.x1 + 40, word.y1 + 3)


def test_a_page_the_source_has_not_read_has_no_words():
    assert FixedWords({}).words(4) == PageWords(4, (), "")
    assert FixedWords({}).find(4, "anything") == ()
