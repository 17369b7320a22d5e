"""reindex_folded: revision 0011 re-indexing a library of 10,000 pages and 100,000 annotations.

The worst case: every page and every quote holds something folded (a ligature, a word broken
at a line end, a third of them vowelled Arabic), so the page index is made again and every
annotation's words written again. Value: the whole upgrade as a user waits for it, the copy
of the library kept aside first included; target 30 s.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import time
import uuid
from pathlib import Path

from app.store import migrate
from app.store import sqlite as sqlite_store
from bench.common import CACHE_DIR, Result

DOCUMENTS = 100
PAGES_PER_DOCUMENT = 100
ANNOTATIONS = 100_000
LIMIT_SECONDS = 30.0
NOW = "2025-01-01 00:00:00.000000"

_WORDS = ("delegation detainees police prison custody cell officers staff medical injuries allegations \ufb01ndings "
          "\ufb02oor of\ufb01cers condi-\ntions deten-\ntion ill-treatment State\u2019s \u201creport\u201d").split(" ")
_ARABIC = "كَتَبَ المحامي تقريرًا عن ظُرُوف الاحتـجاز في السِّجن".split()


def run() -> list[Result]:
    db_path = _library_at_0010()
    engine = sqlite_store.make_engine(str(db_path))
    start = time.perf_counter()
    migrate.upgrade(engine, db_path, target="0011")
    seconds = time.perf_counter() - start
    engine.dispose()
    note = f"{DOCUMENTS * PAGES_PER_DOCUMENT} pages and {ANNOTATIONS} annotations re-indexed in {seconds:.1f} s"
    return [Result("reindex_folded", seconds, "s", LIMIT_SECONDS, 1.0, note=note)]


def _library_at_0010() -> Path:
    folder = CACHE_DIR / "reindex_folded"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db_path = folder / "library.sqlite3"
    engine = sqlite_store.make_engine(str(db_path))
    migrate.upgrade(engine, db_path, target="0010")
    engine.dispose()
    _fill(db_path)
    return db_path


def _text(rng: random.Random, count: int) -> str:
    words = _ARABIC if rng.random() < 1 / 3 else _WORDS
    return " ".join(rng.choice(words) for _ in range(count))


def _fill(db_path: Path) -> None:
    rng = random.Random(20261203)
    with sqlite3.connect(db_path) as db:  # revision 0010's triggers call no function
        db.executemany(
            "INSERT INTO documents (id, sha256, title, kind, country, published, pdf_metadata, page_count, outline,"
            " text_pages, has_text_layer, encrypted, file_name, file_size, added_at, user_fields)"
            f" VALUES (?, ?, ?, 'cpt_report', 'Utopia', '2024', '{{}}', ?, '[]', ?, 1, 0, ?, 1, '{NOW}', '[]')",
            [(n, f"{n:064x}", f"Report {n}", PAGES_PER_DOCUMENT, PAGES_PER_DOCUMENT, f"{n:064x}.pdf")
             for n in range(1, DOCUMENTS + 1)],
        )
        db.executemany(
            "INSERT INTO page_texts (document_id, page_index, label, text, start_offset, width, height)"
            " VALUES (?, ?, ?, ?, 0, 595, 842)",
            [(d, p, str(p + 1), _text(rng, 400)) for d in range(1, DOCUMENTS + 1) for p in range(PAGES_PER_DOCUMENT)],
        )
        db.executemany(
            "INSERT INTO annotations (uuid, document_id, kind, color, note, page_index, targets, quote, prefix,"
            " suffix, start_offset, end_offset, paragraphs, anchor_status, origin, created_at, updated_at)"
            f" VALUES (?, ?, 'highlight', 'yellow', ?, ?, '[]', ?, '', '', 0, NULL, '[]', 'anchored', 'user',"
            f" '{NOW}', '{NOW}')",
            [(str(uuid.UUID(int=rng.getrandbits(128))), rng.randint(1, DOCUMENTS),
              "" if rng.random() < 0.8 else _text(rng, 5), rng.randrange(PAGES_PER_DOCUMENT), _text(rng, 25))
             for _ in range(ANNOTATIONS)],
        )
