"""The app as a user starts it (``ui.main.main``, one process per start): a backup when it quits,
and a damaged library met at start, kept aside, with its latest good backup offered and restored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.infra import backups
from app.library import Library
from app.services.documents import list_documents
from tests.damage import damage_pages
from tests.pdfs import make_pdf
from tests.ui.helpers import import_one

ROOT = Path(__file__).resolve().parents[2]
START = """
import json, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from app.infra import backups
from ui.main import main

seen = {"boxes": []}
action = sys.argv[2]

def answer_box():
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        seen["boxes"].append(box.text())
        [button] = [b for b in box.buttons() if b.text() == "Restore this backup"]
        button.click()
    QTimer.singleShot(50, answer_box)

def ready(window):
    def finish():
        if window.library is None:
            QTimer.singleShot(20, finish)
            return
        seen["titles"] = sorted(window.documents.document(r).title for r in range(window.documents.rowCount()))
        seen["status"] = window.statusBar().currentMessage()
        if action == "edit":
            folder = backups.backup_folder(window.library.root)
            while not backups.list_backups(folder):  # the start's backup, made in the background
                QApplication.processEvents()
                time.sleep(0.05)
            time.sleep(1.1)  # a backup made at quit gets a later name
            from app.services.saved_searches import save_search
            from app.services.search import AnnotationFilters
            save_search(window.library, "made before quitting", "detention", AnnotationFilters())
        window.close()
        QApplication.quit()
    QTimer.singleShot(300, finish)

application = QApplication(sys.argv[:1])
answer_box()
QTimer.singleShot(60000, QApplication.quit)
seen["code"] = main(sys.argv[1], ready=ready)
print(json.dumps(seen))
"""


def _start(root: Path, action: str, settings_dir: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(settings_dir), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", START, str(root), action], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_quitting_makes_a_verified_backup_holding_the_last_edits(library, tmp_path):
    import_one(library, make_pdf(tmp_path / "a.pdf", ["Words about detention."], title="Report"))
    library.close()
    seen = _start(library.root, "edit", tmp_path / "config")
    assert seen["code"] == 0 and seen["titles"] == ["Report"]
    newest = backups.list_backups(backups.backup_folder(library.root))[0]
    assert backups.check(newest.path, full=True) == "ok"
    import sqlite3

    with sqlite3.connect(newest.path) as copy:  # made at quit: it holds the edit made just before
        assert copy.execute("SELECT name FROM saved_searches").fetchall() == [("made before quitting",)]


def test_a_damaged_library_at_start_is_set_aside_and_the_latest_good_backup_opened(tmp_path):
    root = tmp_path / "library"
    with Library.open(root) as library:
        import_one(library, make_pdf(tmp_path / "a.pdf", ["Words " * 3000] * 6, title="Report kept safe"))
        good = backups.make_backup(library.db_path, backups.backup_folder(root))
    damage_pages(root / "library.sqlite3")
    damaged = (root / "library.sqlite3").read_bytes()

    seen = _start(root, "look", tmp_path / "config")
    assert seen["code"] == 0 and len(seen["boxes"]) == 1 and "damaged" in seen["boxes"][0]
    assert seen["titles"] == ["Report kept safe"] and good.path.name in seen["status"]
    [aside] = [p for p in root.glob("library.sqlite3.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    assert aside.read_bytes() == damaged  # kept as it was, never written further
    with Library.open(root, check=True) as library:
        assert [d.title for d in list_documents(library)] == ["Report kept safe"]


def test_an_emptied_database_at_start_is_not_opened_as_new_and_its_backup_is_restored(tmp_path):
    root = tmp_path / "library"
    with Library.open(root) as library:
        import_one(library, make_pdf(tmp_path / "a.pdf", ["Words about detention."], title="Report kept safe"))
        good = backups.make_backup(library.db_path, backups.backup_folder(root))
    (root / "library.sqlite3").write_bytes(b"")  # truncated: SQLite alone would read it as a new library

    seen = _start(root, "look", tmp_path / "config")
    assert seen["code"] == 0 and len(seen["boxes"]) == 1 and "missing or empty" in seen["boxes"][0]
    assert seen["titles"] == ["Report kept safe"] and good.path.name in seen["status"]
    # No empty copy was made: each backup left holds the report.
    kept = backups.list_backups(backups.backup_folder(root))
    assert kept and all(backups.contents(b.path).documents == 1 for b in kept)


def test_a_big_library_is_backed_up_at_quit_by_a_process_that_outlives_the_window(library, tmp_path, monkeypatch):
    import time

    from ui import main as window_main

    import_one(library, make_pdf(tmp_path / "a.pdf", ["Words about detention."], title="Report"))
    monkeypatch.setattr(backups, "QUIT_INLINE_BYTES", 0)
    folder = backups.backup_folder(library.root)
    started = time.monotonic()
    window_main._backup_at_quit(library)
    assert time.monotonic() - started < 2  # the quit does not wait for it
    deadline = time.monotonic() + 60
    while not backups.list_backups(folder) and time.monotonic() < deadline:
        time.sleep(0.1)
    [made] = backups.list_backups(folder)
    assert backups.check(made.path, full=True) == "ok" and backups.contents(made.path).documents == 1
    log = library.root / "backup-at-quit.log"
    deadline = time.monotonic() + 10
    while "Backed up to" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert str(made.path) in log.read_text()


def test_damage_found_beside_the_open_library_is_shown_to_the_user(qtbot, tmp_path, monkeypatch):
    from app import library as library_module
    from tests.app.test_backups import big_enough_library
    from ui import main as window_main

    root = tmp_path / "lib"
    damage_pages(big_enough_library(tmp_path))  # in a table of its own: the library still opens
    monkeypatch.setattr(library_module, "OPEN_CHECK_BYTES", 0)
    shown = []
    monkeypatch.setattr(window_main.QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    with Library.open(root, check=True) as library:
        assert library.check_unfinished
        checker = window_main._RestOfCheck()
        checker.found.connect(lambda verdict: window_main._warn_damaged(None, verdict))
        with qtbot.waitSignal(checker.found, timeout=20000):
            checker.start(library)
    assert len(shown) == 1 and "found a problem" in shown[0] and "Backups" in shown[0]
