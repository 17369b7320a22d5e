"""pg_big_library: big_library's searches on a team library (PostgreSQL): 10,000 documents and
1,000,000 annotations, each search beside the same one on the local (SQLite) library.

The big library big_library builds (kept in bench/.cache/) is copied row for row into a server
this benchmark starts on loopback, as pg_search_100k copies its own, and its search index made
whole. The target is absolute, 30 ms for the first page of results whatever the words, filters
and order, so each figure's baseline is that limit; the SQLite figure of the same run is in its
note. Run only when named (``python -m bench pg_big_library``): the copy takes most of an hour on two cores,
the index's writer going row by row (``annotation_words_refresh``, 300-500 annotations a second
there); ``run(SMALL)`` times big_library's small library in about a minute.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from bench.big_library import BIG, library_folder, search_cases
from bench.common import Result, median_time
from bench.pg_search_100k import _copy
from tests import pg_server

SEARCH_LIMIT = 0.030
REPEAT = 7


def run(size: tuple[int, int] = BIG) -> list[Result]:
    """``size``: (documents, annotations) of the library, big_library's big one unless another is given."""
    from app.library import Library
    from app.services.search import search_annotations

    local_folder = library_folder(*size)
    load = os.getloadavg()[0]
    cases = search_cases()
    server = pg_server.start()
    results = []
    try:
        database = server.create_database("big_library")
        with tempfile.TemporaryDirectory(prefix="bench-pg-big-") as folder, \
                Library.open(local_folder) as local, Library.open(Path(folder), database=database) as team:
            started = time.perf_counter()
            _copy(local_folder / "library.sqlite3", team)
            print(f"  copied into PostgreSQL in {time.perf_counter() - started:.0f} s", flush=True)
            for name, (text, filters) in cases.items():
                for sort in ("relevance", "date"):
                    if not text and sort == "relevance":
                        continue  # without a word there is nothing to rank by
                    on_sqlite = search_annotations(local, text, filters, sort=sort).hits
                    on_postgres = search_annotations(team, text, filters, sort=sort).hits
                    if len(on_sqlite) != len(on_postgres):
                        raise RuntimeError(f"{name}/{sort}: {len(on_sqlite)} passages on SQLite, {len(on_postgres)} on "
                                           "PostgreSQL: the figure would mislead")
                    baseline = median_time(lambda: search_annotations(local, text, filters, sort=sort), REPEAT)
                    value = median_time(lambda: search_annotations(team, text, filters, sort=sort), REPEAT)
                    results.append(Result(f"pg_big_search_{name}_{sort}", value, "s", SEARCH_LIMIT, 1.0,
                                          note=f"PostgreSQL {value * 1000:.1f} ms (limit {SEARCH_LIMIT * 1000:.0f} ms), "
                                               f"SQLite {baseline * 1000:.1f} ms, {len(on_postgres)} passages"))
    finally:
        server.stop()
    print(f"  load average at the end: {os.getloadavg()[0]:.2f} (at the start {load:.2f})")
    return results
