"""A quote reads the same wherever it goes: exports, the clipboard, the panel; the PDF's lines stay stored."""

from __future__ import annotations

import csv
import json

import pytest

from app.export import export_annotations
from app.export.annotation_import import import_file
from app.library import Library
from app.services import annotations as notes
from app.services.citing import cite_annotation
from app.services.importing import import_paths
from app.store.models import Annotation
from tests.app.test_annotations import selection
from tests.pdfs import make_pdf

PRINTED = "the conditions of deten-\ntion were\npoor, and ill-treatment"
SHOWN = "the conditions of detention were poor, and ill-treatment"


@pytest.fixture
def quoted(library, tmp_path):
    """An annotation over a passage the PDF breaks across three lines, one word hyphenated."""
    document = import_paths(library, [make_pdf(tmp_path / "r.pdf", [
        "1. The delegation found that\nthe conditions of deten-\ntion were\npoor, and ill-treatment was alleged."
    ])])[0].document.id
    made = notes.create_annotation(library, notes.draft_from_selection(
        selection(library, document, "the conditions", until="ill-treatment")))
    assert made.quote == PRINTED  # the anchor keeps the PDF's lines
    return library, made


def test_the_clipboard_holds_the_joined_quote(quoted):
    library, made = quoted
    citation = cite_annotation(library, made.uuid)
    assert citation.plain.startswith(f"\u201c{SHOWN}\u201d")
    assert SHOWN in citation.html


def test_csv_holds_the_joined_quote(quoted, tmp_path):
    library, _ = quoted
    export_annotations(library, tmp_path / "out.csv", "csv")
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as file:
        assert [row["Quote"] for row in csv.DictReader(file)] == [SHOWN]


def test_xlsx_holds_the_joined_quote(quoted, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    library, _ = quoted
    export_annotations(library, tmp_path / "out.xlsx", "xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=header.index("Quote") + 1).value == SHOWN


def test_docx_holds_the_joined_quote(quoted, tmp_path):
    docx = pytest.importorskip("docx")
    library, _ = quoted
    export_annotations(library, tmp_path / "out.docx", "docx")
    assert f"\u201c{SHOWN}\u201d" in [paragraph.text for paragraph in docx.Document(str(tmp_path / "out.docx")).paragraphs]


@pytest.mark.parametrize("format", ["md", "html"])
def test_markdown_and_html_hold_the_joined_quote(quoted, tmp_path, format):
    library, _ = quoted
    export_annotations(library, tmp_path / f"out.{format}", format)
    written = (tmp_path / f"out.{format}").read_text(encoding="utf-8")
    assert SHOWN in written and "deten-" not in written


def test_jsonld_keeps_the_anchor_and_round_trips_exactly(quoted, tmp_path):
    """JSON-LD's quote selector is an anchor, not a quotation to read: it keeps the PDF's lines, so
    the export anchors exactly again in another library (joined, it anchored only by similarity)."""
    library, _ = quoted
    export_annotations(library, tmp_path / "out.jsonld", "jsonld")
    items = json.loads((tmp_path / "out.jsonld").read_text(encoding="utf-8"))["first"]["items"]
    assert [selector["exact"] for item in items for selector in item["target"]["selector"]
            if selector["type"] == "TextQuoteSelector"] == [PRINTED]
    with Library.open(tmp_path / "other") as other:
        import_paths(other, [tmp_path / "r.pdf"])
        result = import_file(other, tmp_path / "out.jsonld")
        assert [item.status for item in result.items] == ["anchored"]


def test_the_stored_quote_keeps_the_pdf_lines(quoted, tmp_path):
    library, made = quoted
    export_annotations(library, tmp_path / "out.csv", "csv")
    with library.reading() as session:
        assert session.query(Annotation).filter_by(uuid=made.uuid).one().quote == PRINTED
