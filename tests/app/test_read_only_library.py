"""A healthy library in a folder the user cannot write is read, checked as healthy and refused
for edits with a message; it is never reported as damaged."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from app.library import Library
from app.services.importing import import_paths
from tests.pdfs import make_pdf

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534


def _as_a_reader(args: list[str]) -> subprocess.CompletedProcess[str]:
    """The command line run by a user who may read the library but not write it.

    As root (CI), permissions do not bind, so the command runs as ``nobody``; otherwise as this user.
    """
    command = [sys.executable, "-m", "app", *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: no way to drop the rights to write")
        command = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "HOME": "/tmp"})


@pytest.fixture
def read_only_library():
    # Not under pytest's own temporary folder: as root that folder is closed to other users.
    work = Path(tempfile.mkdtemp(prefix="read-only-library-"))
    os.chmod(work, 0o755)
    root = work / "lib"
    with Library.open(root) as library:
        import_paths(library, [make_pdf(work / "a.pdf", ["A report on places of detention"], title="Detention")])
    codebook = {"format": "rights-annotator-codebook", "version": 1,
                "tags": [{"slug": "visit-2026", "kind": "theme", "label": "Visit of 2026"}]}
    (work / "codebook.json").write_text(json.dumps(codebook), encoding="utf-8")
    for path in [root, *root.rglob("*")]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    yield root
    for path in [root, *root.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    shutil.rmtree(work)


def test_a_read_only_library_is_checked_as_healthy_and_can_be_read(read_only_library):
    checked = _as_a_reader(["--data-dir", str(read_only_library), "check", "--full"])
    assert checked.returncode == 0, checked.stderr
    assert ": ok" in checked.stdout
    listed = _as_a_reader(["--data-dir", str(read_only_library), "list"])
    assert listed.returncode == 0, listed.stderr
    assert "Detention" in listed.stdout and "damaged" not in listed.stderr


def test_an_edit_to_a_read_only_library_is_refused_in_words(read_only_library):
    codebook = read_only_library.parent / "codebook.json"
    refused = _as_a_reader(["--data-dir", str(read_only_library), "vocabulary", "import", str(codebook)])
    assert refused.returncode == 3
    assert "read-only" in refused.stderr
    assert "Traceback" not in refused.stderr and "damaged" not in refused.stderr
