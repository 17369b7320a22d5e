"""A team library's password kept in PostgreSQL's own password file, owner-only, and read by the
server's client library itself: an address without its password connects."""

from __future__ import annotations

import stat

import pytest
from sqlalchemy.engine import make_url

from app.errors import LibraryError, LibraryUnavailable
from app.infra import password_file
from app.library import Library
from app.services import team


@pytest.fixture
def pgpass(tmp_path, monkeypatch):
    path = tmp_path / "home" / ".pgpass"
    monkeypatch.setenv("PGPASSFILE", str(path))
    return path


def test_a_remembered_password_lets_an_address_without_it_connect(pgpass, team_database, postgres_server, tmp_path):
    bare = postgres_server.url(make_url(team_database).database, password="")
    assert make_url(bare).password is None
    with pytest.raises(LibraryUnavailable, match="wants this login's password"):
        Library.open(tmp_path / "before", database=bare)
    assert password_file.remember(team_database) == pgpass
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600  # libpq reads no file others may read
    assert password_file.remembered(bare)
    with Library.open(tmp_path / "after", database=bare) as library:
        assert team.my_role(library) == "admin"
    password_file.forget(bare)
    assert not password_file.remembered(bare) and pgpass.read_text() == ""


def test_the_libraries_line_goes_first_replacing_its_old_one_and_others_stay(pgpass):
    pgpass.parent.mkdir()
    pgpass.write_text("*:*:*:ann:a wildcard that would match first\nother.org:5432:ngo:bob:bobs\n")
    pgpass.chmod(0o644)
    password_file.remember("postgresql://ann:old@db.example.org/ngo")
    password_file.remember("postgresql://ann:p%3Aa%5Css@db.example.org/ngo")  # "p:a\ss"
    assert pgpass.read_text().splitlines() == ["db.example.org:5432:ngo:ann:p\\:a\\\\ss",
                                               "*:*:*:ann:a wildcard that would match first",
                                               "other.org:5432:ngo:bob:bobs"]
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    password_file.forget("postgresql://ann@db.example.org:5432/ngo")
    assert pgpass.read_text().splitlines() == ["*:*:*:ann:a wildcard that would match first",
                                               "other.org:5432:ngo:bob:bobs"]


def test_a_file_that_cannot_be_written_is_said_and_nothing_is_changed(tmp_path, monkeypatch):
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    monkeypatch.setenv("PGPASSFILE", str(blocked / ".pgpass"))
    with pytest.raises(LibraryError, match=r"password file .* cannot be (read|written) .*the password was not remembered"):
        password_file.remember("postgresql://ann:secret@db.example.org/ngo")
    with pytest.raises(LibraryError, match="lacks one"):
        password_file.remember("postgresql://db.example.org/ngo")
