"""Printed page numbers become page labels where the PDF has none of its own."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from app.pdf.extract import extract, merge
from app.services.documents import document_details, search_text
from app.services.importing import import_paths
from tests.pdfs import make_pdf


def make_printed(path: Path, footers: list[str | None], header: str | None = None) -> Path:
    document = pymupdf.open()
    for index, footer in enumerate(footers):
        page = document.new_page(width=595, height=842)
        if header:
            page.insert_text((70, 40), header, fontsize=9)
        page.insert_text((70, 120), f"Body text of sheet {index} about detention.", fontsize=11)
        if footer:
            page.insert_text((290, 815), footer, fontsize=9)
    document.save(path)
    document.close()
    return path


def test_numbers_printed_after_a_cover_and_contents_become_labels(tmp_path):
    footers = [None, "ii"] + [f"- {n} -" for n in range(1, 7)]
    extraction = extract(make_printed(tmp_path / "r.pdf", footers).read_bytes())
    assert [page.label for page in extraction.pages] == ["i", "ii", "1", "2", "3", "4", "5", "6"]


def test_page_n_headers_work_too(tmp_path):
    footers = [None] + [f"Page {n}" for n in range(1, 5)]
    assert [p.label for p in extract(make_printed(tmp_path / "r.pdf", footers).read_bytes()).pages] == [
        "i", "1", "2", "3", "4"
    ]


def test_numbers_equal_to_the_page_numbers_add_no_labels(tmp_path):
    footers = [f"{n}" for n in range(1, 6)]
    assert all(p.label is None for p in extract(make_printed(tmp_path / "r.pdf", footers).read_bytes()).pages)


def test_unsteady_numbers_are_not_trusted(tmp_path):
    footers = ["7", "3", "12", "1", "40", "2"]
    assert all(p.label is None for p in extract(make_printed(tmp_path / "r.pdf", footers).read_bytes()).pages)


def test_the_pdfs_own_labels_win(tmp_path):
    labels = [{"startpage": 0, "prefix": "A-", "style": "D", "firstpagenum": 1}]
    pdf = make_pdf(tmp_path / "own.pdf", ["one", "two", "three", "four"], labels=labels)
    assert [p.label for p in extract(pdf.read_bytes()).pages] == ["A-1", "A-2", "A-3", "A-4"]


def test_labels_are_used_where_pages_are_shown(library, tmp_path):
    footers = [None, None] + [f"- {n} -" for n in range(1, 5)]
    [outcome] = import_paths(library, [make_printed(tmp_path / "r.pdf", footers)])
    details = document_details(library, outcome.document.id)
    assert details.page_labels == ("i", "ii", "1", "2", "3", "4")
    hits = search_text(library, '"sheet 3"')
    assert [(h.page_index, h.page_label) for h in hits] == [(3, "2")]


def test_printed_numbers_read_by_two_workers_give_the_same_labels(tmp_path):
    data = make_printed(tmp_path / "r.pdf", [None, "ii"] + [f"- {n} -" for n in range(1, 7)]).read_bytes()
    merged = merge([extract(data, part=part, parts=2) for part in range(2)])
    assert [page.label for page in merged.pages] == ["i", "ii", "1", "2", "3", "4", "5", "6"]
