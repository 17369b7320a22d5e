"""Writing the database's journal back into the database file, so the file alone is complete.

The library runs SQLite in WAL mode: commits go to ``library.sqlite3-wal`` first and reach the
database file only at a checkpoint. After a quit the file alone once held no tables at all, with
everything in the -wal beside it: a copy of the file alone (by hand, by a sync tool) lost it all.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError


def checkpoint(engine: Engine) -> bool:
    """Move everything in the -wal into the database file and empty the -wal; True when all of it
    went in (False when another program was reading at that moment, or the library is read-only)."""
    try:
        with engine.connect() as connection:
            busy, _logged, _moved = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    except DBAPIError:
        return False
    return not busy
