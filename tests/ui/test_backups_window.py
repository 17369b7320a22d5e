"""Tools › Backups…: back up now, restore after a confirmation saying what is replaced, check in full;
a damaged library at start offers its latest good backup; edits saved elsewhere show on refresh."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from PySide6.QtWidgets import QWidget

from app.errors import LibraryDamaged
from app.infra import backups
from app.library import Library
from app.services import annotations as notes
from app.text.selection import PageSelection, TextSelection
from tests.damage import damage_pages
from tests.pdfs import make_pdf
from tests.ui.helpers import answer_boxes, import_one, open_and_wait, open_window
from ui.backups_dialog import BackupsDialog
from ui.damaged_library import offer_restore
from ui.operations import Operations

QUAD = (50.0, 50.0, 90.0, 50.0, 50.0, 62.0, 90.0, 62.0)


def annotate(library, document_id: int, note: str) -> str:
    part = PageSelection(0, (QUAD,), 0, 5, "Words")
    draft = notes.draft_from_selection(TextSelection(document_id, (part,), "Words", 0, 5), note=note)
    return notes.create_annotation(library, draft).uuid


def titles(window) -> list[str]:
    return sorted(window.documents.document(r).title for r in range(window.documents.rowCount()))


def test_back_up_now_then_restore_after_a_confirmation_that_says_what_is_replaced(qtbot, library, tmp_path, monkeypatch):
    first = import_one(library, make_pdf(tmp_path / "a.pdf", ["Words about detention."], title="First"))
    old = backups.make_backup(library.db_path, backups.backup_folder(library.root),
                              now=datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc))
    import_one(library, make_pdf(tmp_path / "b.pdf", ["Later words."], title="Second"))
    annotate(library, first.id, "made after the backup")
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, first.id)
    folder = backups.backup_folder(library.root)
    qtbot.waitUntil(lambda: len(backups.list_backups(folder)) == 2, timeout=10000)  # the one made at start
    dialog = window.features.backups_dialog()  # as Tools › Backups… makes it
    qtbot.addWidget(dialog)
    assert dialog.table.topLevelItemCount() == 2
    assert [dialog.table.topLevelItem(r).text(2) for r in range(2)] == ["verified when made"] * 2

    dialog.back_up_now()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert "Backed up and verified" in dialog.status.text()
    made = dialog.chosen()
    assert made.path.exists() and backups.check(made.path, full=True) == "ok"

    dialog.load(select=old.path)
    shown = answer_boxes(monkeypatch, "Cancel")
    dialog.restore_selected()
    assert shown and not list(library.root.glob("library.sqlite3.replaced-*"))  # cancelled: nothing replaced

    shown = answer_boxes(monkeypatch, "Replace the library")
    with qtbot.waitSignal(dialog.restored, timeout=10000) as restored:
        dialog.restore_selected()
    [question] = shown
    assert "2 documents, 1 annotation" in question and "1 document, 0 annotations" in question
    assert "01 Mar 2026" in question and "library.sqlite3.replaced-" in question
    assert titles(window) == ["First"]
    assert window.features.annotations.panel.all_rows == []  # the annotation made after is not in it
    with sqlite3.connect(restored.args[0]) as kept:  # the replaced database, never deleted
        assert kept.execute("SELECT count(*) FROM documents").fetchone()[0] == 2


def test_the_full_check_reports_a_sound_library_and_then_a_damaged_one(qtbot, library, tmp_path):
    import_one(library, make_pdf(tmp_path / "a.pdf", ["Words " * 3000] * 6, title="Long"))
    backups.make_backup(library.db_path, backups.backup_folder(library.root))
    dialog = BackupsDialog(library, Operations())
    qtbot.addWidget(dialog)
    dialog.check_library()
    assert dialog.progress.isVisibleTo(dialog) and not dialog.check_button.isEnabled()  # busy, off the UI thread
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert "passed the full check" in dialog.status.text()

    library.engine.dispose()
    damage_pages(library.db_path)
    dialog.check_library()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert "found damage" in dialog.status.text() and "Restore the backup of" in dialog.status.text()


def test_a_damaged_library_at_start_is_kept_aside_and_its_latest_good_backup_restored(qtbot, tmp_path, monkeypatch):
    root = tmp_path / "library"
    with Library.open(root) as library:
        import_one(library, make_pdf(tmp_path / "a.pdf", ["Words " * 3000] * 6, title="Kept report"))
        good = backups.make_backup(library.db_path, backups.backup_folder(root))
    damage_pages(root / "library.sqlite3")
    before = (root / "library.sqlite3").read_bytes()
    try:
        Library.open(root, check=True)
        raise AssertionError("a damaged library was opened")
    except LibraryDamaged as damaged:
        error = damaged
    assert (root / "library.sqlite3").read_bytes() == before  # never written further

    parent = QWidget()
    qtbot.addWidget(parent)
    shown = answer_boxes(monkeypatch, "Quit")
    assert offer_restore(parent, error, backups.latest_good(backups.backup_folder(root))) is None
    assert "is damaged" in shown[0] and "latest good backup" in shown[0]
    assert (root / "library.sqlite3").read_bytes() == before  # quitting changes nothing

    shown = answer_boxes(monkeypatch, "Restore this backup")
    said = offer_restore(parent, error, backups.latest_good(backups.backup_folder(root)))
    assert said is not None and good.path.name in said
    [aside] = [p for p in root.glob("library.sqlite3.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    assert aside.read_bytes() == before
    with Library.open(root, check=True) as library:
        from app.services.documents import list_documents

        assert [d.title for d in list_documents(library)] == ["Kept report"]


def test_edits_saved_by_another_program_show_on_f5_and_on_coming_back_to_the_window(qtbot, library, tmp_path):
    document = import_one(library, make_pdf(tmp_path / "a.pdf", ["Words about detention."], title="Report"))
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    panel = window.features.annotations.panel
    assert panel.all_rows == []
    with Library.open(library.root) as elsewhere:  # its own connections, as another process has
        annotate(elsewhere, document.id, "from the other window")
        import_one(elsewhere, make_pdf(tmp_path / "b.pdf", ["More."], title="Another report"))
    [reload] = [a for a in window.actions() if a.text() == "&Reload library"]
    reload.trigger()  # F5
    assert [a.note for a in panel.all_rows] == ["from the other window"]
    assert titles(window) == ["Another report", "Report"]

    other = QWidget()  # the user goes to the other window, edits there, and comes back
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow(), timeout=3000)
    with Library.open(library.root) as elsewhere:
        annotate(elsewhere, document.id, "second from elsewhere")
    window.activateWindow()
    qtbot.waitUntil(lambda: len(panel.all_rows) == 2, timeout=3000)
    assert sorted(a.note for a in panel.all_rows) == ["from the other window", "second from elsewhere"]

    refresher = window.features.refresher
    annotate(library, document.id, "made here")  # the window's own edits are not someone else's
    assert not refresher.watch.changed_elsewhere()
