"""Every export carries the passage's address, read back by each format's own library."""

from __future__ import annotations

import csv
import json
import zipfile

import pytest

from app.export import export_annotations
from app.export.options import ExportOptions
from app.text.addresses import annotation_address, parse
from tests.app.test_search import library_with_passages  # noqa: F401 - a fixture


def test_csv_and_xlsx_have_a_link_column(library_with_passages, tmp_path):
    library, passages, *_ = library_with_passages
    uuids = {passage.uuid for passage in passages.values()}
    export_annotations(library, tmp_path / "out.csv", "csv")
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert {row["Link"] for row in rows} == {annotation_address(uuid) for uuid in uuids}
    assert all(row["Link"] == annotation_address(row["Annotation ID"]) for row in rows)
    openpyxl = pytest.importorskip("openpyxl")
    export_annotations(library, tmp_path / "out.xlsx", "xlsx", options=ExportOptions(fields=("quote", "link")))
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    links = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert {parse(link).uuid for link in links} == uuids


def test_documents_link_each_citation_to_its_passage(library_with_passages, tmp_path):
    library, passages, *_ = library_with_passages
    beds = passages["beds"]
    export_annotations(library, tmp_path / "out.md", "md")
    assert f"]({annotation_address(beds.uuid)})" in (tmp_path / "out.md").read_text(encoding="utf-8")
    export_annotations(library, tmp_path / "out.html", "html")
    assert f'<a href="{annotation_address(beds.uuid)}">' in (tmp_path / "out.html").read_text(encoding="utf-8")
    docx = pytest.importorskip("docx")
    export_annotations(library, tmp_path / "out.docx", "docx")
    document = docx.Document(str(tmp_path / "out.docx"))
    targets = {rel.target_ref for rel in document.part.rels.values() if rel.is_external}
    assert targets == {annotation_address(passage.uuid) for passage in passages.values()}
    with zipfile.ZipFile(tmp_path / "out.docx") as archive:
        assert archive.read("word/document.xml").count(b"<w:hyperlink") == len(passages)
    linked = [p for p in document.paragraphs if p._p.xpath("./w:hyperlink")]
    assert all(p.text for p in linked)  # the citation's words are the link's


def test_json_ld_and_csl_json_carry_the_address(library_with_passages, tmp_path):
    library, passages, *_ = library_with_passages
    export_annotations(library, tmp_path / "out.jsonld", "jsonld")
    items = json.loads((tmp_path / "out.jsonld").read_text(encoding="utf-8"))["first"]["items"]
    assert {item["via"] for item in items} == {annotation_address(p.uuid) for p in passages.values()}
    export_annotations(library, tmp_path / "refs.json", "csl-json")
    for item in json.loads((tmp_path / "refs.json").read_text(encoding="utf-8")):
        address = parse(item["note"].splitlines()[1])
        assert address.page_index == 0 and item["note"].startswith(f"SHA-256: {address.sha256}")
