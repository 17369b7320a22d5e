"""The follow-up matrix, read back from each format as a spreadsheet or a word processor would."""

from __future__ import annotations

import csv

import docx
import openpyxl
import pytest
from sqlalchemy import select

from app.cli import main
from app.export.matrix import MATRIX_HEADERS, export_matrix
from app.export.writing import ExportError
from app.services import annotations as notes
from app.services import follow_up, links
from app.services.importing import import_paths
from app.services.recommendations import list_recommendations
from app.store.models import Annotation, Recommendation
from tests.app.recommendation_pdfs import CPT_ITEMS, cpt_report, visits
from tests.app.test_annotations import selection
from tests.pdfs import make_pdf


def _annotate(library, document_id, phrase):
    return notes.create_annotation(library, notes.draft_from_selection(selection(library, document_id, phrase)))


@pytest.fixture
def followed(either_library, tmp_path):
    """The sample CPT report with its first recommendation answered, followed up and evidenced."""
    library = either_library
    [outcome] = import_paths(library, [cpt_report(tmp_path / "cpt.pdf")])
    document_id = outcome.document.id
    first = list_recommendations(library, document_id=document_id)[0]
    recommended = _annotate(library, document_id, "zero tolerance of")
    with library.writing() as session:
        session.get(Recommendation, first.id).annotation_id = notes_id(session, recommended.uuid)
    answer = _annotate(library, document_id, "through a formal statement")
    links.create_link(library, answer.uuid, recommended.uuid, "responds to")
    evidence = _annotate(library, document_id, "custody register")
    follow_up.set_status(library, first.id, "partly implemented")
    follow_up.set_note(library, first.id, "=HYPERLINK(\"http://example.org\") sent in May")
    follow_up.add_evidence(library, first.id, evidence.uuid)
    return library, document_id, answer, evidence


def notes_id(session, uuid):
    return session.scalar(select(Annotation.id).where(Annotation.uuid == uuid))


def _check_rows(rows, answer, evidence):
    assert tuple(rows[0]) == MATRIX_HEADERS
    body = rows[1:]
    assert len(body) == len(CPT_ITEMS)
    assert [(row[2], row[0]) for row in body] == [(paragraph, "CPT/Inf (2025) 12") for paragraph, _k, _t in CPT_ITEMS]
    first = dict(zip(MATRIX_HEADERS, body[0], strict=True))
    assert first["Text"].startswith("The CPT recommends that the authorities deliver")
    assert first["Status"] == "partly implemented"
    assert first["Response passage"].startswith(f"\u201c{answer.quote}\u201d (") and "para. 9" in first["Response passage"]
    assert "para. 11" in first["Evidence"]
    assert all(row[8] == "no information" and not row[7] and not row[10] for row in body[1:])
    return first


def test_the_xlsx_matrix_reads_as_a_spreadsheet_with_formulas_inert(followed, tmp_path):
    library, document_id, answer, evidence = followed
    target = tmp_path / "matrix.xlsx"
    assert export_matrix(library, target, document_id=document_id) == len(CPT_ITEMS)
    sheet = openpyxl.load_workbook(target).active
    assert sheet.title == "Follow-up" and sheet.freeze_panes == "A2"
    rows = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    first = _check_rows(rows, answer, evidence)
    assert first["Note"] == "=HYPERLINK(\"http://example.org\") sent in May"
    note = sheet.cell(row=2, column=MATRIX_HEADERS.index("Note") + 1)
    assert note.data_type == "s" and note.quotePrefix  # text, not a formula, also once edited


def test_the_csv_matrix_has_its_formula_cells_made_inert(followed, tmp_path):
    library, document_id, answer, evidence = followed
    target = tmp_path / "matrix.csv"
    export_matrix(library, target, country=None)
    with target.open(encoding="utf-8-sig", newline="") as file:
        first = _check_rows(list(csv.reader(file)), answer, evidence)
    assert first["Note"] == "'=HYPERLINK(\"http://example.org\") sent in May"


def test_the_docx_matrix_is_one_table(followed, tmp_path):
    library, document_id, answer, evidence = followed
    target = tmp_path / "matrix.docx"
    export_matrix(library, target, document_id=document_id)
    [table] = docx.Document(str(target)).tables
    _check_rows([[cell.text for cell in row.cells] for row in table.rows], answer, evidence)


def test_bad_targets_and_an_empty_scope_write_nothing(library, tmp_path):
    with pytest.raises(ExportError, match=r"written as \.xlsx, \.csv or \.docx; nothing was written"):
        export_matrix(library, tmp_path / "matrix.ods")
    with pytest.raises(ExportError, match="no recommendations here"):
        export_matrix(library, tmp_path / "matrix.xlsx")
    [outcome] = import_paths(library, [cpt_report(tmp_path / "cpt.pdf")])
    (tmp_path / "kept.csv").write_text("mine")
    with pytest.raises(ExportError, match="already exists"):
        export_matrix(library, tmp_path / "kept.csv", document_id=outcome.document.id)
    assert (tmp_path / "kept.csv").read_text() == "mine"
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(("matrix", ".matrix"))) == []
    plain = import_paths(library, [make_pdf(tmp_path / "plain.pdf", ["Nothing is recommended here."])])[0]
    with pytest.raises(ExportError, match="no recommendations here"):
        export_matrix(library, tmp_path / "matrix.csv", document_id=plain.document.id)


def test_the_command_writes_the_matrix_and_refuses_a_bad_target(tmp_path, capsys):
    home = str(tmp_path / "home")
    assert main(["--data-dir", home, "import", str(cpt_report(tmp_path / "cpt.pdf"))]) == 0
    capsys.readouterr()
    target = tmp_path / "matrix.csv"
    assert main(["--data-dir", home, "recommendations", "1", "--matrix", str(target)]) == 0
    assert capsys.readouterr().out.strip() == f"{len(CPT_ITEMS)} recommendations written to {target}"
    with target.open(encoding="utf-8-sig", newline="") as file:
        assert len(list(csv.reader(file))) == len(CPT_ITEMS) + 1
    assert main(["--data-dir", home, "recommendations", "--matrix", str(target)]) != 0
    assert "already exists" in capsys.readouterr().err


def test_the_matrix_says_in_which_years_a_recommendation_was_made(library, tmp_path):
    visits(library, tmp_path)
    target = tmp_path / "matrix.csv"
    assert export_matrix(library, target, country="Examplia") == 7
    with target.open(encoding="utf-8-sig", newline="") as file:
        rows = [dict(zip(MATRIX_HEADERS, row, strict=True)) for row in list(csv.reader(file))[1:]]
    space = next(row for row in rows if row["Text"].startswith("The CPT recommends once again"))
    assert space["Made in"] == "2016, 2020 and 2024"
    assert space["Also made in"].splitlines()[0].startswith("2016, CPT/Inf (2016) 4 para. 4 (")
    assert [row["Made in"] for row in rows if "Northport be closed" in row["Text"]] == [""]
