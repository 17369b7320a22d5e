"""Links in exports: Links and Linked annotation IDs columns in CSV and XLSX, linking annotations in JSON-LD."""

from __future__ import annotations

import csv
import json

import pytest

from app.export import export_annotations
from app.export import rows as rows_module
from app.export.annotation_import import import_file
from app.export.fields import getters
from app.export.options import ExportOptions
from app.export.rows import collect_rows
from app.services import annotations as notes
from app.services.links import create_link, links_of
from app.services.search import AnnotationFilters
from app.text.addresses import annotation_address
from tests.app.test_annotation_import import fresh  # noqa: F401 - a fixture
from tests.app.test_search import either_passages, library_with_passages  # noqa: F401 - fixtures


def link(library, passages):
    """The news's withdrawal responds to the report's beds, with a note; the rules repeat the beds."""
    create_link(library, passages["withdrawal"].uuid, passages["beds"].uuid, "responds to", "in the same week")
    create_link(library, passages["rules"].uuid, passages["beds"].uuid, "repeats")
    [answer] = links_of(library, passages["withdrawal"].uuid)
    return answer.other.citation, {view.other.annotation_uuid: view.other.citation
                                   for view in links_of(library, passages["beds"].uuid)}


def csv_rows(path):
    with path.open(encoding="utf-8-sig", newline="") as file:
        return {row["Annotation ID"]: row for row in csv.DictReader(file)}


def test_csv_reads_each_link_from_both_ends_on_either_engine(either_passages, tmp_path):
    library, passages, *_ = either_passages
    beds_citation, answers = link(library, passages)
    export_annotations(library, tmp_path / "out.csv", "csv")
    rows = csv_rows(tmp_path / "out.csv")
    withdrawal, rules, beds = (passages[name].uuid for name in ("withdrawal", "rules", "beds"))
    assert rows[withdrawal]["Links"] == f"responds to {beds_citation}"
    assert rows[withdrawal]["Linked annotation IDs"] == beds
    assert rows[beds]["Links"] == (f"{answers[withdrawal]} responds to this; {answers[rules]} repeats this")
    assert rows[beds]["Linked annotation IDs"] == f"{withdrawal}; {rules}"
    assert rows[passages["beatings"].uuid]["Links"] == rows[passages["beatings"].uuid]["Linked annotation IDs"] == ""


def test_xlsx_has_the_same_columns(library_with_passages, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    library, passages, *_ = library_with_passages
    beds_citation, _ = link(library, passages)
    export_annotations(library, tmp_path / "out.xlsx", "xlsx",
                       options=ExportOptions(fields=("uuid", "quote", "links", "linked_ids")))
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    header, *rows = sheet.iter_rows(values_only=True)
    assert header == ("Annotation ID", "Quote", "Links", "Linked annotation IDs")
    by_id = {row[0]: row for row in rows}
    assert by_id[passages["withdrawal"].uuid][2:] == (f"responds to {beds_citation}", passages["beds"].uuid)
    assert by_id[passages["beatings"].uuid][2:] in (("", ""), (None, None))


def test_an_end_in_the_trash_is_named_so_and_an_export_of_one_end_keeps_the_link(library_with_passages, tmp_path):
    library, passages, ids, russia, news = library_with_passages
    beds_citation, _ = link(library, passages)
    notes.trash(library, [passages["beds"].uuid])
    export_annotations(library, tmp_path / "news.csv", "csv", filters=AnnotationFilters(documents=(news,)))
    rows = csv_rows(tmp_path / "news.csv")
    assert rows[passages["withdrawal"].uuid]["Links"] == f"responds to {beds_citation} (in the trash)"
    assert passages["beds"].uuid not in rows


def test_a_formula_in_a_kind_is_made_inert(library_with_passages, tmp_path):
    library, passages, *_ = library_with_passages
    create_link(library, passages["beds"].uuid, passages["rules"].uuid, "=HYPERLINK(1)")
    [view] = links_of(library, passages["rules"].uuid)
    export_annotations(library, tmp_path / "out.csv", "csv", options=ExportOptions(fields=("uuid", "links")))
    rows = csv_rows(tmp_path / "out.csv")
    assert rows[passages["rules"].uuid]["Links"] == f"{view.other.citation} =HYPERLINK(1) this"
    assert rows[passages["beds"].uuid]["Links"].startswith("'=HYPERLINK(1) ")


def test_json_ld_writes_each_link_once_as_a_linking_annotation(library_with_passages, tmp_path):
    library, passages, *_ = library_with_passages
    link(library, passages)
    export_annotations(library, tmp_path / "out.jsonld", "jsonld")
    data = json.loads((tmp_path / "out.jsonld").read_text(encoding="utf-8"))
    items = data["first"]["items"]
    linking = [item for item in items if item["motivation"] == "linking"]
    assert len(linking) == 2 and data["total"] == len(passages) + 2
    [answer] = [item for item in linking if item["label"] == "responds to"]
    withdrawal, beds = passages["withdrawal"].uuid, passages["beds"].uuid
    assert answer["target"] == {"id": f"urn:uuid:{withdrawal}", "via": annotation_address(withdrawal)}
    target, kind, note = answer["body"]
    assert target == {"id": f"urn:uuid:{beds}", "type": "SpecificResource", "via": annotation_address(beds)}
    assert (kind["purpose"], kind["value"]) == ("describing", "responds to")
    assert (note["type"], note["purpose"], note["value"]) == ("TextualBody", "commenting", "in the same week")
    passage_ids = {item["id"] for item in items if item["motivation"] != "linking"}
    assert {item["target"]["id"] for item in linking} | {item["body"][0]["id"] for item in linking} <= passage_ids
    repeat = next(item for item in linking if item["label"] == "repeats")
    assert len(repeat["body"]) == 2  # no note, no commenting body


def test_json_ld_with_links_imports_its_passages(library_with_passages, fresh, tmp_path):
    library, passages, *_ = library_with_passages
    link(library, passages)
    export_annotations(library, tmp_path / "out.jsonld", "jsonld")
    result = import_file(fresh, tmp_path / "out.jsonld")
    assert not result.failed and len(result.of("anchored")) == len(passages)


@pytest.mark.parametrize("at_once", [True, False])
def test_the_table_from_sql_and_the_rows_made_in_python_agree_on_links(library_with_passages, tmp_path, monkeypatch,
                                                                      at_once):
    if not at_once:  # a library with a great many links: read with each batch of rows
        monkeypatch.setattr(rows_module, "LINKS_AT_ONCE", 0)
    library, passages, *_ = library_with_passages
    link(library, passages)
    fields = ("uuid", "links", "linked_ids")
    export_annotations(library, tmp_path / "out.csv", "csv", options=ExportOptions(fields=fields))
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as file:
        from_sql = list(csv.reader(file))[1:]
    made = [[get(row) for get in getters(fields)] for row in collect_rows(library)]
    assert from_sql == made and any(cells[1] for cells in made)
