"""``rights-annotator export``: filters as in search, and every way a target can be refused."""

from __future__ import annotations

import csv
import json
import os

import pytest

from app.cli import EXIT_FAILED, EXIT_OK, main
from app.export import export_annotations
from tests.app.test_search import library_with_passages  # noqa: F401 - a fixture


def export(capsys, library, *argv):
    code = main(["--data-dir", str(library.root), "export", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def quotes_in(path):
    with path.open(encoding="utf-8-sig", newline="") as file:
        return [row["Quote"] for row in csv.DictReader(file)]


def test_export_with_search_filters(library_with_passages, capsys, tmp_path):
    library, passages, ids, russia, news = library_with_passages
    target = tmp_path / "echr.csv"
    code, out, _ = export(capsys, library, "--format", "csv", "--tag", "ETS 005", "-o", str(target))
    assert code == EXIT_OK and "2 passages exported to" in out
    assert quotes_in(target) == ["Restraint beds were used", "beatings during arrest"]
    target = tmp_path / "news.csv"
    code, out, _ = export(capsys, library, "-f", "csv", "restraint", "--doc", str(news), "-o", str(target), "--json")
    assert json.loads(out)["annotations"] == 1 and quotes_in(target) == ["restraint rules unchanged"]
    code, out, _ = export(capsys, library, "-f", "bibtex", "-o", str(tmp_path / "refs.bib"))
    assert code == EXIT_OK and "2 documents (of 4 passages) exported to" in out


def test_template_fields_and_grouping_options(library_with_passages, capsys, tmp_path):
    library, *_ = library_with_passages
    target = tmp_path / "out.csv"
    code, _, _ = export(capsys, library, "-f", "csv", "-o", str(target), "--fields", "citation,page",
                        "--template", "{title}, page {page}")
    with target.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert code == EXIT_OK and rows[:2] == [["Citation", "Page"], ["ru, page 1", "1"]]
    code, _, err = export(capsys, library, "-f", "csv", "-o", str(tmp_path / "x.csv"), "--fields", "quote,nope")
    assert code == EXIT_FAILED and "Unknown field nope" in err and not (tmp_path / "x.csv").exists()
    code, _, err = export(capsys, library, "-f", "md", "-o", str(tmp_path / "x.md"), "--template", "{nope}")
    assert code == EXIT_FAILED and "unknown field {nope}" in err
    code, _, _ = export(capsys, library, "-f", "md", "-o", str(tmp_path / "g.md"), "--group-by", "event")
    assert code == EXIT_OK and "## Withdrawal from ETS 126" in (tmp_path / "g.md").read_text(encoding="utf-8")


def test_an_existing_file_is_refused_without_force(library_with_passages, capsys, tmp_path):
    library, *_ = library_with_passages
    target = tmp_path / "brief.csv"
    target.write_text("my own work\n")
    code, out, err = export(capsys, library, "-f", "csv", "-o", str(target))
    assert code == EXIT_FAILED and "already exists" in err and "--force" in err
    assert target.read_text() == "my own work\n"
    code, _, _ = export(capsys, library, "-f", "csv", "-o", str(target), "--force")
    assert code == EXIT_OK and len(quotes_in(target)) == 4
    assert os.stat(target).st_mode & 0o777 == 0o644


def test_a_folder_that_cannot_be_written_gets_a_message(library_with_passages, capsys, tmp_path):
    library, *_ = library_with_passages
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _, err = export(capsys, library, "-f", "csv", "-o", str(blocker / "out.csv"))
    assert code == EXIT_FAILED and "does not exist" in err
    code, _, err = export(capsys, library, "-f", "csv", "-o", str(tmp_path))
    assert code == EXIT_FAILED and "is a folder" in err


def test_a_refused_rename_leaves_the_old_file_and_no_leftovers(library_with_passages, capsys, tmp_path, monkeypatch):
    library, *_ = library_with_passages
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "out.html"
    target.write_text("before")

    def refuse(source, destination):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    code, _, err = export(capsys, library, "-f", "html", "-o", str(target), "--force")
    assert code == EXIT_FAILED and "Permission denied" in err and "Nothing was changed" in err
    assert target.read_text() == "before" and [p.name for p in folder.iterdir()] == ["out.html"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into any folder")
def test_a_read_only_folder_gets_a_message(library_with_passages, capsys, tmp_path):
    library, *_ = library_with_passages
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        code, _, err = export(capsys, library, "-f", "csv", "-o", str(folder / "out.csv"))
    finally:
        folder.chmod(0o700)
    assert code == EXIT_FAILED and "Cannot write in" in err and not list(folder.iterdir())


def test_a_pdf_copy_is_of_one_document(library_with_passages, capsys, tmp_path):
    library, passages, ids, russia, news = library_with_passages
    code, _, err = export(capsys, library, "-f", "pdf", "-o", str(tmp_path / "all.pdf"))
    assert code == EXIT_FAILED and "come from 2 documents" in err and not (tmp_path / "all.pdf").exists()
    code, out, err = export(capsys, library, "-f", "pdf", "--doc", str(news), "-o", str(tmp_path / "copy.pdf"))
    assert code == EXIT_OK, err and "2 passages" in out


def test_progress_is_reported_and_cancel_leaves_nothing(library_with_passages, tmp_path):
    library, *_ = library_with_passages
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    seen = []
    outcome = export_annotations(library, tmp_path / "done.docx", "docx", progress=lambda d, t: seen.append((d, t)))
    assert outcome.annotations == 4 and seen[-1] == (8, 8) and seen == sorted(seen)

    asked = []

    def cancel_once_writing_began():
        asked.append(1)
        return len(asked) > 1  # reading the rows goes on; the writing is stopped

    target = tmp_path / "cancelled.docx"
    outcome = export_annotations(library, target, "docx", cancelled=cancel_once_writing_began)
    assert outcome.cancelled and not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["done.docx"]
