"""pg_search_100k: search_100k's query on a team library (PostgreSQL) beside the same on SQLite.

The same 2,000 documents and 100,000 annotations (search_100k's library, copied row for row into
a PostgreSQL server this benchmark starts on loopback), the same word and two filters, the first
50 results ranked through the search service. Target: 20 ms at most, and at most 5 times the
SQLite figure of the same run. The two are timed in turn, for three rounds.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
from pathlib import Path

from app.library import Library
from app.services.search import search_annotations
from bench.common import Result, sample_times
from bench.search_100k import WORD, _filters, _library_folder
from tests import pg_server

LIMIT_SECONDS = 0.020
TARGET_RATIO = 5.0
REPEAT, ROUNDS = 30, 3
# In the order their foreign keys need; each copied with its ids.
_TABLES = ("documents", "page_texts", "tags", "annotations", "annotation_tags")


def run() -> list[Result]:
    local_folder = _library_folder()
    server = pg_server.start()
    try:
        database = server.create_database("search_100k")
        with tempfile.TemporaryDirectory(prefix="bench-pg-") as folder, \
                Library.open(local_folder) as local, \
                Library.open(Path(folder), database=database) as team:
            _copy(local_folder / "library.sqlite3", team)
            filters = _filters(1)
            on_sqlite = [hit.annotation.uuid for hit in search_annotations(local, WORD, filters).hits]
            on_postgres = [hit.annotation.uuid for hit in search_annotations(team, WORD, filters).hits]
            if len(on_sqlite) != 50 or len(on_postgres) != 50:
                raise RuntimeError(f"found {len(on_sqlite)} and {len(on_postgres)} passages, not 50: the figure would mislead")
            sqlite_times, postgres_times = [], []
            for _ in range(ROUNDS):
                sqlite_times += sample_times(lambda: search_annotations(local, WORD, filters), REPEAT // ROUNDS)
                postgres_times += sample_times(lambda: search_annotations(team, WORD, filters), REPEAT // ROUNDS)
    finally:
        server.stop()
    value, baseline = statistics.median(postgres_times), statistics.median(sqlite_times)
    note = (f"PostgreSQL {value * 1000:.1f} ms (limit {LIMIT_SECONDS * 1000:.0f} ms), SQLite {baseline * 1000:.1f} ms; "
            f"p90 {sorted(postgres_times)[int(len(postgres_times) * 0.9)] * 1000:.1f} ms")
    return [Result("pg_search_100k", value, "s", baseline, TARGET_RATIO, note=note)]


def _copy(sqlite_path: Path, team: Library) -> None:
    """Every row of the local library's tables into the team library, then its index made whole.

    Triggers are off while copying (the server's replication role), so the index is written once
    at the end rather than once per row and per tag link.
    """
    source = sqlite3.connect(sqlite_path)
    raw = team.engine.raw_connection()
    try:
        connection = raw.driver_connection
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
            for table in _TABLES:
                rows = source.execute(f"SELECT * FROM {table}")
                columns = ", ".join(column[0] for column in rows.description)
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                if table != "annotation_tags":  # the next row made gets the next id
                    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                   f"(SELECT coalesce(max(id), 1) FROM {table}))")
            cursor.execute("SET session_replication_role = origin")
            cursor.execute("INSERT INTO page_words (page_id, words) SELECT id, rights_tsvector(text) FROM page_texts")
            # The index's own writer, row by row; its GIN index built once after, as its own definition
            # says: kept up row by row, a million rows took most of an hour.
            definition = cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'annotation_words_gin'"
                                        ).fetchone()[0]
            cursor.execute("DROP INDEX annotation_words_gin")
            cursor.execute("SELECT count(annotation_words_refresh(id)) FROM annotations")
            cursor.execute("SET maintenance_work_mem = '256MB'")
            cursor.execute(definition)
            cursor.execute("ANALYZE")
        connection.commit()
    finally:
        raw.close()
        source.close()
