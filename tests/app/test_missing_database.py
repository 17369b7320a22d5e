"""A library folder whose database is missing or empty is damaged, not new: nothing opens an empty
library in its place, no backup of the empty file is made, and no rotation drops the last full copy."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from app.cli import main
from app.errors import LibraryError, LibraryMissing
from app.infra.backups import backup_folder, check, list_backups, make_backup, rotate
from app.library import Library
from app.services.documents import list_documents
from app.services.importing import import_paths
from tests.damage import damage_pages
from tests.pdfs import make_pdf


@pytest.fixture
def backed_up(tmp_path):
    """A library with two documents and one backup of them."""
    root = tmp_path / "lib"
    with Library.open(root) as library:
        import_paths(library, [make_pdf(tmp_path / "a.pdf", ["First report on detention"], title="First"),
                               make_pdf(tmp_path / "b.pdf", ["Second report"], title="Second")])
    make_backup(root / "library.sqlite3", backup_folder(root), now=datetime(2026, 12, 1, 9, tzinfo=timezone.utc))
    return root


def _lose_database(root, how: str) -> None:
    database = root / "library.sqlite3"
    if how == "emptied":
        database.write_bytes(b"")
    else:
        database.unlink()


@pytest.mark.parametrize("how", ["emptied", "deleted"])
def test_a_library_whose_database_is_gone_is_not_opened_as_a_new_one(backed_up, how):
    _lose_database(backed_up, how)
    with pytest.raises(LibraryMissing, match="damaged, not new") as raised:
        Library.open(backed_up)
    assert "2 imported files" in str(raised.value) and "1 backup" in str(raised.value)
    assert how == "emptied" or not (backed_up / "library.sqlite3").exists()  # no empty library made instead


@pytest.mark.parametrize("how", ["emptied", "deleted"])
def test_the_command_line_refuses_and_keeps_the_good_backup(backed_up, how, capsys):
    [good] = list_backups(backup_folder(backed_up))
    _lose_database(backed_up, how)
    assert main(["--data-dir", str(backed_up), "search", "detention"]) == 3
    assert main(["--data-dir", str(backed_up), "backup"]) == 3
    assert main(["--data-dir", str(backed_up), "check", "--full"]) == 1
    said = capsys.readouterr()
    assert "damaged, not new" in said.err and "Nothing was backed up" in said.err
    assert ("empty" if how == "emptied" else "missing") in said.out
    assert list_backups(backup_folder(backed_up)) == [good]
    # The way back: restore the good backup, then everything is there.
    assert main(["--data-dir", str(backed_up), "restore", str(good.path), "--yes"]) == 0
    with Library.open(backed_up, check=True) as library:
        assert sorted(d.title for d in list_documents(library)) == ["First", "Second"]


def test_an_empty_folder_still_becomes_a_new_library(tmp_path):
    with Library.open(tmp_path / "new") as library:
        assert list_documents(library) == []
    assert check(tmp_path / "new" / "library.sqlite3", full=True) == "ok"


def test_check_finds_no_library_in_an_empty_or_foreign_file(tmp_path):
    import sqlite3

    empty, foreign = tmp_path / "empty.sqlite3", tmp_path / "foreign.sqlite3"
    empty.write_bytes(b"")
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE notes (text)")
    connection.close()
    assert "empty" in check(empty, full=True)
    assert "no library" in check(foreign, full=True)
    assert "missing" in check(tmp_path / "none.sqlite3")
    with pytest.raises(LibraryError, match="Nothing was backed up"):
        make_backup(foreign, tmp_path / "backups")


def test_rotation_keeps_the_last_backup_that_holds_more_than_its_replacement(backed_up, tmp_path):
    folder = backup_folder(backed_up)
    [full] = list_backups(folder)
    later = full.made_at + timedelta(minutes=30)
    # An empty library backed up into the same folder the same day, as a new library made in place of
    # a lost database would be: it replaces the full copy as the day's, but the full copy stays.
    with Library.open(tmp_path / "emptied") as emptied:
        first = make_backup(emptied.db_path, folder, now=later)
        second = make_backup(emptied.db_path, folder, now=later + timedelta(minutes=1))
    assert {b.path for b in list_backups(folder)} == {full.path, second.path}  # an equal copy does go
    assert not first.path.exists()
    assert rotate(folder) == [full.path]  # without a new backup to weigh, the plain rule of one a day


def test_the_command_line_does_not_search_or_write_a_damaged_database(backed_up, tmp_path, capsys):
    database = backed_up / "library.sqlite3"
    damage_pages(database)
    before = database.read_bytes()
    assert main(["--data-dir", str(backed_up), "search", "detention"]) == 3
    assert main(["--data-dir", str(backed_up), "import", str(make_pdf(tmp_path / "c.pdf", ["Third"]))]) == 3
    assert "is damaged" in capsys.readouterr().err
    assert database.read_bytes() == before
