"""Every export format writes the same passages from a team library as from a local one."""

from __future__ import annotations

import csv
import zipfile

import pytest

from app.export import export_annotations
from app.services.search import AnnotationFilters
from tests.app.test_search import fill_passages

FOUND = ("Restraint beds were used", "beatings during arrest", "restraint rules unchanged")
NOT_FOUND = "withdrawal from the torture convention"


def _exported(library, team_library, tmp_path, format):
    written = {}
    for name, source in (("local", library), ("team", team_library)):
        (tmp_path / f"{name}-pdfs").mkdir()
        fill_passages(source, tmp_path / f"{name}-pdfs")
        target = tmp_path / f"{name}.{format}"
        export_annotations(source, target, format, text="restraint OR beatings", force=True)
        written[name] = target
    return written


def _contents(path, format) -> str:
    if format in ("xlsx", "docx", "qdpx", "qdc"):  # zipped: every part's text
        with zipfile.ZipFile(path) as archive:
            return "".join(archive.read(part).decode("utf-8", "replace") for part in archive.namelist())
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("format", ["md", "html", "jsonld", "xlsx", "docx", "qdpx"])
def test_every_format_holds_the_same_passages_from_either_engine(library, team_library, tmp_path, format):
    written = _exported(library, team_library, tmp_path, format)
    local, team = (_contents(written[name], format) for name in ("local", "team"))
    for quote in FOUND:
        assert local.count(quote) == team.count(quote) >= 1, (format, quote)
    assert NOT_FOUND not in local and NOT_FOUND not in team


@pytest.mark.parametrize(("format", "entry", "date"), [("csl-json", '"type": "report"', "2019"),
                                                  ("bibtex", "@report{", "2019-11-05")])
def test_the_reference_formats_cite_the_same_documents_from_either_engine(library, team_library, tmp_path, format,
                                                                          entry, date):
    written = _exported(library, team_library, tmp_path, format)
    local, team = (_contents(written[name], format) for name in ("local", "team"))
    assert local.count(entry) == team.count(entry) == 1  # the report; the news article is cited otherwise
    assert local.count(date) == team.count(date) >= 1


def test_the_csv_rows_are_the_same_from_either_engine(library, team_library, tmp_path):
    written = _exported(library, team_library, tmp_path, "csv")
    rows = {name: list(csv.DictReader(open(path, encoding="utf-8"))) for name, path in written.items()}
    shown = ("Citation", "Quote", "Note", "Tags", "Document", "Page", "Paragraphs", "Published", "Colour")
    local, team = ([{key: row.get(key) for key in shown} for row in rows[name]] for name in ("local", "team"))
    assert local == team and [row["Quote"] for row in local] == list(FOUND)


def test_an_annotated_pdf_exports_from_a_team_library(team_library, tmp_path):
    _, _, _, russia, _ = fill_passages(team_library, tmp_path)
    target = tmp_path / "annotated.pdf"
    export_annotations(team_library, target, "pdf", filters=AnnotationFilters(documents=(russia,)), force=True)
    assert target.read_bytes().startswith(b"%PDF")
