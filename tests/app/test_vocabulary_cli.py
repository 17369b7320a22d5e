"""The vocabulary from a terminal: list, export and import a codebook."""

from __future__ import annotations

import json

from app.cli import main


def run(library, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(library.root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_the_builtin_treaties_with_their_articles(library, capsys):
    code, out, _ = run(library, capsys, "vocabulary", "list", "--kind", "treaty")
    assert code == 0
    assert "ECPT (ETS No. 126)  [treaty, ecpt]  0 passages" in out
    assert "  ECPT Protocol No. 1 (ETS No. 151)" in out


def test_export_then_import_into_another_library_by_json(library, capsys, tmp_path):
    path = tmp_path / "team.json"
    code, out, _ = run(library, capsys, "vocabulary", "export", str(path), "--json")
    assert code == 0 and json.loads(out)["tags"] > 100
    other = tmp_path / "other"
    code = main(["--data-dir", str(other), "vocabulary", "--json", "import", str(path)])
    assert code == 0
    assert json.loads(capsys.readouterr().out) == {"created": 0, "updated": 0, "unchanged": json.loads(out)["tags"]}


def test_a_broken_codebook_fails_with_its_problem_named(library, capsys, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "rights-annotator-codebook", "version": 1, "tags": [', encoding="utf-8")
    code, _, err = run(library, capsys, "vocabulary", "import", str(path))
    assert code == 1
    assert "broken.json: not valid JSON" in err
