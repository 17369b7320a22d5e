"""A team library on a real PostgreSQL server: one schema from the same revisions, the same
passages found as on the local library, an index no client can leave behind, clear refusals."""

from __future__ import annotations

import hashlib
import itertools
import socket
import threading
import time

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from app.errors import LibraryUnavailable
from app.infra.change_watch import ChangeWatch
from app.library import FetchStopped, FileNotBrought, Library
from app.services import annotations as notes
from app.services.documents import search_text
from app.services.importing import import_paths
from app.services.search import AnnotationFilters, search_annotations
from app.store import fulltext, migrate, postgres
from app.store.models import Base, Document
from tests import pg_server
from tests.app.print_pdfs import make_print_pdf
from tests.app.test_annotations import selection
from tests.app.test_search import fill_passages

# Print as it comes: accents, a ligature, a word broken at a line end, Arabic with its vowel
# marks, Cyrillic, a symbol, curly quotes.
_PRINTED = [
    "In T\u00fcrkiye the delegation's \ufb01nding was that ill-", "treatment persisted.",
    "\u0643\u064e\u062a\u064e\u0628\u064e",
    "Its report A/HRC/24/14 cites \u201cdeath in custody\u201d.",
    "\u0412 \u0418\u0437\u043e\u043b\u044f\u0442\u043e\u0440\u0435 \u0441\u043e\u0434\u0435\u0440\u0436\u0430\u043b\u0438\u0441\u044c 40 \u0447\u0435\u043b\u043e\u0432\u0435\u043a.",
]
_PRINTED_PASSAGES = ["T\u00fcrkiye the delegation's \ufb01nding", "ill-\ntreatment persisted",
                     "Its report A/HRC/24/14 cites \u201cdeath in custody\u201d",
                     "\u0418\u0437\u043e\u043b\u044f\u0442\u043e\u0440\u0435 \u0441\u043e\u0434\u0435\u0440\u0436\u0430\u043b\u0438\u0441\u044c"]

# Every query of the search tests, and the folding cases above.
QUERIES = [
    "", "restraint", '"restraint beds"', "restr*", "restraint NOT beds", "beatings OR withdrawal", "registers",
    '"ECHR Art 3"', "beds", "torture", "restraint OR withdrawal", "torture OR used", "restr* OR beatings",
    "(beatings OR withdrawal) AND NOT beds", '"unbalanced', "NOT", "*", ")(", "'; DROP TABLE annotations; --", "%_%",
    "turkiye", "T\u00dcRKIYE", "finding", "\ufb01nding", "illtreatment", "treatment", "ill", '"death in custody"',
    "A/HRC/24/14", "\u0643\u062a\u0628", "\u0438\u0437\u043e\u043b\u044f\u0442\u043e\u0440*",
    "\u0421\u041e\u0414\u0415\u0420\u0416\u0410\u041b\u0418\u0421\u042c", "deleg*", '"its report"', "40",
]


def _filters(ids, russia, news):
    yield AnnotationFilters()
    yield AnnotationFilters(tags_any=(ids["echr"],))
    yield AnnotationFilters(tags_all=(ids["echr"], ids["art3"]))
    yield AnnotationFilters(tags_any=(ids["event"],), document_kinds=("news",))
    yield AnnotationFilters(documents=(russia,), colors=("red", "yellow"))
    yield AnnotationFilters(countries=("Russian Federation",), has_note=False)
    yield AnnotationFilters(has_note=True)
    yield AnnotationFilters(published_from="2020", event_from="2025-01-01")
    yield AnnotationFilters(published_to="2019", document_kinds=("cpt_report",))


def _fill(library, tmp_path):
    library_with_passages = fill_passages(library, tmp_path)
    [printed] = import_paths(library, [make_print_pdf(tmp_path / "printed.pdf", _PRINTED)])
    for phrase in _PRINTED_PASSAGES:
        notes.create_annotation(library, notes.draft_from_selection(selection(library, printed.document.id, phrase)))
    return library_with_passages


def _quotes(library, words, filters, sort):
    return [hit.annotation.quote for hit in search_annotations(library, words, filters, sort=sort, limit=100).hits]


def test_the_same_query_finds_the_same_passages_on_both_engines(library, team_library, tmp_path):
    (tmp_path / "local").mkdir()
    (tmp_path / "team").mkdir(exist_ok=True)
    local = _fill(library, tmp_path / "local")
    team = _fill(team_library, tmp_path / "team")
    assert local[2] == team[2] and local[3:] == team[3:]  # the same ids: the comparison is fair
    _, _, ids, russia, news = local
    compared = found = 0
    for words, filters, sort in itertools.product(QUERIES, list(_filters(ids, russia, news)),
                                                   ("relevance", "date", "document")):
        on_sqlite, on_postgres = _quotes(library, words, filters, sort), _quotes(team_library, words, filters, sort)
        if sort == "relevance" and words:  # each engine scores in its own way: the same passages
            assert sorted(on_sqlite) == sorted(on_postgres), (words, filters)
        else:
            assert on_sqlite == on_postgres, (words, filters, sort)
        compared += 1
        found += bool(on_sqlite)
    assert compared == len(QUERIES) * 9 * 3 and found > compared // 4  # many queries find something
    for words in QUERIES:
        pages = [(hit.document_id, hit.page_index) for hit in search_text(library, words)]
        assert sorted(pages) == sorted((hit.document_id, hit.page_index) for hit in search_text(team_library, words))


def test_printed_forms_are_found_by_what_a_reader_types(team_library, tmp_path):
    _fill(team_library, tmp_path)
    for typed, quote in [("turkiye", _PRINTED_PASSAGES[0]), ("finding", _PRINTED_PASSAGES[0]),
                         ("illtreatment", _PRINTED_PASSAGES[1]), ("\u0643\u062a\u0628", None),
                         ('"death in custody"', _PRINTED_PASSAGES[2]), ("A/HRC/24/14", _PRINTED_PASSAGES[2])]:
        quotes = [hit.annotation.quote for hit in search_annotations(team_library, typed).hits]
        if quote is not None:
            assert quotes == [quote], typed
    [hit] = search_text(team_library, '"death in custody"')
    start, end = hit.highlights[0]
    assert hit.snippet[start:end].lower() == "death"  # the snippet marks what was found


def test_the_index_follows_edits_from_any_client(team_library, team_database, tmp_path):
    """A member's psql session changes a note and a tag's label: the search finds the new words."""
    _, passages, ids, *_ = fill_passages(team_library, tmp_path)
    other = create_engine(team_database)
    with other.begin() as connection:
        connection.execute(text("UPDATE annotations SET note = 'registers missing' WHERE uuid = :u"),
                           {"u": passages["rules"].uuid})
        connection.execute(text("UPDATE tags SET label = 'Ban on ill-treatment' WHERE id = :id"), {"id": ids["art3"]})
        connection.execute(text("DELETE FROM annotation_tags WHERE tag_id = :id"), {"id": ids["event"]})
    other.dispose()
    assert {hit.annotation.quote for hit in search_annotations(team_library, "missing").hits} == {
        "restraint rules unchanged"}
    assert len(search_annotations(team_library, '"ban on ill treatment"').hits) == 2
    assert search_annotations(team_library, "Withdrawal from ETS 126").hits == ()
    notes.trash(team_library, [passages["beds"].uuid])
    assert [hit.annotation.quote for hit in search_annotations(team_library, "restraint").hits] == [
        "restraint rules unchanged"]


def test_the_revisions_build_the_models_schema_on_the_server(team_library):
    with team_library.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "include_name": lambda name, type_, _: not (type_ == "table" and (fulltext.is_index_table(name)
                                                                              or name in postgres.SERVER_TABLES))})
        assert compare_metadata(context, Base.metadata) == []
        assert migrate.current_revision(team_library.engine) == migrate.head_revision()
        indexes = set(connection.execute(text("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%gin%'")).scalars())
    assert {"annotation_words_gin", "page_words_gin"} <= indexes


def test_an_upgrade_keeps_every_row_and_indexes_them(team_database, tmp_path):
    """A team library taken back to revision 0014 (no index) and opened again: every row kept, all found."""
    with Library.open(tmp_path / "team", database=team_database) as team:
        _, passages, *_ = fill_passages(team, tmp_path)
    engine = create_engine(team_database)
    config = migrate._config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0014")
        assert not connection.execute(text("SELECT to_regclass('annotation_words')")).scalar()
        counts = [connection.execute(text(f"SELECT count(*) FROM {name}")).scalar()
                  for name in ("documents", "page_texts", "annotations", "annotation_tags", "tags")]
    engine.dispose()
    with Library.open(tmp_path / "again", database=team_database) as again:
        assert migrate.current_revision(again.engine) == migrate.head_revision()
        with again.reading() as session:
            assert counts == [session.execute(text(f"SELECT count(*) FROM {name}")).scalar()
                              for name in ("documents", "page_texts", "annotations", "annotation_tags", "tags")]
        assert {hit.annotation.uuid for hit in search_annotations(again, "restraint").hits} == {
            passages["beds"].uuid, passages["rules"].uuid}
        assert [hit.page_index for hit in search_text(again, "delegation")] == [1]


def test_the_index_writer_kept_in_pl_pgsql_writes_what_the_sql_one_wrote(team_database, tmp_path):
    """Revision 0024 against 0023: every annotation's words and filter values written again by each."""
    with Library.open(tmp_path / "team", database=team_database) as team:
        fill_passages(team, tmp_path)
    engine = create_engine(team_database)
    config = migrate._config()
    rewritten = ("DELETE FROM annotation_words", "SELECT annotation_words_refresh(id) FROM annotations",
                 "SELECT annotation_id, words::text, facets::text FROM annotation_words ORDER BY annotation_id")
    languages = ("SELECT DISTINCT l.lanname FROM pg_proc AS p JOIN pg_language AS l ON l.oid = p.prolang WHERE "
                 "p.proname IN ('annotation_words_of', 'annotation_facets_of', 'annotation_words_refresh')")
    written = {}
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        for revision in ("0023", "0024"):
            (command.downgrade if revision == "0023" else command.upgrade)(config, revision)
            assert connection.execute(text(languages)).scalars().all() == ["sql" if revision == "0023" else "plpgsql"]
            connection.execute(text(rewritten[0]))
            connection.execute(text(rewritten[1]))
            written[revision] = connection.execute(text(rewritten[2])).all()
            assert len(written[revision]) == connection.execute(text("SELECT count(*) FROM annotations")).scalar()
    engine.dispose()
    assert written["0024"] and written["0024"] == written["0023"]


@pytest.mark.parametrize(("address", "message"), [
    ("postgresql://nobody:wrong@127.0.0.1:{port}/postgres", "refused this user name and password"),
    ("postgresql://postgres:{password}@127.0.0.1:{port}/no_such_library", "no such library"),
    ("postgresql://postgres@127.0.0.1:{port}/postgres", "wants this login's password"),
    ("postgresql://postgres@127.0.0.1:1/postgres", "does not answer at this address"),
    ("postgresql://postgres@no-such-host.invalid:5432/postgres", "not known"),
    ("postgresql://:::", "is not a database address"),
])
def test_a_library_that_cannot_be_reached_is_said_plainly(postgres_server, tmp_path, address, message):
    with postgres_server.admin.connect() as connection:
        connection.execute(text("DROP ROLE IF EXISTS nobody"))
        connection.execute(text("CREATE ROLE nobody LOGIN PASSWORD 'right'"))
    with pytest.raises(LibraryUnavailable, match=message) as raised:
        Library.open(tmp_path / "team", database=address.format(port=postgres_server.port,
                                                                         password=postgres_server.password))
    assert "wrong" not in str(raised.value) and postgres_server.password not in str(raised.value)  # never shown


def _soon(condition, seconds: float = 1.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_members_edit_reaches_the_other_members_within_a_second(team_library, team_database, tmp_path):
    _, passages, *_ = fill_passages(team_library, tmp_path)
    with Library.open(tmp_path / "other member", database=team_database) as other:
        theirs, mine = ChangeWatch(other), ChangeWatch(team_library)
        assert not theirs.changed_elsewhere() and not mine.changed_elsewhere()  # the first look starts listening
        notes.set_note(team_library, passages["beds"].uuid, "registers seen")
        assert _soon(theirs.changed_elsewhere)  # a commit by another member
        time.sleep(0.3)
        assert not mine.changed_elsewhere()  # its own edit, already on its screen
        assert not theirs.changed_elsewhere()  # told once
        with other.writing() as session:  # a rolled-back write tells no one
            session.execute(text("UPDATE annotations SET note = 'x'"))
            session.rollback()
        time.sleep(0.3)
        assert not mine.changed_elsewhere()
        theirs.close()
        mine.close()


def test_every_member_reads_a_document_another_member_imported(team_library, team_database, tmp_path):
    [report] = import_paths(team_library, [make_print_pdf(tmp_path / "printed.pdf", _PRINTED)])
    with Library.open(tmp_path / "other member", database=team_database) as other:
        path = other.file_path(report.document.file_name)
        assert path.read_bytes() == team_library.file_path(report.document.file_name).read_bytes()
        assert hashlib.sha256(path.read_bytes()).hexdigest() == report.document.sha256
    with team_library.engine.begin() as connection:  # the server's copy damaged
        connection.execute(text("UPDATE document_files SET content = 'not a pdf'"))
    with Library.open(tmp_path / "third member", database=team_database) as third:
        assert not third.file_path(report.document.file_name).exists()  # never a wrong file in its place


def test_a_server_that_goes_away_is_said_plainly_and_the_library_comes_back_by_itself(tmp_path, monkeypatch):
    """A server of this test's own, taken down under an open library and started again."""
    monkeypatch.setattr(postgres, "LISTEN_RETRY", 0.0)  # the window tries again after a while; here at once
    server = pg_server.start()
    try:
        with Library.open(tmp_path / "team", database=server.create_database("away")) as library:
            _, passages, *_ = fill_passages(library, tmp_path)
            watch = ChangeWatch(library)
            assert not watch.changed_elsewhere() and watch.reachable
            met_away: list[bool] = []
            library.unreachable_listeners.append(lambda: met_away.append(True))
            server.pause()
            with pytest.raises(LibraryUnavailable, match="server"):
                notes.set_note(library, passages["beds"].uuid, "written while the server is away")
            assert met_away  # whoever watches the server hears of it from the action that met it away
            with pytest.raises(LibraryUnavailable, match="server"):
                search_annotations(library, "restraint")
            assert watch.changed_elsewhere()  # what happened meanwhile is unknown: read everything again
            assert not watch.reachable
            assert not watch.changed_elsewhere()  # said once, not at every look while the server is away
            server.resume()
            assert watch.changed_elsewhere()  # back: what others did meanwhile is read again
            assert watch.reachable
            assert notes.get_annotation(library, passages["beds"].uuid).note == "ask for registers"  # nothing half-saved
            notes.set_note(library, passages["beds"].uuid, "saved once it is back")
            assert notes.get_annotation(library, passages["beds"].uuid).note == "saved once it is back"
            watch.close()
    finally:
        server.stop()


def test_a_schema_newer_than_the_app_is_refused_and_left_alone(team_database, tmp_path):
    engine = create_engine(team_database)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    with pytest.raises(LibraryUnavailable, match="newer Rights Annotator .* revision 0999"):
        Library.open(tmp_path / "team", database=team_database)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0999"
    engine.dispose()


def test_a_database_of_another_application_is_refused_and_left_alone(postgres_server, tmp_path):
    url = postgres_server.create_database("someone_elses")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE invoices (id integer PRIMARY KEY)"))
    try:
        with pytest.raises(LibraryUnavailable, match=r"tables of another application \(invoices\)"):
            Library.open(tmp_path / "team", database=url)
        with engine.connect() as connection:
            tables = set(connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
        assert tables == {"invoices"}
    finally:
        engine.dispose()
        with postgres_server.admin.connect() as connection:
            connection.execute(text("DROP DATABASE someone_elses WITH (FORCE)"))


def test_a_local_library_of_a_newer_app_is_refused_too(tmp_path):
    with Library.open(tmp_path / "local") as library, library.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    with pytest.raises(LibraryUnavailable, match="newer Rights Annotator"):
        Library.open(tmp_path / "local")


def test_a_local_library_moves_into_an_empty_team_library_whole(library, team_database, tmp_path):
    """export-library from a member's own library, import-library into the team's new one."""
    from app.export.archive import export_library, import_library

    _, passages, *_ = fill_passages(library, tmp_path)
    archive = tmp_path / "mine.zip"
    export_library(library, archive)
    with Library.open(tmp_path / "team", database=team_database) as team:
        import_library(team, archive)
        assert {hit.annotation.uuid for hit in search_annotations(team, "restraint").hits} == {
            passages["beds"].uuid, passages["rules"].uuid}
        made = notes.create_annotation(team, notes.draft_from_selection(
            selection(team, passages["beds"].document_id, "police station")))  # new ids follow the moved ones
        assert made.id > max(passage.id for passage in passages.values())
    with Library.open(tmp_path / "another member", database=team_database) as other:
        with other.reading() as session:
            file_name = session.get(Document, passages["beds"].document_id).file_name
        assert other.file_path(file_name).exists()  # the moved files are the team's too
        export_library(other, tmp_path / "team.zip")  # and a copy goes back out as a local library
    with Library.open(tmp_path / "copy") as copy:
        import_library(copy, tmp_path / "team.zip")
        assert len(search_annotations(copy, "restraint").hits) == 2
        assert copy.file_path(file_name).exists()


def test_whether_a_file_can_be_had_is_asked_without_bringing_it(team_library, team_database, tmp_path):
    [report] = import_paths(team_library, [make_print_pdf(tmp_path / "printed.pdf", _PRINTED)])
    with Library.open(tmp_path / "other member", database=team_database) as other:
        assert other.has_file(report.document.file_name)
        assert not (other.files_dir / report.document.file_name).exists()  # asked, not fetched
        assert not other.has_file("0" * 64 + ".pdf")


def test_a_file_comes_from_the_server_in_parts_checked_and_can_be_stopped(team_library, team_database, tmp_path,
                                                                          monkeypatch):
    [report] = import_paths(team_library, [make_print_pdf(tmp_path / "printed.pdf", _PRINTED)])
    file_name, size = report.document.file_name, team_library.file_path(report.document.file_name).stat().st_size
    monkeypatch.setattr(postgres, "FILE_PART", 1000)
    with Library.open(tmp_path / "other member", database=team_database) as other:
        assert other.missing_here(file_name) and not team_library.missing_here(file_name)
        heard: list[tuple[int, int]] = []
        with pytest.raises(FetchStopped):
            other.bring_file(file_name, lambda done, total: heard.append((done, total)) or len(heard) < 2)
        assert heard == [(1000, size), (2000, size)]
        assert other.missing_here(file_name)  # nothing of a stopped fetch is kept
        heard.clear()
        path = other.bring_file(file_name, lambda done, total: heard.append((done, total)) or True)
        assert len(heard) == -(-size // 1000) and heard[-1] == (size, size)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == report.document.sha256
        assert not other.missing_here(file_name)
    with team_library.engine.begin() as connection:
        connection.execute(text("UPDATE document_files SET content = 'not a pdf'"))
    with Library.open(tmp_path / "third member", database=team_database) as third:
        with pytest.raises(FileNotBrought, match="damaged"):
            third.bring_file(file_name)
        assert third.missing_here(file_name)
        with pytest.raises(FileNotBrought, match="does not keep"):
            third.bring_file("0" * 64 + ".pdf")


def test_a_large_file_comes_part_by_part_never_whole_in_memory(team_library, team_database, tmp_path):
    import os
    import tracemalloc

    import pymupdf

    path = tmp_path / "annexed.pdf"
    with pymupdf.open() as made:
        made.new_page().insert_text((72, 72), "1. A report with a large annex.")
        made.embfile_add("annex.bin", os.urandom(12 * 2**20))  # bytes no compression shrinks
        made.save(path)
    [report] = import_paths(team_library, [path])
    file_name, size = report.document.file_name, path.stat().st_size
    with Library.open(tmp_path / "other member", database=team_database) as other:
        tracemalloc.start()
        try:
            brought = other.bring_file(file_name)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert brought.read_bytes() == path.read_bytes()
    assert size > 12 * 2**20 and peak < 4 * postgres.FILE_PART  # a few parts at most, of the file's 12


def test_listening_to_a_server_that_does_not_answer_holds_up_no_one(team_library, monkeypatch):
    """The listener connects on the watch's own thread: a server that takes the connection and
    never answers costs the caller nothing, and is said to be away once its time is up."""
    monkeypatch.setattr(postgres, "LISTEN_TIMEOUT", 1)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # connections are taken, never answered
        team_library.engine = postgres.make_engine(
            f"postgresql://nobody:x@127.0.0.1:{silent.getsockname()[1]}/library")
        watch = ChangeWatch(team_library)
        heard: list[str] = []
        lost = threading.Event()
        started = time.monotonic()
        watch.follow(lambda: heard.append("changed"), lambda: (heard.append("lost"), lost.set()),
                     lambda: heard.append("back"), every=0.1)
        assert time.monotonic() - started < 0.2 and watch.following
        assert lost.wait(10) and not watch.reachable
        time.sleep(0.3)
        assert heard == ["lost"]  # said once
        watch.close()
        assert not watch.following


def test_a_library_opens_over_tls_and_an_untrusted_certificate_is_refused_plainly(tmp_path, monkeypatch):
    """A server of this test's own, taking TLS with a self-signed certificate."""
    server = pg_server.start(tls=True)
    try:
        database = server.create_database("tls")
        with Library.open(tmp_path / "encrypted", database=f"{database}?sslmode=require") as library:
            with library.reading() as session:
                assert session.execute(text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).scalar()
        # The listener's own connection follows the address's settings, as every other does: shown
        # with TLS turned off, which a connection left to libpq's default would have taken.
        with Library.open(tmp_path / "plain", database=f"{database}?sslmode=disable") as library:
            watch = ChangeWatch(library)
            assert not watch.changed_elsewhere() and watch.reachable
            with library.reading() as session:
                assert session.execute(text(
                    "SELECT array_agg(s.ssl) FROM pg_stat_ssl AS s JOIN pg_stat_activity AS a USING (pid)"
                    " WHERE a.application_name = :name"), {"name": library.engine.url.query["application_name"]}
                ).scalar() == [False, False]
            watch.close()
        trusted = f"{database}?sslmode=verify-full&sslrootcert={server.certificate}"
        with Library.open(tmp_path / "verified", database=trusted) as library:
            assert library.role == "admin"
        stranger, _ = pg_server.self_signed(tmp_path)  # another authority's certificate
        with pytest.raises(LibraryUnavailable) as refused:
            Library.open(tmp_path / "refused", database=f"{database}?sslmode=verify-full&sslrootcert={stranger}")
        message = str(refused.value)
        assert message.startswith("Cannot open the team library ")
        assert "TLS certificate is not one this computer trusts" in message and "\n" not in message
        assert server.password not in message
        # verify-full with no authority's certificate at all (where libpq looks for one: nothing there)
        monkeypatch.setenv("PGSSLROOTCERT", str(tmp_path / "none.crt"))
        with pytest.raises(LibraryUnavailable, match="no trusted authority's certificate is given; add sslrootcert"):
            Library.open(tmp_path / "unchecked", database=f"{database}?sslmode=verify-full")
    finally:
        server.stop()


def test_an_action_that_meets_the_server_away_has_the_listener_look_again(team_library, team_database):
    """The watch checks the server at once (a new connection of its listener's): here it answers,
    so the server is not said to be away, only back (the window reads the library again once)."""
    heard: list[str] = []
    watch = ChangeWatch(team_library)
    watch.follow(lambda: heard.append("changed"), lambda: heard.append("lost"), lambda: heard.append("back"),
                 every=0.1)
    admin = create_engine(team_database)

    def notice() -> bool:  # such as another member's commit sends; heard once the listener listens
        with admin.begin() as connection:
            connection.execute(text("SELECT pg_notify(:channel, 'another app')"), {"channel": postgres.CHANGE_CHANNEL})
        return "changed" in heard

    assert _soon(notice, seconds=5)
    time.sleep(0.5)  # every notice sent is read
    heard.clear()
    with pytest.raises(LibraryUnavailable, match="closed the connection"), team_library.reading() as session:
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar()
        with admin.begin() as connection:  # the connection dropped under the action
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        session.execute(text("SELECT 1"))
    assert _soon(lambda: heard == ["back"])  # away for the action only: read again, what failed tried again
    time.sleep(0.3)
    assert heard == ["back"] and watch.reachable
    watch.close()
    admin.dispose()
