"""Annotations already in a PDF come in as imported annotations, with their words, comment and author."""

from __future__ import annotations

import pymupdf

from app.services import annotations as notes
from app.services.importing import import_paths
from app.services.pdf_annotations import import_pdf_annotations
from tests.app.test_annotations import document_text
from tests.pdfs import make_pdf

SUPPORTED = {0, 2, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15}


def test_a_highlight_made_elsewhere_keeps_its_words_comment_author_and_date(library, tmp_path):
    pdf = make_pdf(tmp_path / "plain.pdf", ["1. The delegation heard allegations of beatings in custody."])
    with pymupdf.open(pdf) as document:
        page = document[0]
        annot = page.add_highlight_annot(page.search_for("allegations of beatings"))
        annot.set_info(content="key finding", title="A. Reviewer", modDate="D:20240102030405+01'00'")
        annot.update()
        document.save(tmp_path / "annotated.pdf")

    [outcome] = import_paths(library, [tmp_path / "annotated.pdf"])
    [made] = notes.list_annotations(library, outcome.document.id)

    assert (made.origin, made.kind, made.note, made.author) == ("imported", "highlight", "key finding", "A. Reviewer")
    assert made.quote == "allegations of beatings"
    assert document_text(library, outcome.document.id)[made.start_offset : made.end_offset] == made.quote
    assert made.created_at.isoformat().startswith("2024-01-02T03:04:05")
    assert made.targets[0].page_index == 0 and made.color.startswith("#")


def test_corpus_files_with_annotations_bring_all_of_them(library, robust_corpus):
    for name in ("pdfjs__comments.pdf", "pdfjs__tracemonkey_with_annotations.pdf", "pdfjs__annotation-highlight.pdf"):
        with pymupdf.open(robust_corpus / name) as document:
            expected = sum(1 for page in document for a in page.annots() if a.type[0] in SUPPORTED)
        [outcome] = import_paths(library, [robust_corpus / name])
        made = notes.list_annotations(library, outcome.document.id)
        assert len(made) == expected > 0, name
        assert all(a.origin == "imported" for a in made)
    highlight = next(
        a for a in made if a.kind == "highlight"
    )  # pdfjs__annotation-highlight.pdf, imported last
    assert (highlight.author, highlight.note) == ("Tim van der Meij", "Highlight content") and highlight.quote


def test_bringing_them_in_again_adds_nothing(library, robust_corpus):
    [outcome] = import_paths(library, [robust_corpus / "pdfjs__tracemonkey_with_annotations.pdf"])
    before = notes.list_annotations(library, outcome.document.id)
    notes.trash(library, [before[0].uuid])
    assert list(import_pdf_annotations(library, outcome.document.id)) == []
    assert len(notes.list_annotations(library, outcome.document.id)) == len(before) - 1
