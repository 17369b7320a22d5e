"""The activity log of a team library: every change, by whom and when, from any client; append-only."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta, timezone

import psycopg
import pytest
from sqlalchemy.engine import make_url

from app import cli
from app.errors import LibraryError
from app.export.activity_csv import write_activity_csv
from app.library import Library
from app.services import activity
from app.services import annotations as notes
from tests.app.test_team_roles import PASSWORD, _annotate, _open, crew  # noqa: F401 - a fixture


def _psql(url):
    parts = make_url(url)
    return psycopg.connect(host=parts.host, port=parts.port, user=parts.username, password=PASSWORD,
                           dbname=parts.database, autocommit=True)


def test_every_change_is_logged_with_its_member_and_what_changed(crew, team_database, tmp_path):
    urls, document_id = crew
    alice = make_url(urls["alice"]).username
    with _open(urls["alice"], tmp_path, "alice") as library:
        made = _annotate(library, document_id, "Restraint beds were used")
        notes.set_note(library, made.uuid, "=HYPERLINK(\"http://x\")")
        notes.trash(library, [made.uuid])
        entries = activity.list_activity(library, member=alice)
    assert [(e.action, e.what) for e in entries] == [("update", "annotation"), ("update", "annotation"),
                                                     ("insert", "annotation")]
    assert entries[1].changes.startswith("note: '' \u2192 '=HYPERLINK")
    assert entries[0].changes.startswith("deleted_at: none \u2192 '20")
    assert all(e.key == made.uuid and e.document_id == document_id for e in entries)
    assert entries[2].changes == "'Restraint beds were used'"
    with Library.open(tmp_path / "owner", database=team_database) as owner:
        everyone = activity.list_activity(owner)
        assert {e.member for e in everyone} >= {alice, make_url(team_database).username}  # the owner imported
        assert activity.list_activity(owner, document_id=document_id + 1000) == []
        assert activity.list_activity(owner, since=datetime.now(timezone.utc) + timedelta(minutes=1)) == []
        written = write_activity_csv(everyone, tmp_path / "activity.csv")
    rows = list(csv.DictReader(open(tmp_path / "activity.csv", encoding="utf-8")))
    assert written == len(rows) == len(everyone)
    assert all(not row["changes"].startswith("=") for row in rows)  # never run as a formula
    assert any("HYPERLINK" in row["changes"] for row in rows)


def test_changes_from_any_client_are_logged_and_none_rolled_back(crew, team_database, tmp_path):
    urls, document_id = crew
    with _open(urls["alice"], tmp_path, "alice") as library:
        made = _annotate(library, document_id, "Detainees were held")
    with _psql(urls["alice"]) as session:
        session.execute("UPDATE annotations SET color = 'red' WHERE uuid = %s", (made.uuid,))
        with pytest.raises(psycopg.errors.CheckViolation), session.transaction():
            session.execute("UPDATE annotations SET kind = 'bogus' WHERE uuid = %s", (made.uuid,))
    with Library.open(tmp_path / "owner", database=team_database) as owner:
        latest = activity.list_activity(owner, document_id=document_id)[0]
    assert (latest.member, latest.changes) == (make_url(urls["alice"]).username, "color: 'yellow' \u2192 'red'")


def test_no_member_can_rewrite_the_log_not_even_the_owner(crew, team_database, tmp_path):
    urls, document_id = crew
    with _open(urls["alice"], tmp_path, "alice") as library:
        _annotate(library, document_id, "Records were missing")
    for url in (urls["alice"], urls["editor"]):
        with _psql(url) as session:
            for statement in ("UPDATE activity SET member = 'someone'", "DELETE FROM activity",
                              "INSERT INTO activity (member, table_name, action) VALUES ('x', 'tags', 'insert')"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    session.execute(statement)
    owner = make_url(team_database)
    with psycopg.connect(host=owner.host, port=owner.port, user=owner.username, password=owner.password,
                         dbname=owner.database, autocommit=True) as session:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            session.execute("DELETE FROM activity")
        assert session.execute("SELECT count(*) FROM activity").fetchone()[0] > 0


def test_the_log_from_the_command_line(crew, team_database, tmp_path, capsys):
    urls, document_id = crew
    base = ["--data-dir", str(tmp_path / "owner"), "--database", team_database]
    assert cli.main([*base, "activity", "--limit", "5"]) == 0
    assert "insert" in capsys.readouterr().out
    assert cli.main([*base, "activity", "--csv", str(tmp_path / "log.csv")]) == 0
    assert (tmp_path / "log.csv").read_text(encoding="utf-8").startswith("at,member,what")
    assert cli.main(["--data-dir", str(tmp_path / "local"), "activity"]) == cli.EXIT_LIBRARY
    assert "team library" in capsys.readouterr().err


def test_a_local_library_has_no_activity_log(library):
    with pytest.raises(LibraryError, match="team library"):
        activity.list_activity(library)
