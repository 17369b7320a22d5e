"""Schema migrations keep every row, and the models agree with what migrations build."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.exc import IntegrityError

from app.errors import LibraryUnavailable
from app.infra import paths
from app.library import Library
from app.services.documents import search_text
from app.services.search import AnnotationFilters, search_annotations
from app.store import filters, fulltext, migrate, sqlite_search
from app.store import sqlite as store_sqlite
from app.store.models import Base

TABLES = ("documents", "page_texts", "paragraphs", "tags", "annotations", "annotation_tags")


def make_library_at(root: Path, revision: str) -> Path:
    root.mkdir(parents=True)
    db_path = root / paths.DATABASE_NAME
    engine = store_sqlite.make_engine(str(db_path))
    migrate.upgrade(engine, db_path, target=revision)
    engine.dispose()
    return db_path


def fill_revision_0001(db_path: Path) -> None:
    """Rows as the first schema held them, written with plain SQL as old code would have."""
    now = "2024-01-02 03:04:05.000000+00:00"
    with sqlite3.connect(db_path) as db:
        db.execute(
            "INSERT INTO documents VALUES (1, ?, 'Report on a visit', 'cpt_report', 'CPT', 'CPT/Inf (2024) 23',"
            " 'Utopia', '2024-05', NULL, 'Someone', NULL, NULL, '{}', 2, '[\"i\", \"1\"]', '[]', 2, 1, 0,"
            " 'x.pdf', 10, '/old/place.pdf', ?)",
            ("f" * 64, now),
        )
        db.execute("INSERT INTO page_texts VALUES (1, 1, 0, 'i', 'Cover page', 0, 595, 842)")
        db.execute("INSERT INTO page_texts VALUES (2, 1, 1, '1', '45. Detainees were handcuffed', 11, 595, 842)")
        db.execute("INSERT INTO paragraphs VALUES (1, 1, 0, '45', 1, 1, 11, 40, '[]')")
        db.execute(
            "INSERT INTO tags VALUES (1, 'echr-art-3', 'article', 'Prohibition of torture', 'ECHR Art. 3', NULL,"
            " '', NULL, 1, NULL, NULL, NULL, NULL, NULL, NULL, '[]', ?)",
            (now,),
        )
        db.execute(
            "INSERT INTO annotations VALUES (1, '0b7e1c9a-0000-4000-8000-000000000001', 1, 'highlight', 'yellow',"
            " 'check the registers', 1, '[]', 'Detainees were handcuffed', '45. ', '', 15, 40, '[\"45\"]',"
            " 'anchored', 'user', NULL, ?, ?, NULL)",
            (now, now),
        )
        db.execute("INSERT INTO annotation_tags VALUES (1, 1, ?)", (now,))


def dump(db_path: Path) -> dict[str, list[dict]]:
    with sqlite3.connect(db_path) as db:
        db.row_factory = sqlite3.Row
        return {table: [dict(row) for row in db.execute(f"SELECT * FROM {table} ORDER BY 1, 2")] for table in TABLES}


def kept(before: dict[str, list[dict]], after: dict[str, list[dict]]) -> bool:
    """Every row and every old column's value is still there; new columns may have been added."""
    return all(
        len(after[table]) == len(rows)
        and all(new_row | old_row == new_row for old_row, new_row in zip(rows, after[table]))
        for table, rows in before.items()
    )


def test_upgrade_from_the_first_schema_keeps_every_row_and_indexes_them(tmp_path):
    db_path = make_library_at(tmp_path / "lib", "0001")
    fill_revision_0001(db_path)
    before = dump(db_path)
    assert all(before[table] for table in TABLES)

    with Library.open(tmp_path / "lib") as library:
        assert migrate.current_revision(library.engine) == migrate.head_revision()
        assert [hit.page_index for hit in search_text(library, "handcuffed")] == [1]
        with library.reading() as session:
            found = session.connection().exec_driver_sql(
                "SELECT rowid FROM annotation_fts WHERE annotation_fts MATCH 'registers AND tags:torture'"
            ).scalars().all()
        assert found == [1]
        # Revision 0007 put the filters into the index: a treaty-with-kind search finds the old row.
        filters = AnnotationFilters(tags_any=(1,), document_kinds=("cpt_report",), countries=("Utopia",), has_note=True)
        assert [hit.annotation.id for hit in search_annotations(library, "handcuffed", filters).hits] == [1]
        assert search_annotations(library, "handcuffed", AnnotationFilters(colors=("red",))).hits == ()

    assert kept(before, dump(db_path))
    copy = db_path.with_name(f"{db_path.name}.before-{migrate.head_revision()}")
    assert dump(copy) == before


def test_every_revision_upgrades_from_the_one_before(tmp_path):
    script = migrate.ScriptDirectory.from_config(migrate._config())
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    for older in revisions[:-1]:
        db_path = make_library_at(tmp_path / older, older)
        engine = store_sqlite.make_engine(str(db_path))
        migrate.upgrade(engine, db_path)
        assert migrate.current_revision(engine) == revisions[-1]
        engine.dispose()


def test_models_match_the_migrated_schema(library):
    with library.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"include_name": lambda name, type_, _: not (type_ == "table" and fulltext.is_index_table(name))},
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_opening_an_up_to_date_library_changes_nothing(tmp_path):
    Library.open(tmp_path / "lib").close()
    Library.open(tmp_path / "lib").close()
    assert not list((tmp_path / "lib").glob("*.before-*"))


def test_the_filter_index_can_be_taken_back_to_revision_0006(tmp_path):
    db_path = make_library_at(tmp_path / "lib", "0001")
    fill_revision_0001(db_path)
    Library.open(tmp_path / "lib").close()
    config = migrate._config()
    engine = store_sqlite.make_engine(str(db_path))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        migrate.command.downgrade(config, "0006")
    with engine.connect() as connection:
        columns = [row[1] for row in connection.exec_driver_sql("PRAGMA table_info(annotation_fts)")]
        found = connection.exec_driver_sql("SELECT rowid FROM annotation_fts WHERE annotation_fts MATCH 'registers'").all()
    engine.dispose()
    assert columns == ["quote", "note", "tags"] and found == [(1,)]


def test_revision_0007_gives_each_annotation_its_own_filter_words(tmp_path):
    db_path = make_library_at(tmp_path / "lib", "0001")
    fill_revision_0001(db_path)
    now = "2024-01-02 03:04:05.000000+00:00"
    with sqlite3.connect(db_path) as db:  # a second document, kind, country, colour and tag
        db.execute(
            "INSERT INTO documents VALUES (2, ?, 'A news story', 'news', 'Daily', NULL, 'Elsewhere', '2025-01',"
            " NULL, NULL, NULL, NULL, '{}', 1, '[\"1\"]', '[]', 1, 1, 0, 'y.pdf', 10, '/old/y.pdf', ?)",
            ("e" * 64, now),
        )
        db.execute("INSERT INTO page_texts VALUES (3, 2, 0, '1', 'Detainees were handcuffed again', 0, 595, 842)")
        db.execute(
            "INSERT INTO tags VALUES (2, 'cat', 'treaty', 'Convention against Torture', 'CAT', NULL,"
            " '', NULL, 1, NULL, NULL, NULL, NULL, NULL, NULL, '[]', ?)",
            (now,),
        )
        db.execute(
            "INSERT INTO annotations VALUES (2, '0b7e1c9a-0000-4000-8000-000000000002', 2, 'highlight', 'red',"
            " '', 0, '[]', 'Detainees were handcuffed', '', ' again', 0, 25, '[]', 'anchored', 'user', NULL, ?, ?, NULL)",
            (now, now),
        )
        db.execute("INSERT INTO annotation_tags VALUES (2, 2, ?)", (now,))

    with Library.open(tmp_path / "lib") as library:
        def ids(**filters):
            return [hit.annotation.id for hit in search_annotations(library, "handcuffed", AnnotationFilters(**filters)).hits]

        assert sorted(ids()) == [1, 2]
        assert ids(document_kinds=("cpt_report",)) == [1] and ids(document_kinds=("news",)) == [2]
        assert ids(countries=("Elsewhere",)) == [2] and ids(documents=(1,)) == [1]
        assert ids(tags_any=(2,)) == [2] and ids(colors=("yellow",)) == [1]
        assert ids(has_note=True) == [1] and ids(has_note=False) == [2]


def test_revision_0008_writes_each_annotation_the_filter_words_its_triggers_write(tmp_path):
    db_path = make_library_at(tmp_path / "lib", "0001")
    fill_revision_0001(db_path)
    Library.open(tmp_path / "lib").close()
    with sqlite3.connect(db_path) as db:
        store_sqlite.register_functions(db)  # the triggers fold text (revision 0011)
        migrated = db.execute("SELECT rowid, facets FROM annotation_fts ORDER BY rowid").fetchall()
        db.execute("UPDATE annotations SET color = color")  # each row's words written again by its trigger
        rewritten = db.execute("SELECT rowid, facets FROM annotation_fts ORDER BY rowid").fetchall()
        kind_country = db.execute(
            "SELECT d.kind, d.country FROM documents AS d JOIN annotations AS a ON a.document_id = d.id WHERE a.id = 1"
        ).fetchone()
    assert migrated == rewritten
    words = migrated[0][1].lower().split()
    tag, kind, country = "t1", filters.facet("k", kind_country[0]), filters.facet("c", kind_country[1])
    assert {sqlite_search.facet_pair(tag, kind), sqlite_search.facet_pair(tag, country),
            sqlite_search.facet_pair(kind, country)} <= set(words)


def _copy_aside_path(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.before-{migrate.head_revision()}")


def test_a_damaged_leftover_copy_is_kept_aside_and_the_upgrade_goes_on(tmp_path):
    db_path = make_library_at(tmp_path / "lib", "0001")
    fill_revision_0001(db_path)
    before = dump(db_path)
    leftover = _copy_aside_path(db_path)
    leftover.write_bytes(b"not a database at all" * 100)

    Library.open(tmp_path / "lib").close()

    assert dump(_copy_aside_path(db_path)) == before
    assert leftover.with_name(f"{leftover.name}.kept-1").read_bytes() == b"not a database at all" * 100
    assert not list((tmp_path / "lib").glob("*.partial*"))


def test_a_good_leftover_copy_is_not_overwritten(tmp_path):
    db_path = make_library_at(tmp_path / "lib", "0001")
    leftover = _copy_aside_path(db_path)
    leftover.write_bytes(b"an older copy")
    leftover.with_name(f"{leftover.name}.kept-1").write_bytes(b"an even older copy")

    Library.open(tmp_path / "lib").close()

    assert leftover.with_name(f"{leftover.name}.kept-1").read_bytes() == b"an even older copy"
    assert leftover.with_name(f"{leftover.name}.kept-2").read_bytes() == b"an older copy"


class _DiskFills(sqlite3.Connection):
    def backup(self, target, **kwargs):
        super().backup(target, pages=1)  # part of the copy is written before the disk fills
        raise sqlite3.OperationalError("database or disk is full")


def test_a_full_disk_while_copying_aside_is_explained_and_changes_nothing(tmp_path, monkeypatch):
    db_path = make_library_at(tmp_path / "lib", "0001")
    fill_revision_0001(db_path)
    before = dump(db_path)
    connect = sqlite3.connect
    monkeypatch.setattr(migrate.sqlite3, "connect", lambda *args, **kwargs: connect(*args, factory=_DiskFills, **kwargs))

    with pytest.raises(LibraryUnavailable) as refused:
        Library.open(tmp_path / "lib")
    monkeypatch.undo()

    message = str(refused.value)
    assert "disk is full" in message and "was not changed" in message and "partial copy was removed" in message
    assert not [path.name for path in (tmp_path / "lib").iterdir() if ".before-" in path.name]
    engine = store_sqlite.make_engine(str(db_path))
    assert migrate.current_revision(engine) == "0001"
    engine.dispose()
    assert dump(db_path) == before


def test_no_space_left_while_copying_aside_is_explained(tmp_path, monkeypatch):
    make_library_at(tmp_path / "lib", "0001")

    def no_space(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(migrate.os, "replace", no_space)
    with pytest.raises(LibraryUnavailable, match="the disk is full"):
        Library.open(tmp_path / "lib")
    monkeypatch.undo()
    assert not list((tmp_path / "lib").glob("*.before-*"))
    Library.open(tmp_path / "lib").close()


def test_revision_0013_admits_standards_and_keeps_every_tag_link_and_index_trigger(tmp_path):
    # The rows of the first schema, carried up to 0012, then across 0013.
    db_path = make_library_at(tmp_path / "lib", "0001")
    fill_revision_0001(db_path)
    engine = store_sqlite.make_engine(str(db_path))
    migrate.upgrade(engine, db_path, target="0012")
    engine.dispose()
    before = dump(db_path)
    with sqlite3.connect(db_path) as db:
        triggers = sorted(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'tags'"))
    engine = store_sqlite.make_engine(str(db_path))
    migrate.upgrade(engine, db_path, target="0013")
    engine.dispose()
    assert dump(db_path) == before
    with sqlite3.connect(db_path) as db:
        assert triggers and sorted(db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'tags'")) == triggers
    engine = store_sqlite.make_engine(str(db_path))  # with the functions the index's triggers call
    try:
        with engine.begin() as db:
            db.exec_driver_sql(
                "INSERT INTO tags (id, slug, kind, label, description, builtin, parties, created_at)"
                " VALUES (2, 'mandela-rules', 'standard', 'Nelson Mandela Rules', '', 1, '[]', '2024-01-02')"
            )
            db.exec_driver_sql("UPDATE tags SET label = 'Torture' WHERE id = 1")  # the index's trigger still runs
            found = db.exec_driver_sql("SELECT rowid FROM annotation_fts WHERE annotation_fts MATCH 'tags:torture'").all()
            assert found == [(1,)]
        with pytest.raises(IntegrityError), engine.begin() as db:  # the passage's link still holds its tag
            db.exec_driver_sql("DELETE FROM tags WHERE id = 1")
    finally:
        engine.dispose()



def test_a_revision_for_the_server_alone_upgrades_a_local_library_without_copying_it_aside(tmp_path):
    for start, copied in (("0023", False), ("0022", True)):  # 0024 is the server's alone; 0023 changes local ones
        db_path = make_library_at(tmp_path / start, start)
        engine = store_sqlite.make_engine(str(db_path))
        migrate.upgrade(engine, db_path, target="0024")
        assert migrate.current_revision(engine) == "0024"
        engine.dispose()
        assert db_path.with_name(f"{db_path.name}.before-0024").exists() is copied
