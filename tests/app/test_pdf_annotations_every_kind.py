"""Every annotation in a PDF comes in, those written inline in /Annots too, or is listed with the reason it did not."""

from __future__ import annotations

import re

import pymupdf
import pytest

from app.pdf.annotations import every_annotation
from app.services import annotations as notes
from app.services.importing import import_paths
from app.services.pdf_annotations import import_pdf_annotations
from tests.pdfs import make_pdf

TEXT = "1. The delegation heard allegations of beatings in custody and saw the cells."


def _annotated(path, add) -> pymupdf.Document:
    pdf = make_pdf(path.with_name("plain-" + path.name), [TEXT])
    document = pymupdf.open(pdf)
    add(document[0])
    return document


def _three_marks(page: pymupdf.Page) -> None:
    highlight = page.add_highlight_annot(page.search_for("allegations of beatings"))
    highlight.set_info(content="key finding", title="A. Reviewer")
    highlight.update()
    page.add_text_annot((400, 300), "ask for the registers").update()
    page.add_ink_annot([[(100, 400), (150, 450), (200, 400)]]).update()


def _inlined(document: pymupdf.Document, path) -> None:
    """Rewrite the first page's /Annots with each annotation's dictionary written in the array
    itself (a direct object), as some producers write them; popups, which point back at their
    parent's object, are left out."""
    page = document[0]
    kind, array = document.xref_get_key(page.xref, "Annots")
    assert kind == "array"
    objects = []
    for xref in map(int, re.findall(r"(\d+) 0 R", array)):
        source = document.xref_object(xref, compressed=True)
        if "/Subtype/Popup" not in source:
            objects.append(re.sub(r"/Popup \d+ 0 R", "", source))
    document.xref_set_key(page.xref, "Annots", "[" + " ".join(objects) + "]")
    document.save(path, garbage=1)


def test_annotations_written_inline_in_annots_come_in(library, tmp_path):
    document = _annotated(tmp_path / "inline.pdf", _three_marks)
    _inlined(document, tmp_path / "inline.pdf")
    document.close()
    with pymupdf.open(tmp_path / "inline.pdf") as check:  # what the old reading saw: nothing
        assert list(check[0].annots()) == [] and len(list(every_annotation(check[0]))) == 3

    [outcome] = import_paths(library, [tmp_path / "inline.pdf"])
    made = notes.list_annotations(library, outcome.document.id)
    assert sorted(a.kind for a in made) == ["area", "highlight", "note"]
    highlight = next(a for a in made if a.kind == "highlight")
    assert (highlight.quote, highlight.note, highlight.author) == ("allegations of beatings", "key finding", "A. Reviewer")
    assert next(a for a in made if a.kind == "note").note == "ask for the registers"
    assert list(import_pdf_annotations(library, outcome.document.id)) == []  # known again by their place


def _every_kind(page: pymupdf.Page) -> None:
    words = page.search_for("allegations")
    page.add_highlight_annot(words)
    page.add_underline_annot(page.search_for("beatings"))
    page.add_strikeout_annot(page.search_for("custody"))
    page.add_squiggly_annot(page.search_for("cells"))
    page.add_text_annot((400, 300), "a sticky note")
    page.add_freetext_annot(pymupdf.Rect(100, 300, 300, 340), "free text comment")
    page.add_ink_annot([[(100, 400), (150, 450)]])
    page.add_stamp_annot(pymupdf.Rect(300, 400, 400, 450), stamp=0)
    page.add_rect_annot(pymupdf.Rect(100, 500, 200, 550))
    page.add_circle_annot(pymupdf.Rect(250, 500, 350, 550))
    page.add_line_annot((100, 600), (300, 600))
    page.add_polygon_annot([(100, 650), (150, 700), (200, 650)])
    page.add_caret_annot((350, 650))
    page.add_file_annot((450, 650), b"attached bytes", "notes.txt")
    page.add_redact_annot(page.search_for("delegation")[0])


def test_every_kind_comes_in_or_is_listed_with_its_reason(library, tmp_path):
    document = _annotated(tmp_path / "kinds.pdf", _every_kind)
    document.save(tmp_path / "kinds.pdf")
    document.close()

    [outcome] = import_paths(library, [tmp_path / "kinds.pdf"])
    made = notes.list_annotations(library, outcome.document.id)
    kinds = sorted(a.kind for a in made)
    assert kinds == ["area"] * 6 + ["highlight"] + ["note"] * 3 + ["underline"] * 3
    assert {a.quote for a in made if a.kind in ("highlight", "underline")} == {"allegations", "beatings", "custody", "cells."}
    [warning] = [w for w in outcome.warnings if "not brought in" in w]
    assert "2 annotations" in warning and "FileAttachment" in warning and "Redact" in warning

    again = import_pdf_annotations(library, outcome.document.id)
    assert len(again) == 0 and [s.kind for s in again.skipped] == ["FileAttachment", "Redact"]
    assert again.summary().startswith("0 annotations brought in from the PDF; 2 not: p. 1, FileAttachment: a file attachment")


@pytest.mark.parametrize(("name", "kinds"), [
    ("pdfjs__annotation-caret-ink.pdf", ["area", "note"]),
    ("pdfjs__annotation-freetext.pdf", ["note", "note"]),
    ("pdfjs__annotation-highlight.pdf", ["highlight"]),
])
def test_the_corpus_annotations_come_in(library, robust_corpus, name, kinds):
    [outcome] = import_paths(library, [robust_corpus / name])
    assert sorted(a.kind for a in notes.list_annotations(library, outcome.document.id)) == kinds
    assert not [w for w in outcome.warnings if "not brought in" in w]
