"""Bring a library's schema up to date with Alembic, keeping a copy of the old file first."""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from app.store import sqlite

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, db_path: Path, target: str = "head") -> None:
    """Upgrade to ``target``; an existing library is first copied aside as ``<name>.before-<rev>``."""
    current = current_revision(engine)
    wanted = head_revision() if target == "head" else target
    if current == wanted:
        return
    if current is not None:
        _copy_aside(db_path, db_path.with_name(f"{db_path.name}.before-{wanted}"))
    config = _config()
    with engine.connect() as connection, sqlite.foreign_keys_deferred_for_migration(connection):
        with connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, target)
            # Checked inside the transaction, so broken references roll the migration back.
            sqlite.check_foreign_keys(connection)


def _copy_aside(db_path: Path, copy_path: Path) -> None:
    # The online backup API copies a consistent snapshot, WAL content included.
    source = sqlite3.connect(db_path)
    try:
        target = sqlite3.connect(copy_path)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
