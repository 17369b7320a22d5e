"""Revision 0009: stored country names become one short name per State, every row kept."""

from __future__ import annotations

import sqlite3

from app.library import Library
from app.services.search import AnnotationFilters, search_annotations
from app.store import migrate
from app.store import sqlite as store_sqlite
from tests.app.test_migrations import dump, fill_revision_0001, make_library_at

PRINTED = {
    1: "The Netherlands",
    2: "Poland \u2217",
    3: "United Kingdom of Great Britain and Northern Ireland",
    4: "Republic of Utopia",
    5: None,
}
STORED = {1: "Netherlands", 2: "Poland", 3: "United Kingdom", 4: "Republic of Utopia", 5: None}


def library_at_0008_with_printed_names(root):
    db_path = make_library_at(root, "0001")
    fill_revision_0001(db_path)
    engine = store_sqlite.make_engine(str(db_path))
    migrate.upgrade(engine, db_path, target="0008")
    engine.dispose()
    now = "2024-01-02 03:04:05.000000+00:00"
    with sqlite3.connect(db_path) as db:
        for document_id, country in PRINTED.items():
            if document_id > 1:
                db.execute(
                    "INSERT INTO documents (id, sha256, title, kind, country, pdf_metadata, page_count, outline,"
                    " text_pages, has_text_layer, encrypted, file_name, file_size, added_at, user_fields)"
                    " VALUES (?, ?, 'A report', 'cpt_report', ?, '{}', 1, '[]', 1, 1, 0, 'y.pdf', 10, ?, '[]')",
                    (document_id, str(document_id) * 64, country, now),
                )
        db.execute("UPDATE documents SET country = ? WHERE id = 1", (PRINTED[1],))
    return db_path


def test_revision_0009_stores_short_names_and_keeps_every_row(tmp_path):
    db_path = library_at_0008_with_printed_names(tmp_path / "lib")
    before = dump(db_path)

    with Library.open(tmp_path / "lib") as library:
        assert migrate.current_revision(library.engine) == migrate.head_revision()
        # The index's filter words follow the new name: the old annotation is found under it.
        hits = search_annotations(library, "handcuffed", AnnotationFilters(countries=("Netherlands",))).hits
        assert [hit.annotation.id for hit in hits] == [1]
        assert search_annotations(library, "handcuffed", AnnotationFilters(countries=("The Netherlands",))).hits == ()

    after = dump(db_path)
    assert {row["id"]: row["country"] for row in after["documents"]} == STORED
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        for old, new in zip(rows, after[table]):
            assert {k: v for k, v in old.items() if k != "country"} == {k: v for k, v in new.items() if k in old
                                                                        and k != "country"}, table
