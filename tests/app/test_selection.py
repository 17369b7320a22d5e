"""Selections built from word boxes: the words between two ends, their quads and their place in the page text."""

from __future__ import annotations

import pymupdf

from app.pdf.words import map_words, page_words
from app.text.selection import PageWords, Position, build_selection, line_of, nearest_word, word_at
from tests.pdfs import make_pdf

TEXT = "The delegation visited\nthree prisons."


def _words() -> PageWords:
    raw = [
        (10, 10, 30, 20, "The", 0, 0, 0),
        (32, 10, 80, 20, "delegation", 0, 0, 1),
        (82, 10, 120, 20, "visited", 0, 0, 2),
        (10, 30, 40, 40, "three", 0, 1, 0),
        (42, 30, 90, 40, "prisons.", 0, 1, 1),
    ]
    return PageWords(0, map_words(raw, TEXT), TEXT)


def test_words_are_placed_in_the_page_text():
    words = _words().words
    assert [(w.start, w.end) for w in words] == [(0, 3), (4, 14), (15, 22), (23, 28), (29, 37)]


def test_a_word_spelled_otherwise_in_the_text_is_left_unplaced_and_the_next_ones_still_found():
    raw = [(0, 0, 1, 1, "of\ufb01ce", 0, 0, 0), (2, 0, 3, 1, "staff", 0, 0, 1)]
    words = map_words(raw, "office staff")
    assert (words[0].start, words[1].start) == (None, 7)


def test_selection_across_lines_keeps_the_page_text_and_gives_one_quad_per_line():
    page = _words()
    selection = build_selection(7, {0: page}, Position(0, 1), Position(0, 3), page_starts=[100])
    assert selection is not None
    assert selection.text == "delegation visited\nthree"
    assert selection.pages[0].start == 4 and selection.pages[0].end == 28
    assert (selection.start_offset, selection.end_offset) == (104, 128)
    assert selection.pages[0].quads == ((32.0, 10.0, 120.0, 10.0, 32.0, 20.0, 120.0, 20.0), (10.0, 30.0, 40.0, 30.0, 10.0, 40.0, 40.0, 40.0))
    assert selection.document_id == 7


def test_selection_ends_may_come_in_either_order():
    page = _words()
    forward = build_selection(1, {0: page}, Position(0, 0), Position(0, 2))
    backward = build_selection(1, {0: page}, Position(0, 2), Position(0, 0))
    assert forward == backward
    assert forward is not None and forward.text == "The delegation visited"


def test_selection_across_pages_joins_the_page_parts():
    first, second = _words(), PageWords(1, _words().words, TEXT)
    selection = build_selection(1, {0: first, 1: second}, Position(0, 3), Position(1, 1))
    assert selection is not None
    assert [part.page_index for part in selection.pages] == [0, 1]
    assert selection.text == "three prisons.\nThe delegation"


def test_pointer_hits_and_snaps_to_words():
    words = _words().words
    assert word_at(words, 50, 15) == 1
    assert word_at(words, 50, 25) is None
    assert nearest_word(words, 5, 35) == 3  # left of a line: its first word
    assert nearest_word(words, 200, 12) == 2  # right of a line: its last word
    assert nearest_word(words, 60, 100) == 4  # below everything: the closest line
    assert line_of(words, 4) == (3, 4)


def test_page_words_offsets_slice_the_text_the_library_stores(tmp_path):
    path = make_pdf(tmp_path / "a.pdf", ["Alpha beta gamma.\nDelta epsilon."])
    with pymupdf.open(path) as document:
        page = document[0]
        stored = page.get_text("text")
        words = page_words(page, 0)
    assert words.text == stored
    for word in words.words:
        assert word.start is not None and stored[word.start : word.end] == word.text
