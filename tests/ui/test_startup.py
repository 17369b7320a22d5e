"""Starting the app: the window shows the list seen last time at once, then the library opens.

Each start runs in its own process, as a user's does (an application's event loop runs once).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.infra.listing_cache import listing_path
from tests.pdfs import make_pdf
from tests.ui.helpers import import_one

ROOT = Path(__file__).resolve().parents[2]
START = """
import gc, json, sys
gc.disable()  # as the launcher starts the window
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ui.main import main

seen = {}

def ready(window):
    seen["library_open_when_listed"] = window.library is not None
    seen["titles"] = [window.table.model().index(r, 0).data() for r in range(window.table.model().rowCount())]

    def finish():
        if window.library is None:  # let the library finish opening before closing
            QTimer.singleShot(20, finish)
            return
        seen["titles_after_opening"] = [window.documents.document(r).title for r in range(window.documents.rowCount())]
        seen["collecting"] = gc.isenabled()  # once painted: garbage is collected for the rest of the run
        window.close()
        QApplication.quit()

    finish()

QTimer.singleShot(30000, QApplication.quit)
seen["code"] = main(sys.argv[1], ready=ready)
print(json.dumps(seen))
"""


def _start(root: Path, settings_dir: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(settings_dir), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", START, str(root)], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_first_start_lists_the_library_and_the_next_start_shows_it_before_opening(library, tmp_path):
    import_one(library, make_pdf(tmp_path / "a.pdf", ["x"], title="Report on places of detention"))
    assert not listing_path(library.root).exists()

    first = _start(library.root, tmp_path / "config")
    assert first["titles"] == ["Report on places of detention"]
    assert first["library_open_when_listed"]  # nothing saved yet: listed from the library itself
    assert listing_path(library.root).exists()

    import_one(library, make_pdf(tmp_path / "b.pdf", ["y"], title="Added since"))
    second = _start(library.root, tmp_path / "config")
    # Shown at once from the saved list, then brought up to date from the library.
    assert second["titles"] == ["Report on places of detention"]
    assert second["titles_after_opening"] == ["Report on places of detention", "Added since"]
    assert second["code"] == 0
    assert first["collecting"] and second["collecting"]
