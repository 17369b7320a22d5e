"""Paragraph numbers the engine read apart in the margin: read again with their line, cleaned of
specks and checked against their neighbours down the margin."""

from __future__ import annotations

import pymupdf
import pytest

from app.pdf import recognise
from app.pdf.margin_numbers import margin_words, numbered
from tests.app.ocr_accuracy import Scan, measure, report_path
from tests.app.scans import needs_recognition


@pytest.fixture
def ocr() -> None:
    needs_recognition()


def _page(lines: list[tuple[float, str]]) -> tuple[str, list[list]]:
    """A recognised page of ``lines`` (the x where each starts, its words), 20 points apart; words
    after two spaces are set a tab away (40 points after the line's start), in a block of their own."""
    text, words, block = "", [], 0
    for row, (margin, line) in enumerate(lines):
        x, y = margin, 100 + 20 * row
        for part in line.split("  "):
            block += 1
            for word in part.split():
                start = len(text)
                words.append([x, y, x + 6 * len(word), y + 10, word, block, 0, start, start + len(word)])
                text += word + " "
                x += 6 * len(word) + 3
            text = text[:-1] + "\n"
            x = margin + 40
    return text, words


def test_a_short_word_alone_at_the_margin_a_tab_from_its_line_is_read_again_with_the_line_start():
    text, words = _page([(113, "he  By the end of 2000"), (113, "nine-year schooling was")])
    [(index, strip)] = margin_words(words)
    assert words[index][4] == "he"
    assert strip.x0 < 113 and strip.x1 > 142 and strip.y0 < 100 and strip.y1 > 110


def test_words_that_are_numbers_list_items_or_inside_a_line_are_not_read_again():
    text, words = _page([(113, "7.  By the end"), (113, "(a)  A report"), (113, "of the State"),
                         (113, "he"), (113, "he  Text")])
    words.append([104, 180, 110, 190, "B", 99, 0, None, None])  # a word before the last "he" on its row
    assert margin_words(words) == []


def test_a_new_reading_that_is_a_number_replaces_the_word_and_shifts_the_words_after_it():
    text, words = _page([(113, "he  By the end"), (113, "5,  At the meeting")])
    new = numbered(text, words, {0: "17."})
    assert new == "17.\nBy the end\n5.\nAt the meeting\n"
    assert words[0][4] == "17." and all(new[word[7]:word[8]] == word[4] for word in words)


def test_specks_read_beside_a_number_are_dropped():
    text, words = _page([(113, "30...  Noting concerns"), (113, "2:  On 14 January"), (113, "\u201821.  The"),
                         (113, ".27.  Australia"), (113, "\u201822. .  Bangladesh")])
    words.append([100, 160, 103, 170, "'", 99, 0, None, None])  # a speck before ".27." on its row
    assert numbered(text, words, {}).splitlines()[::2] == ["30.", "2.", "21.", "27.", "22. ."]


def test_a_number_with_a_speck_read_as_a_letter_far_out_in_the_page_margin_is_still_a_number():
    # A JPEG scan of a UN report: "é" read from a speck 67 points left of "55...".
    text, words = _page([(113, "55...  Bangladesh commended"), (113, "56.  Belarus noted")])
    words.append([45, 101, 46, 110, "\u00e9", 99, 0, None, None])
    assert numbered(text, words, {}).splitlines()[::2] == ["55.", "56."]


def test_a_number_misread_between_its_neighbours_down_the_margin_is_put_right():
    text, words = _page([(113, "50.  Qatar asked"), (113, "49.  In response"), (113, "52.  Bangladesh"),
                         (113, "rH  On racism"), (113, "54.  Noting")])
    assert numbered(text, words, {}).splitlines()[::2] == ["50.", "51.", "52.", "53.", "54."]


def test_digits_without_their_full_stop_are_a_number_only_where_the_one_before_or_after_says_so():
    text, words = _page([(113, "6.  Ethiopia said"), (113, "\u2018Ls  By the end"), (113, "9  Alone here")])
    assert numbered(text, words, {3: "7"}).splitlines()[::2] == ["6.", "7.", "9"]
    text, words = _page([(113, "12.  Text"), (200, "13  Text")])  # not at the same margin
    assert numbered(text, words, {}).splitlines()[::2] == ["12.", "13"]


def test_a_page_of_many_margin_words_is_read_again_within_what_the_engine_takes(ocr):
    # A page read the wrong way up is all short words: the strips are stacked only as high as the
    # engine reads ("Image too large" past 32,767 pixels).
    pixmap = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 2480, 3508), False)
    pixmap.set_rect(pixmap.irect, (255,))
    strips = [(index, pymupdf.Rect(100, 100, 150, 120)) for index in range(3000)]
    assert recognise._read_strips(pixmap, strips, "eng", 300) == {}


def test_scanned_report_pages_in_jpeg_keep_their_paragraph_numbers(ocr):
    if not report_path("china2009").is_file():
        pytest.skip("the shared corpus is not here")
    # Read from the smoothed rendering alone, "7." came out "he", "‘Ls" or "7", "5." as "5," on this page.
    [score] = measure(reports=["china2009"], pages=[2], variants={"all four": Scan(dpi=200, skew=1.5, noise=0.005,
                                                                                     jpeg=60)}).values()
    assert score.numbers == 7 and score.paragraph_recall == 1.0
