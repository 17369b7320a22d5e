"""Finding a phrase on a page: one hit per occurrence, also when it runs onto the next line."""

from __future__ import annotations

import pymupdf

from app.pdf.find import find_on_page
from tests.pdfs import make_pdf

WRAPPED = ["The delegation heard allegations\nof ill-treatment in custody. Allegations of ill-treatment\n"
           "were many; allegations\nof abuse too."]


def test_a_phrase_across_a_line_break_is_one_hit_with_a_quad_per_line(tmp_path):
    with pymupdf.open(make_pdf(tmp_path / "wrapped.pdf", WRAPPED)) as document:
        hits = find_on_page(document[0], "allegations of")
    assert [len(hit) for hit in hits] == [2, 1, 2]
    first, _second, third = hits
    assert first[0][1] < first[1][1]  # the second part is on the line below
    assert third[0][1] < third[1][1]


def test_case_and_spacing_are_ignored_and_a_word_alone_keeps_its_quads(tmp_path):
    with pymupdf.open(make_pdf(tmp_path / "wrapped.pdf", WRAPPED)) as document:
        page = document[0]
        assert len(find_on_page(page, "ALLEGATIONS   OF ill-treatment")) == 2
        assert [len(hit) for hit in find_on_page(page, "of")] == [1, 1, 1]
        assert find_on_page(page, "torture") == ()
        assert find_on_page(page, "   ") == ()
