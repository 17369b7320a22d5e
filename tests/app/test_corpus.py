"""The shared corpus: real reports, and broken, encrypted and odd PDFs from public test suites.

``robust_outcomes.json`` lists what import does with each robust file, so any change in
behaviour shows in review. After a deliberate change, rerun with UPDATE_OUTCOMES=1 and
read the diff.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pymupdf
import pytest
from sqlalchemy import func, select

from app.services.documents import list_documents, search_text
from app.services.importing import import_paths
from app.store.models import Document, PageText

OUTCOMES = Path(__file__).with_name("robust_outcomes.json")

# From the corpus README: files whose passwords are published by their test suites.
PASSWORDS = {
    "pdfjs__bug1782186.pdf": "Hello",
    "pdfjs__issue15893_reduced.pdf": "test",
    "pdfjs__issue21579.pdf": "pässwört",
    "pdfjs__issue3371.pdf": "ELXRTQWS",
    "pdfjs__issue6010_1.pdf": "abc",
    "pdfjs__issue6010_2.pdf": "æøå",
    "qpdf__short-O-U.pdf": "19723102477",
    "qpdf__unfilterable-with-crypt.pdf": "attachment",
}


def describe(outcome) -> str:
    if outcome.status == "imported":
        document = outcome.document
        return f"imported: {document.page_count} pages, text on {document.text_pages}"
    # The part before any parenthesis: the kind of refusal, not MuPDF's exact words.
    return "refused: " + outcome.reason.split(" (")[0]


def test_every_robust_file_is_imported_or_refused_with_a_one_line_reason(library, robust_corpus):
    files = sorted(robust_corpus.glob("*.pdf"))
    outcomes = import_paths(library, files, timeout=20)

    seen = {Path(o.path).name: describe(o) for o in outcomes}
    assert len(seen) == len(files)
    for outcome in outcomes:
        if outcome.status == "failed":
            assert outcome.reason and "\n" not in outcome.reason and "Traceback" not in outcome.reason
    if os.environ.get("UPDATE_OUTCOMES"):
        OUTCOMES.write_text(json.dumps(seen, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    assert seen == json.loads(OUTCOMES.read_text())

    # No half-written import: one row and one file per imported document, pages complete.
    imported = [o for o in outcomes if o.status == "imported"]
    with library.reading() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == len(imported)
        page_rows = session.scalar(select(func.count()).select_from(PageText))
    assert page_rows == sum(o.document.page_count for o in imported)
    assert len(list(library.files_dir.iterdir())) == len(imported)


@pytest.mark.parametrize("name", sorted(PASSWORDS))
def test_encrypted_corpus_files_open_with_their_published_password(library, robust_corpus, name):
    path = robust_corpus / name
    [without] = import_paths(library, [path])
    assert without.status == "failed" and "password" in without.reason
    [outcome] = import_paths(library, [path], password=PASSWORDS[name])
    assert outcome.status == "imported", outcome.reason
    assert outcome.document.encrypted


# What a reader of each report sees on its first page and on a page inside it.
REAL_EXPECTATIONS = {
    "upr-wg-report__russia2013.pdf": ("A/HRC/24/14", 29, "Russian Federation"),
    "upr-wg-report__azerbaijan2013.pdf": ("A/HRC/24/13", 25, "Azerbaijan"),
    "upr-wg-report__china2009.pdf": ("A/HRC/11/25", 33, "China"),
    "upr-wg-report__france2008.pdf": ("A/HRC/8/47", 21, "France"),
    "upr-wg-report__unitedkingdom2012.pdf": ("A/HRC/21/9", 24, "United Kingdom"),
    "upr-ngo__fiacat_ambivalent_exercise_2009_e.pdf": (None, 44, "FIACAT"),
}


def test_real_reports_import_list_and_search_with_correct_pages(library, real_corpus):
    outcomes = import_paths(library, [real_corpus])
    assert all(o.status == "imported" for o in outcomes), [o.message for o in outcomes]
    by_name = {Path(o.path).name: o.document for o in outcomes}
    assert set(by_name) == set(REAL_EXPECTATIONS)
    assert len(list_documents(library)) == 6

    for name, (symbol, pages, word) in REAL_EXPECTATIONS.items():
        document = by_name[name]
        assert document.page_count == pages and document.has_text_layer
        hits = search_text(library, word, document_id=document.id, limit=500)
        assert hits, f"{word!r} not found in {name}"
        with pymupdf.open(real_corpus / name) as pdf:
            for hit in hits:
                # The page search names is a page whose own text holds the word.
                assert word.split()[0].casefold() in pdf[hit.page_index].get_text().casefold()
            if symbol:
                symbol_hits = search_text(library, symbol, document_id=document.id, limit=500)
                assert symbol_hits[0].page_index == 0 or 0 in {h.page_index for h in symbol_hits}
                assert symbol in pdf[0].get_text()


def test_a_recommendation_number_is_found_on_its_page(library, real_corpus):
    [outcome] = import_paths(library, [real_corpus / "upr-wg-report__russia2013.pdf"])
    hits = search_text(library, '"140.19"', document_id=outcome.document.id)
    with pymupdf.open(real_corpus / "upr-wg-report__russia2013.pdf") as pdf:
        pages_with_number = {i for i, page in enumerate(pdf) if re.search(r"\b140\.19\b", page.get_text())}
    assert pages_with_number and {h.page_index for h in hits} == pages_with_number
