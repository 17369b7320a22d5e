"""The command line, as a script or a person would use it."""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import subprocess
import sys

import pytest

from app.cli import EXIT_FAILED, EXIT_LIBRARY, EXIT_OK, main
from tests.pdfs import make_pdf


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("RIGHTS_ANNOTATOR_HOME", str(tmp_path / "library"))
    return tmp_path / "library"


@pytest.fixture
def two_reports(tmp_path):
    folder = tmp_path / "reports"
    (folder / "2024").mkdir(parents=True)
    make_pdf(folder / "visit.pdf", ["Cover", "45. Detainees alleged ill-treatment during arrest."], title="Visit report")
    make_pdf(folder / "2024" / "response.pdf", ["The Government replies to paragraph 45."], title="Response")
    return folder


def run_json(capsys, *argv: str):
    code = main([*argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_import_list_info_and_search_text(home, two_reports, capsys):
    code, outcomes = run_json(capsys, "import", str(two_reports))
    assert code == EXIT_OK
    assert sorted(o["status"] for o in outcomes) == ["imported", "imported"]

    code, documents = run_json(capsys, "list")
    assert sorted(d["title"] for d in documents) == ["Response", "Visit report"]
    assert (home / "library.sqlite3").exists()

    visit = next(d for d in documents if d["title"] == "Visit report")
    code, info = run_json(capsys, "info", str(visit["id"]))
    assert info["sha256"] == visit["sha256"] and info["page_count"] == 2

    code, hits = run_json(capsys, "search-text", "ill-treatment")
    assert [(h["document_id"], h["page_index"], h["page_label"]) for h in hits] == [(visit["id"], 1, "2")]
    start, end = hits[0]["highlights"][0]
    assert hits[0]["snippet"][start:end] == "ill-treatment"


def test_import_summary_lists_failures_and_exits_non_zero(home, two_reports, tmp_path, capsys):
    bogus = tmp_path / "bogus.pdf"
    bogus.write_text("hello")
    main(["import", str(two_reports)])
    capsys.readouterr()

    code = main(["import", str(two_reports), str(bogus), str(tmp_path / "missing.pdf")])

    out, err = capsys.readouterr()
    assert code == EXIT_FAILED
    assert "0 imported, 2 already in the library, 2 failed" in out
    assert f"failed: {bogus}: not a PDF file" in err
    assert f"failed: {tmp_path / 'missing.pdf'}: no such file or folder" in err
    assert "Traceback" not in out + err


def test_data_dir_option_wins_over_the_environment(home, two_reports, tmp_path, capsys):
    other = tmp_path / "elsewhere"
    assert main(["--data-dir", str(other), "import", str(two_reports / "visit.pdf")]) == EXIT_OK
    capsys.readouterr()
    assert (other / "library.sqlite3").exists() and not home.exists()


def test_info_names_what_it_cannot_find(home, two_reports, capsys):
    main(["import", str(two_reports)])
    capsys.readouterr()
    assert main(["info", "no such title"]) == EXIT_FAILED
    assert "No document matches" in capsys.readouterr().err
    assert main(["info", "re"]) == EXIT_FAILED  # "Visit report" and "Response"
    assert "matches 2 documents" in capsys.readouterr().err
    assert main(["info", "Visit"]) == EXIT_OK
    assert "Visit report" in capsys.readouterr().out


@pytest.mark.parametrize("query", ['"unbalanced', "NOT", "*", "AND OR", "'; DROP TABLE documents; --", "x" * 5000, ")("])
def test_odd_queries_never_fail(home, two_reports, capsys, query):
    main(["import", str(two_reports)])
    capsys.readouterr()
    assert main(["search-text", query]) == EXIT_OK
    out, err = capsys.readouterr()
    assert err == "" and "Traceback" not in out


def test_text_output_is_readable(home, two_reports, capsys):
    main(["import", str(two_reports)])
    capsys.readouterr()
    main(["list"])
    out = capsys.readouterr().out
    assert "Visit report" in out and "2 documents" in out
    main(["search-text", "detainees"])
    out = capsys.readouterr().out
    assert "Visit report, p. 2" in out and "[Detainees]" in out


def test_unusable_library_folder_exits_with_a_message(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["--data-dir", str(blocker / "lib"), "list"]) == EXIT_LIBRARY
    assert "Cannot create the library folder" in capsys.readouterr().err


def test_the_installed_command_runs(tmp_path, two_reports):
    result = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path / "lib"), "import", str(two_reports)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "2 imported, 0 already in the library, 0 failed" in result.stdout


def test_info_shows_what_was_detected(home, tmp_path, capsys):
    from tests.app.test_detection import CPT_COVER

    pages = [CPT_COVER, "\n".join(f"{n}. Paragraph {n} on detention." for n in range(1, 7))]
    main(["import", str(make_pdf(tmp_path / "cpt.pdf", pages))])
    capsys.readouterr()
    code, info = run_json(capsys, "info", "CPT/Inf (2024) 23")
    assert code == EXIT_OK
    assert (info["kind"], info["country"], info["visit_start"], info["paragraph_count"]) == (
        "cpt_report", "Utopia", "2023-05-02", 6
    )
    main(["info", "CPT/Inf (2024) 23"])
    out = capsys.readouterr().out
    assert "Paragraphs:    6 numbered" in out and "Visit:         2023-05-02 to 2023-05-12" in out


def test_the_launcher_passes_commands_on_and_explains_a_missing_window(tmp_path, capsys, monkeypatch):
    import sys as system

    from rights_annotator import main as launch

    assert launch(["--data-dir", str(tmp_path / "lib"), "list"]) == EXIT_OK
    assert "The library is empty" in capsys.readouterr().out
    monkeypatch.setitem(system.modules, "ui.main", None)  # as if PySide6 could not be loaded
    assert launch(["--data-dir", str(tmp_path / "lib")]) == EXIT_LIBRARY
    assert "the window needs PySide6" in capsys.readouterr().err
    assert gc.isenabled()  # held off only for a window's start


@contextlib.contextmanager
def strict_utf8_output():
    """Standard output and error as a UTF-8 terminal has them: text that is not UTF-8 cannot be written."""
    out, err = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict") for _ in range(2))
    written: dict[str, str] = {}
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield written
    for name, stream in (("out", out), ("err", err)):
        stream.flush()
        written[name] = stream.buffer.getvalue().decode("utf-8")


@pytest.mark.parametrize("as_json", [False, True])
def test_import_prints_a_file_name_that_is_not_utf8(home, tmp_path, as_json):
    folder = tmp_path / "reports"
    folder.mkdir()
    make_pdf(folder / "good.pdf", ["45. Detainees alleged ill-treatment."])
    make_pdf(folder / "made.pdf", ["45. Another report."])
    os.rename(folder / "made.pdf", os.path.join(os.fsencode(folder), b"caf\xe9.pdf"))
    (folder / "broken.pdf").write_bytes(b"not a PDF")
    os.rename(folder / "broken.pdf", os.path.join(os.fsencode(folder), b"bad\xff.pdf"))

    with strict_utf8_output() as written:
        code = main(["import", str(folder), *(["--json"] if as_json else [])])

    out, err = written["out"], written["err"]
    assert code == EXIT_FAILED  # the one that is not a PDF
    if as_json:
        statuses = {o["path"].rsplit("/", 1)[-1]: o["status"] for o in json.loads(out)}
        assert statuses == {"bad\\xff.pdf": "failed", "caf\\xe9.pdf": "imported", "good.pdf": "imported"}
    else:
        assert "caf\\xe9.pdf: imported" in out and "2 imported, 0 already in the library, 1 failed" in out
        assert "bad\\xff.pdf: not a PDF" in err
