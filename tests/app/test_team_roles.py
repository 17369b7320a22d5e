"""Members and roles of a team library, enforced by the server: in the app and from any client."""

from __future__ import annotations

from io import StringIO

import psycopg
import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from app import cli
from app.errors import LibraryError
from app.library import Library
from app.services import annotations as notes
from app.services import passage_links, repeats, team
from app.services.importing import import_paths
from app.services.recommendations import list_recommendations
from app.store.models import Tag
from tests.app.recommendation_pdfs import visits
from tests.app.test_annotations import selection
from tests.pdfs import make_pdf

PASSWORD = "a long % passphrase: 'quoted'"


@pytest.fixture
def crew(team_database, postgres_server, tmp_path):
    """An admin (the owner), an editor, two annotators and a reader, each with their own login."""
    name = make_url(team_database).database
    logins = {role: f"{role}_{name}"[:60] for role in ("editor", "alice", "bob", "reader")}
    with Library.open(tmp_path / "owner", database=team_database) as owner:
        for who, role in (("editor", "editor"), ("alice", "annotator"), ("bob", "annotator"), ("reader", "reader")):
            team.add_member(owner, logins[who], role, PASSWORD)
        [report] = import_paths(owner, [make_pdf(tmp_path / "report.pdf", [
            "1. Detainees were held for days.\n2. Restraint beds were used for hours.\n3. Records were missing."])])
    yield {who: postgres_server.url(name, user=login, password=PASSWORD) for who, login in logins.items()}, report.document.id
    with postgres_server.admin.connect() as connection:  # the roles are the server's: they go too
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for role in [*logins.values(), *(f"{name}_{kind}" for kind in team.ROLES)]:
            connection.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')


def _open(url, tmp_path, who):
    return Library.open(tmp_path / who, database=url)


def _annotate(library, document_id, phrase):
    return notes.create_annotation(library, notes.draft_from_selection(selection(library, document_id, phrase)))


def test_roles_are_listed_and_each_member_knows_theirs(crew, team_database, tmp_path):
    urls, _ = crew
    with Library.open(tmp_path / "owner", database=team_database) as owner:
        listed = {member.role for member in team.members(owner)}
        assert listed == {"editor", "annotator", "reader"} and team.my_role(owner) == "admin"
    for who, role in (("alice", "annotator"), ("editor", "editor"), ("reader", "reader")):
        with _open(urls[who], tmp_path, who) as library:
            assert team.my_role(library) == role


def test_an_annotator_changes_only_their_own_annotations_in_the_app(crew, tmp_path):
    urls, document_id = crew
    with _open(urls["alice"], tmp_path, "alice") as alice:
        made = _annotate(alice, document_id, "Restraint beds were used")
        assert made.created_by == made.updated_by == make_url(urls["alice"]).username
        notes.set_note(alice, made.uuid, "mine to change")
    with _open(urls["bob"], tmp_path, "bob") as bob:
        with pytest.raises(LibraryError, match="not yours to change"):
            notes.set_note(bob, made.uuid, "overwritten by bob")
        with pytest.raises(LibraryError, match="not yours to change"):
            notes.trash(bob, [made.uuid])
        [seen] = [a for a in notes.list_annotations(bob, document_id) if a.uuid == made.uuid]
        assert seen.note == "mine to change" and seen.deleted_at is None  # nothing of bob's reached it
        own = _annotate(bob, document_id, "Records were missing")
        notes.set_note(bob, own.uuid, "bob's own")


def test_a_change_comes_back_under_the_names_the_server_wrote(crew, team_database, tmp_path):
    urls, document_id = crew
    with _open(urls["alice"], tmp_path, "alice") as alice:
        made = _annotate(alice, document_id, "Records were missing")
    with Library.open(tmp_path / "owner", database=team_database) as owner:
        changed = notes.set_note(owner, made.uuid, "corrected by an admin", expected_version=made.version)
    assert (changed.created_by, changed.updated_by) == (make_url(urls["alice"]).username,
                                                        make_url(team_database).username)
    with _open(urls["alice"], tmp_path, "alice") as alice:
        assert notes.get_annotation(alice, made.uuid) == changed


def test_the_server_enforces_the_roles_for_any_client(crew, tmp_path):
    """As a member's psql session would: plain SQL with their login."""
    urls, document_id = crew
    with _open(urls["alice"], tmp_path, "alice") as alice:
        made = _annotate(alice, document_id, "Detainees were held")
    bob_url = make_url(urls["bob"])
    with psycopg.connect(host=bob_url.host, port=bob_url.port, user=bob_url.username, password=PASSWORD,
                         dbname=bob_url.database, autocommit=True) as bob:
        assert bob.execute("UPDATE annotations SET note = 'x' WHERE uuid = %s", (made.uuid,)).rowcount == 0
        assert bob.execute("DELETE FROM annotations WHERE uuid = %s", (made.uuid,)).rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bob.execute("UPDATE documents SET title = 'renamed by an annotator'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bob.execute("INSERT INTO tags (slug, kind, label, description, builtin, parties, created_at)"
                        " VALUES ('x', 'theme', 'X', '', false, '[]', now())")
        # A member cannot claim another's name: the server writes who made a row.
        bob.execute("UPDATE annotations SET created_by = 'someone' WHERE created_by = current_user")
        assert bob.execute("SELECT note, created_by FROM annotations WHERE uuid = %s", (made.uuid,)).fetchone() == (
            "", make_url(urls["alice"]).username)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bob.execute("INSERT INTO annotation_words (annotation_id, words) VALUES (1, '')")  # only its triggers write it
    reader_url = make_url(urls["reader"])
    with psycopg.connect(host=reader_url.host, port=reader_url.port, user=reader_url.username, password=PASSWORD,
                         dbname=reader_url.database, autocommit=True) as reader:
        assert reader.execute("SELECT count(*) FROM annotations").fetchone() == (1,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            reader.execute("UPDATE annotations SET note = 'x'")


def test_an_editor_corrects_the_vocabulary_a_reader_cannot_annotate(crew, tmp_path):
    urls, document_id = crew
    with _open(urls["editor"], tmp_path, "editor") as editor:
        with editor.writing() as session:
            session.add(Tag(slug="echr", kind="treaty", label="European Convention on Human Rights"))
    with _open(urls["reader"], tmp_path, "reader") as reader:
        with pytest.raises(LibraryError, match="may not do this"):
            _annotate(reader, document_id, "Records were missing")
        assert notes.list_annotations(reader, document_id) == []


def test_only_an_admin_changes_the_members_and_bad_requests_are_refused_plainly(crew, team_database, tmp_path):
    urls, _ = crew
    with _open(urls["alice"], tmp_path, "alice") as alice:
        with pytest.raises(LibraryError, match="may not do this|refused"):
            team.add_member(alice, "mallory", "admin", "pw")
    with Library.open(tmp_path / "owner", database=team_database) as owner:
        with pytest.raises(LibraryError, match="Unknown role"):
            team.add_member(owner, "carol", "superuser", "pw")
        with pytest.raises(LibraryError, match="cannot be a login"):
            team.add_member(owner, "Robert'); DROP TABLE annotations; --", "reader", "pw")
        with pytest.raises(LibraryError, match="already has a login"):
            team.add_member(owner, make_url(urls["bob"]).username, "reader", "pw")
        with pytest.raises(LibraryError, match="not a member"):
            team.remove_member(owner, "nobody_here")
        team.remove_member(owner, make_url(urls["bob"]).username)
        assert make_url(urls["bob"]).username not in {member.login for member in team.members(owner)}
    with pytest.raises(LibraryError, match="may not do this|no such library|refused"):
        _open(urls["bob"], tmp_path, "bob-again").close()  # no longer let in


def test_members_are_a_team_librarys(library):
    with pytest.raises(LibraryError, match="team library"):
        team.members(library)
    assert team.my_role(library) is None


def test_members_from_the_command_line(team_database, tmp_path, capsys, monkeypatch):
    login = f"carol_{make_url(team_database).database}"[:60]
    base = ["--data-dir", str(tmp_path / "owner"), "--database", team_database]
    monkeypatch.setattr("sys.stdin", StringIO("carol's passphrase\n"))
    try:
        assert cli.main([*base, "team-setup"]) == 0
        assert "is ready" in capsys.readouterr().out
        assert cli.main([*base, "member-add", login, "--role", "editor", "--new-login"]) == 0
        assert cli.main([*base, "members"]) == 0
        out = capsys.readouterr().out
        assert f"{login}" in out and "editor" in out and "you (postgres) are admin" in out
        with pytest.raises(SystemExit):  # the usage is printed: no such role
            cli.main([*base, "member-add", login, "--role", "boss"])
        assert cli.main([*base, "member-remove", login]) == 0
        assert cli.main([*base, "member-remove", login]) == cli.EXIT_LIBRARY and "not a member" in capsys.readouterr().err
        local = ["--data-dir", str(tmp_path / "local")]
        assert cli.main([*local, "members"]) != 0 and "team library" in capsys.readouterr().err
    finally:  # logins are the server's, not the library's: this one goes with the test
        engine = create_engine(team_database, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.exec_driver_sql(f'DROP OWNED BY "{login}"; DROP ROLE IF EXISTS "{login}"')
        engine.dispose()


def test_an_administrator_without_superuser_rights_sets_up_a_library(postgres_server, tmp_path):
    """As on a real server: the admin's login may create roles and owns the database, nothing more."""
    with postgres_server.admin.connect() as connection:
        quoted = PASSWORD.replace("'", "''").replace("%", "%%")
        connection.exec_driver_sql(f"CREATE ROLE team_admin LOGIN CREATEROLE PASSWORD '{quoted}'")
        connection.exec_driver_sql("CREATE DATABASE self_made OWNER team_admin")
    url = postgres_server.url("self_made", user="team_admin", password=PASSWORD)
    try:
        with Library.open(tmp_path / "admin", database=url) as admin:
            team.set_up(admin)
            team.add_member(admin, "self_made_ann", "annotator", PASSWORD)
            assert team.my_role(admin) == "admin"
            assert [(m.login, m.role) for m in team.members(admin)] == [("self_made_ann", "annotator")]
            [report] = import_paths(admin, [make_pdf(tmp_path / "r.pdf", ["1. Restraint beds were used."])])
        member = postgres_server.url("self_made", user="self_made_ann", password=PASSWORD)
        with Library.open(tmp_path / "ann", database=member) as ann:
            made = _annotate(ann, report.document.id, "Restraint beds")
            assert made.created_by == "self_made_ann" and team.my_role(ann) == "annotator"
    finally:
        with postgres_server.admin.connect() as connection:
            connection.exec_driver_sql("DROP DATABASE IF EXISTS self_made WITH (FORCE)")
            for role in ("self_made_ann", *(f"self_made_{kind}" for kind in team.ROLES), "team_admin"):
                connection.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')


def test_found_repeats_are_linked_by_an_editor_not_by_an_annotator_or_a_reader(crew, team_database, tmp_path):
    urls, _ = crew
    with Library.open(tmp_path / "owner", database=team_database) as owner:
        ids = visits(owner, tmp_path)
    with _open(urls["editor"], tmp_path, "editor") as editor:
        wanted = repeats.wanted(repeats.repeats(editor, list_recommendations(editor, document_id=ids[2])))
    assert len(wanted) == 2
    for who, refusal in (("reader", "may not link passages"), ("alice", "takes an editor's role")):
        with _open(urls[who], tmp_path, who) as member:
            with pytest.raises(LibraryError, match=refusal):
                passage_links.link(member, wanted)
            assert [notes.count_annotations(member, document_id) for document_id in ids] == [0, 0, 0]
    with _open(urls["editor"], tmp_path, "editor") as editor:
        assert len(passage_links.link(editor, wanted).links) == 2
        assert repeats.wanted(repeats.repeats(editor, list_recommendations(editor, document_id=ids[2]))) == []


def test_a_member_opening_a_library_an_update_of_the_app_must_upgrade_is_told_to_ask_an_admin(postgres_server, tmp_path):
    from alembic.script import ScriptDirectory

    from app.store import migrate, postgres

    scripts = ScriptDirectory.from_config(migrate._config())
    older = scripts.get_revision(migrate.head_revision()).down_revision
    name, login = f"older_{tmp_path.name[-12:].lower()}", f"member_{tmp_path.name[-12:].lower()}"
    url = postgres_server.create_database(name)
    engine = postgres.make_engine(url)
    try:
        migrate.upgrade(engine, None, target=older)  # as the app before the update left it
        with engine.begin() as connection:
            postgres.set_member(connection, login, "editor", PASSWORD)
        with pytest.raises(LibraryError, match=r"older than this app's .* ask an admin of the library to open it"):
            Library.open(tmp_path / "member", database=postgres_server.url(name, user=login, password=PASSWORD))
        assert migrate.current_revision(engine) == older  # nothing was changed
        with Library.open(tmp_path / "admin", database=url):  # the admin's open brings it up to date
            pass
        assert migrate.current_revision(engine) == migrate.head_revision()
        with Library.open(tmp_path / "member", database=postgres_server.url(name, user=login, password=PASSWORD)) as lib:
            assert lib.role == "editor"
    finally:
        engine.dispose()
        with postgres_server.admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for role in [login, *(f"{name}_{kind}" for kind in team.ROLES)]:
                connection.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')
