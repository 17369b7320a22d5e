"""Two programs editing one library at the same time: both succeed, "database is locked" never
reaches either, and each sees the other's edits when it reads again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from app.library import Library
from app.services.importing import import_paths
from tests.pdfs import make_pdf

EDITS = 25


def test_two_processes_edit_one_library_at_once_and_see_each_other(tmp_path):
    data_dir = tmp_path / "library"
    with Library.open(data_dir) as library:
        [outcome] = import_paths(library, [make_pdf(tmp_path / "d.pdf", ["Words on a page about detention."])])
    long_pdf = make_pdf(tmp_path / "long.pdf", [f"Page {n} of a long report on detention." for n in range(40)])
    start_at = time.time() + 1.5
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.app.two_writers", str(data_dir), str(outcome.document.id), who, other,
             str(EDITS), str(start_at), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=os.getcwd(),
        )
        for who, other, extra in (("first", "second", [str(long_pdf)]), ("second", "first", []))
    ]
    reports = []
    for run in runs:
        out, err = run.communicate(timeout=180)
        assert run.returncode == 0, err
        assert "locked" not in err.lower()
        reports.append(json.loads(out.strip().splitlines()[-1]))
    for report in reports:
        assert report["errors"] == []  # no "database is locked", nor anything else
        assert report["own"] == EDITS and report["seen_other"] == EDITS
