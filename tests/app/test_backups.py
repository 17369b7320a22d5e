"""Backups: consistent while the library is in use, verified, rotated, restorable; nothing lost."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from app.cli import main
from app.errors import LibraryUnavailable
from app.infra.backups import backup_folder, check, list_backups, make_backup, rotate
from app.infra.restoring import restore
from app.library import Library
from app.services.documents import list_documents
from app.services.importing import import_paths
from tests.pdfs import make_pdf


def test_a_backup_of_a_library_in_use_holds_what_was_saved(library, tmp_path):
    import_paths(library, [make_pdf(tmp_path / "a.pdf", ["First report"], title="First")])
    backup = make_backup(library.db_path, backup_folder(library.root))
    with sqlite3.connect(backup.path) as copy:
        assert copy.execute("SELECT title FROM documents").fetchall() == [("First",)]
    assert check(backup.path, full=True) == "ok" and list_backups(backup_folder(library.root))[0].path == backup.path


def test_restore_brings_back_the_backup_and_keeps_the_replaced_file(tmp_path):
    root = tmp_path / "lib"
    with Library.open(root) as library:
        import_paths(library, [make_pdf(tmp_path / "a.pdf", ["First report"], title="First")])
        backup = make_backup(library.db_path, backup_folder(root))
        import_paths(library, [make_pdf(tmp_path / "b.pdf", ["Second report"], title="Second")])
        db_path = library.db_path
    aside = restore(db_path, backup.path)
    with Library.open(root) as library:
        assert [d.title for d in list_documents(library)] == ["First"]
    with sqlite3.connect(aside) as replaced:
        assert {row[0] for row in replaced.execute("SELECT title FROM documents")} == {"First", "Second"}


def test_rotation_keeps_seven_days_and_four_weeks(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    start = datetime(2026, 1, 1, 9, tzinfo=timezone.utc)
    for day in range(40):
        for hour in (0, 5):
            moment = start + timedelta(days=day, hours=hour)
            (folder / f"library-{moment:%Y%m%d-%H%M%S}.sqlite3").write_bytes(b"x")
    (folder / "notes.txt").write_text("the user's own file")
    rotate(folder)
    kept = list_backups(folder)
    days = {b.made_at.date() for b in kept}
    newest = max(days)
    assert {newest - timedelta(days=n) for n in range(7)} <= days
    assert len({b.made_at.strftime("%G-%V") for b in kept}) == 4
    assert len(kept) == len(days)  # one per day kept: the newest of it
    assert (folder / "notes.txt").exists()  # only backups are ever removed


def test_a_damaged_database_is_reported_and_a_damaged_backup_refused(tmp_path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100 + b"garbage" * 500)
    assert check(broken) != "ok"
    with pytest.raises(Exception, match="damaged"):
        restore(tmp_path / "library.sqlite3", broken)


def test_an_unwritable_backup_folder_gives_a_message_and_keeps_the_library(library, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    with pytest.raises(LibraryUnavailable, match="cannot be made"):
        make_backup(library.db_path, blocker / "backups")
    assert list_documents(library) == []


def test_the_command_line_backs_up_checks_and_restores_a_damaged_library(tmp_path, capsys):
    root = tmp_path / "lib"
    with Library.open(root) as library:
        import_paths(library, [make_pdf(tmp_path / "a.pdf", ["First report"], title="First")])
    assert main(["--data-dir", str(root), "backup"]) == 0
    assert main(["--data-dir", str(root), "check", "--full"]) == 0
    capsys.readouterr()

    database = root / "library.sqlite3"
    data = bytearray(database.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # a page of the file overwritten: the library is damaged
    database.write_bytes(bytes(data))
    assert main(["--data-dir", str(root), "check"]) == 1
    with pytest.raises(LibraryUnavailable, match="is damaged"):
        Library.open(root, check=True)  # as the window opens it: not opened, nothing written
    assert main(["--data-dir", str(root), "restore"]) == 0
    [listed] = list_backups(backup_folder(root))
    assert main(["--data-dir", str(root), "restore", str(listed.path)]) == 1  # asks for --yes first
    assert main(["--data-dir", str(root), "restore", str(listed.path), "--yes"]) == 0
    with Library.open(root) as library:
        assert [d.title for d in list_documents(library)] == ["First"]


def test_the_chosen_backup_folder_is_kept_with_the_library_and_used(library, tmp_path):
    from app.infra.backups import choose_folder, chosen_folder

    assert backup_folder(library.root) == library.root / "backups"
    elsewhere = tmp_path / "external-disk" / "annotator"
    choose_folder(library.root, elsewhere)
    assert chosen_folder(library.root) == elsewhere and elsewhere.is_dir()
    made = make_backup(library.db_path, backup_folder(library.root))
    assert made.path.parent == elsewhere
    assert main(["--data-dir", str(library.root), "restore"]) == 0  # the command line lists that folder too
    choose_folder(library.root, None)
    assert backup_folder(library.root) == library.root / "backups"


def test_a_backup_out_of_time_leaves_nothing_behind(library, tmp_path):
    from app.infra.backups import OutOfTime

    folder = tmp_path / "backups"
    with pytest.raises(OutOfTime, match="next time"):
        make_backup(library.db_path, folder, budget=-1.0)
    assert list(folder.iterdir()) == []


def test_the_quit_backup_is_made_only_when_something_changed(library, tmp_path):
    import os
    import time

    from app.infra.backups import backup_at_quit

    def touch(when: float) -> None:  # the files' times, as if the last commit were then
        for path in (library.db_path, library.db_path.with_name(library.db_path.name + "-wal")):
            os.utime(path, (when, when))

    folder = tmp_path / "backups"
    touch(time.time() - 60)
    first = backup_at_quit(library.db_path, folder)
    assert first is not None and check(first.path, full=True) == "ok"
    assert backup_at_quit(library.db_path, folder) is None  # nothing changed since
    import_paths(library, [make_pdf(tmp_path / "a.pdf", ["Report"], title="Changed")])
    touch(time.time() + 5)  # a change after the newest backup, whatever the clock's resolution
    again = backup_at_quit(library.db_path, folder, budget=60)
    assert again is not None
    with sqlite3.connect(again.path) as copy:
        assert copy.execute("SELECT title FROM documents").fetchall() == [("Changed",)]


def test_latest_good_skips_a_backup_damaged_since_and_restore_keeps_the_damaged_file(tmp_path):
    from app.infra.backups import latest_good
    from app.infra.restoring import restore_into
    from tests.damage import damage_pages

    root = tmp_path / "lib"
    folder = tmp_path / "backups"
    with Library.open(root) as library:
        import_paths(library, [make_pdf(tmp_path / "a.pdf", ["Words " * 3000] * 6, title="Old")])
        older = make_backup(library.db_path, folder, now=datetime(2026, 1, 1, tzinfo=timezone.utc))
        newer = make_backup(library.db_path, folder, now=datetime(2026, 1, 2, tzinfo=timezone.utc))
        damage_pages(newer.path)
        assert latest_good(folder) == older
        import_paths(library, [make_pdf(tmp_path / "b.pdf", ["New"], title="New")])
        aside = restore_into(library, older.path)  # the open library reads the restored file
        assert [d.title for d in list_documents(library)] == ["Old"]
    with sqlite3.connect(aside) as kept:
        assert {row[0] for row in kept.execute("SELECT title FROM documents")} == {"Old", "New"}


def test_a_backup_is_one_file_even_after_it_is_read_and_a_rotation_leaves_nothing_of_it(library, tmp_path):
    folder = tmp_path / "backups"
    older = make_backup(library.db_path, folder, now=datetime(2026, 3, 1, 9, tzinfo=timezone.utc))
    assert check(older.path, full=True) == "ok"  # reading a copy must not grow files beside it
    older.path.with_name(older.path.name + "-wal").write_bytes(b"")  # as a copy made in WAL mode had
    assert sorted(p.name for p in folder.iterdir()) == [older.path.name, older.path.name + "-wal"]
    newer = make_backup(library.db_path, folder, now=datetime(2026, 3, 1, 10, tzinfo=timezone.utc))
    assert [p.name for p in folder.iterdir()] == [newer.path.name]
    with sqlite3.connect(newer.path) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def big_enough_library(tmp_path, rows=20_000):
    """A library database whose quick check takes SQLite well over one progress step."""
    made = Library.open(tmp_path / "lib")
    made.close()
    db_path = tmp_path / "lib" / "library.sqlite3"
    with sqlite3.connect(db_path) as connection:
        connection.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, words TEXT)")
        connection.execute("CREATE INDEX filler_words ON filler (words)")
        connection.executemany("INSERT INTO filler (words) VALUES (?)", ((f"words {n}" * 8,) for n in range(rows)))
    connection.close()
    return db_path


def test_a_big_library_is_checked_beside_the_open_library(tmp_path, monkeypatch):
    from app import library as library_module

    big_enough_library(tmp_path)
    monkeypatch.setattr(library_module, "OPEN_CHECK_BYTES", 0)
    with Library.open(tmp_path / "lib", check=True) as opened:
        assert opened.check_unfinished
        assert opened.finish_check() == "ok"
        assert list_documents(opened) == []
    monkeypatch.setattr(library_module, "OPEN_CHECK_BYTES", 2**40)
    with Library.open(tmp_path / "lib", check=True) as opened:
        assert not opened.check_unfinished


def test_damage_in_a_big_library_is_reported_by_the_check_beside_it(tmp_path, monkeypatch):
    from app import library as library_module
    from tests.damage import damage_pages

    db_path = big_enough_library(tmp_path)
    damage_pages(db_path)
    with pytest.raises(LibraryUnavailable, match="damaged"):
        Library.open(tmp_path / "lib", check=True)  # small enough: refused before it opens
    monkeypatch.setattr(library_module, "OPEN_CHECK_BYTES", 0)
    with Library.open(tmp_path / "lib", check=True) as opened:
        assert opened.check_unfinished
        assert opened.finish_check() not in ("ok", "")


def test_a_big_file_that_holds_no_library_is_still_refused_at_once(tmp_path, monkeypatch):
    from app import library as library_module

    folder = tmp_path / "lib"
    folder.mkdir()
    with sqlite3.connect(folder / "library.sqlite3") as connection:
        connection.execute("CREATE TABLE other_app (id INTEGER)")
    connection.close()
    monkeypatch.setattr(library_module, "OPEN_CHECK_BYTES", 0)
    with pytest.raises(LibraryUnavailable, match="no library"):
        Library.open(folder, check=True)


def test_backup_if_changed_makes_one_only_when_the_library_changed(library, tmp_path, capsys):
    import os
    import time

    def untouched_since(seconds: float) -> None:  # the files' times, as if the last commit were then
        for path in library.root.glob("library.sqlite3*"):
            os.utime(path, (time.time() - seconds, time.time() - seconds))

    library.close()
    untouched_since(60)
    assert main(["--data-dir", str(library.root), "backup", "--if-changed"]) == 0
    assert "Backed up to" in capsys.readouterr().out
    untouched_since(60)
    assert main(["--data-dir", str(library.root), "backup", "--if-changed"]) == 0
    assert "Nothing changed" in capsys.readouterr().out
    assert len(list_backups(backup_folder(library.root))) == 1


def test_the_full_check_finds_an_index_that_no_longer_matches_its_table(tmp_path, capsys):
    from tests.app.test_annotations import make_tag
    from tests.damage import damage_pages

    root = tmp_path / "lib"
    with Library.open(root) as library:
        make_tag(library, "echr", "European Convention on Human Rights", kind="treaty")
        make_tag(library, "cat", "Convention against Torture", kind="treaty")
    db_path = root / "library.sqlite3"
    with sqlite3.connect(db_path) as connection:
        # The index holds parent ids; once said to hold labels, no row of the table is found in it.
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX ix_tags_parent_id ON tags (label)'"
                           " WHERE name = 'ix_tags_parent_id'")
    connection.close()
    assert check(db_path) == "ok"  # every page and row is sound: only the full check matches indexes
    assert "ix_tags_parent_id" in check(db_path, full=True)
    assert main(["--data-dir", str(root), "check", "--full"]) == 1
    assert "ix_tags_parent_id" in capsys.readouterr().out
    damage_pages(db_path)  # pages overwritten too: the full check says so as well as the quick one
    assert check(db_path) != "ok" and check(db_path, full=True) != "ok"


def test_what_a_backup_holds_counts_the_passages_not_in_the_trash(library, tmp_path):
    from app.infra.backups import Contents, contents
    from app.services import annotations as notes
    from tests.app.test_annotations import selection

    [imported] = import_paths(library, [make_pdf(tmp_path / "a.pdf", ["First line. Second line. Third line."])])
    document_id = imported.document.id
    made = [notes.create_annotation(library, notes.draft_from_selection(selection(library, document_id, words)))
            for words in ("First line", "Second line", "Third line")]
    notes.trash(library, [made[1].uuid])
    backup = make_backup(library.db_path, backup_folder(library.root))
    assert contents(backup.path) == contents(library.db_path) == Contents(1, 2)


def _filled(db_path, rows: int) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, words TEXT)")
        connection.executemany("INSERT INTO filler (words) VALUES (?)", ((f"words {n}",) for n in range(rows)))
    connection.close()


def _filler_rows(db_path) -> int:
    with sqlite3.connect(db_path) as connection:
        found = connection.execute("SELECT count(*) FROM filler").fetchone()[0]
    connection.close()
    return found


def test_a_backup_holds_the_commits_still_in_the_write_ahead_log(tmp_path):
    """A reader that started before them keeps the commits out of the database file (no checkpoint
    may move them): the copy still holds them, as the library reads."""
    db_path = big_enough_library(tmp_path, rows=10)
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM filler").fetchone()
    try:
        _filled(db_path, 500)
        backup = make_backup(db_path, tmp_path / "backups")
    finally:
        reader.close()
    assert _filler_rows(backup.path) == 510 and check(backup.path, full=True) == "ok"


def test_a_backup_is_the_library_as_it_began_while_commits_and_checkpoints_go_on(tmp_path, monkeypatch):
    """Commits during the copy, and a checkpoint that would move them into the database file, leave
    the copy as the library was when the backup began: whole, and without a part of them."""
    from app.infra import backups

    db_path = big_enough_library(tmp_path, rows=10)
    copy_file = shutil.copyfile

    def written_meanwhile(source, target):
        _filled(db_path, 2000)
        with sqlite3.connect(db_path) as writer:
            writer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        writer.close()
        return copy_file(source, target)

    monkeypatch.setattr(backups.shutil, "copyfile", written_meanwhile)
    backup = make_backup(db_path, tmp_path / "backups")
    assert _filler_rows(backup.path) == 10 and check(backup.path, full=True) == "ok"
    assert _filler_rows(db_path) == 2010


def test_a_backup_past_its_time_during_the_copy_leaves_nothing_behind(library, tmp_path, monkeypatch):
    import time

    from app.infra import backups
    from app.infra.backups import OutOfTime

    copy_file = shutil.copyfile

    def slow(source, target):
        time.sleep(0.3)
        return copy_file(source, target)

    monkeypatch.setattr(backups.shutil, "copyfile", slow)
    folder = tmp_path / "backups"
    with pytest.raises(OutOfTime):
        make_backup(library.db_path, folder, budget=0.2)
    assert list(folder.iterdir()) == []
