"""``rights-annotator search`` with the same filters as the window."""

from __future__ import annotations

import json

from app.cli import EXIT_FAILED, EXIT_OK, main
from tests.app.test_search import library_with_passages  # noqa: F401 - a fixture


def search(capsys, library, *argv):
    code = main(["--data-dir", str(library.root), "search", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_search_with_tag_and_document_filters_as_json(library_with_passages, capsys):
    library, passages, ids, russia, news = library_with_passages
    code, out, _ = search(capsys, library, "restraint", "--tag", "ETS 005", "--json")
    data = json.loads(out)
    assert code == EXIT_OK and [r["quote"] for r in data["results"]] == ["Restraint beds were used"]
    start, end = data["results"][0]["highlights"][0]
    assert data["results"][0]["quote"][start:end] == "Restraint"
    code, out, _ = search(capsys, library, "--event", "Withdrawal from ETS 126", "--doc", str(news), "--json")
    assert [r["quote"] for r in json.loads(out)["results"]] == ["withdrawal from the torture convention"]


def test_search_prints_citations_for_people(library_with_passages, capsys):
    library, *_ = library_with_passages
    code, out, _ = search(capsys, library, "beds", "--kind", "cpt_report")
    assert code == EXIT_OK
    assert "p. 1" in out and "\u201cRestraint [beds] were used\u201d" in out
    assert "tags: ECHR Art. 3" in out and "note: ask for registers" in out and "1 passage" in out


def test_odd_queries_get_a_hint_not_an_error(library_with_passages, capsys):
    library, *_ = library_with_passages
    code, out, err = search(capsys, library, "NOT")
    assert code == EXIT_OK and "note: NOT needs a word after it" in err and "0 passages" in out


def test_an_unknown_tag_is_named(library_with_passages, capsys):
    library, *_ = library_with_passages
    code, _, err = search(capsys, library, "x", "--tag", "no such treaty at all")
    assert code == EXIT_FAILED and "No tag matches" in err
