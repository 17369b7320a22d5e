"""``--linked-to`` and ``--without-link`` in ``search`` and ``export``."""

from __future__ import annotations

import csv
import json

from app.cli import EXIT_FAILED, EXIT_OK, main
from app.services.documents import document_details
from app.services.links import create_link
from tests.app.test_search import library_with_passages  # noqa: F401 - a fixture


def run(capsys, library, *argv):
    code = main(["--data-dir", str(library.root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def quotes(out):
    return sorted(result["quote"] for result in json.loads(out)["results"])


def test_linked_to_by_number_or_title_and_repeated(library_with_passages, capsys):
    library, passages, ids, russia, news = library_with_passages
    create_link(library, passages["withdrawal"].uuid, passages["beds"].uuid, "responds to")
    code, out, _ = run(capsys, library, "search", "--linked-to", str(russia), "--json")
    assert code == EXIT_OK and quotes(out) == ["withdrawal from the torture convention"]
    title = document_details(library, news).info.title
    code, out, _ = run(capsys, library, "search", "--linked-to", title[1:-1], "--json")
    assert code == EXIT_OK and quotes(out) == ["Restraint beds were used"]
    code, out, _ = run(capsys, library, "search", "--linked-to", str(russia), "--linked-to", str(news), "--json")
    assert quotes(out) == ["Restraint beds were used", "withdrawal from the torture convention"]
    code, out, _ = run(capsys, library, "search", "beatings", "--linked-to", str(news), "--json")
    assert quotes(out) == []


def test_without_link_of_a_kind_or_none_at_all(library_with_passages, capsys):
    library, passages, *_ = library_with_passages
    create_link(library, passages["withdrawal"].uuid, passages["beds"].uuid, "responds to")
    code, out, _ = run(capsys, library, "search", "--without-link", "responds to", "--json")
    assert code == EXIT_OK and quotes(out) == ["beatings during arrest", "restraint rules unchanged"]
    code, out, _ = run(capsys, library, "search", "restraint", "--without-link", "", "--json")
    assert quotes(out) == ["restraint rules unchanged"]
    code, out, _ = run(capsys, library, "search", "--without-link", "contradicts")
    assert code == EXIT_OK and "4 passages" in out


def test_export_takes_the_same_filters(library_with_passages, capsys, tmp_path):
    library, passages, ids, russia, news = library_with_passages
    create_link(library, passages["rules"].uuid, passages["beatings"].uuid, "repeats")
    target = tmp_path / "linked.csv"
    code, out, _ = run(capsys, library, "export", "-f", "csv", "--linked-to", str(news), "-o", str(target))
    assert code == EXIT_OK and "1 passage" in out
    with target.open(encoding="utf-8-sig", newline="") as file:
        assert [row["Quote"] for row in csv.DictReader(file)] == ["beatings during arrest"]


def test_a_bad_document_reference_is_named(library_with_passages, capsys, tmp_path):
    library, *_ = library_with_passages
    code, out, err = run(capsys, library, "search", "--linked-to", "no such report anywhere")
    assert code == EXIT_FAILED and out == ""
    assert "No document matches \u201cno such report anywhere\u201d" in err
    code, _, err = run(capsys, library, "export", "-f", "csv", "--linked-to", "999", "-o", str(tmp_path / "x.csv"))
    assert code == EXIT_FAILED and "No document matches \u201c999\u201d" in err
    assert not (tmp_path / "x.csv").exists()
