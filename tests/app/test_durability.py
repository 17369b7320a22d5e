"""A kill at any moment loses nothing acknowledged, and the library stays sound."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys

from sqlalchemy import select, text

from app.library import Library
from app.services.importing import import_paths
from app.store.models import Annotation
from tests.pdfs import make_pdf

KILLS = 5


def test_sigkill_during_a_burst_of_edits_loses_nothing_acknowledged(tmp_path):
    data_dir = tmp_path / "library"
    with Library.open(data_dir) as library:
        [outcome] = import_paths(library, [make_pdf(tmp_path / "d.pdf", ["Words on a page about detention."])])
    document_id = outcome.document.id
    acknowledged: dict[str, str] = {}
    chance = random.Random(20241128)
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.app.edit_burst", str(data_dir), str(document_id)],
            stdout=subprocess.PIPE, text=True, cwd=os.getcwd(),
        )
        wanted = chance.randint(5, 40)
        for line in child.stdout:
            _, uuid, note = line.split(" ", 2)
            acknowledged[uuid] = note.strip()
            wanted -= 1
            if wanted == 0:
                break
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()

    with Library.open(data_dir) as library, library.reading() as session:
        assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        stored = dict(session.execute(select(Annotation.uuid, Annotation.note)).all())
        # FTS5 raises here if the search index disagrees with what it indexes.
        session.execute(text("INSERT INTO annotation_fts(annotation_fts) VALUES ('integrity-check')"))
    missing = [uuid for uuid in acknowledged if uuid not in stored]
    assert acknowledged and missing == []
    assert all(stored[uuid] == note for uuid, note in acknowledged.items())
