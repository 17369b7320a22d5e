"""Damage a library database the way a failing disk does: pages in the middle overwritten."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path


def damage_pages(db_path: Path, seed: int = 9) -> None:
    """Overwrite a run of pages in the middle of the file with noise (after a checkpoint, so the
    damage is in the file itself, not only in its write-ahead log)."""
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    pages = db_path.stat().st_size // page_size
    assert pages >= 8, "too small a database to damage in the middle"
    noise = random.Random(seed)
    with open(db_path, "r+b") as file:
        for page in range(pages // 3, pages // 3 + max(2, pages // 4)):
            file.seek(page * page_size)
            file.write(bytes(noise.getrandbits(8) for _ in range(page_size)))
