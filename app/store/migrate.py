"""Bring a library's schema up to date with Alembic, keeping a copy of the old file first."""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DBAPIError

from app.errors import LibraryUnavailable
from app.store import postgres, sqlite

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


def upgrade(engine: Engine, db_path: Path | None, target: str = "head") -> None:
    """Upgrade to ``target``; an existing local library is first copied aside as ``<name>.before-<rev>``.

    A team library's server makes the whole upgrade one transaction, which either happens or
    leaves the database as it was (its own backups are the server's).
    """
    current = current_revision(engine)
    wanted = head_revision() if target == "head" else target
    if current == wanted:
        return
    _refuse_unknown(engine, current)
    if engine.dialect.name == "postgresql":
        _upgrade_on_server(engine, target, current)
        return
    assert db_path is not None, "a local library has a file"
    if current is not None and _changes_local_library(current, wanted):
        _copy_aside(db_path, db_path.with_name(f"{db_path.name}.before-{wanted}"))
    config = _config()
    with engine.connect() as connection, sqlite.foreign_keys_deferred_for_migration(connection):
        with connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, target)
            # Checked inside the transaction, so broken references roll the migration back.
            sqlite.check_foreign_keys(connection)


def _changes_local_library(current: str, wanted: str) -> bool:
    """Whether a revision after ``current`` up to ``wanted`` changes a local library; one for a team
    library's server alone says it does not (``LOCAL_LIBRARY_UNCHANGED``), and a library of any size
    is then not copied aside for it."""
    scripts = ScriptDirectory.from_config(_config()).iterate_revisions(wanted, current)
    return any(not getattr(script.module, "LOCAL_LIBRARY_UNCHANGED", False) for script in scripts)


def _refuse_unknown(engine: Engine, current: str | None) -> None:
    """A schema this app does not know (a newer app's) or a database of another application is
    never written to."""
    known = {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}
    if current is not None and current not in known:
        raise LibraryUnavailable(f"This library was made or upgraded by a newer Rights Annotator (its schema is "
                                 f"revision {current[:40]}; this app knows up to {head_revision()}). Update the app to "
                                 "open it; the library was not changed.")
    if current is None:
        others = sorted(set(inspect(engine).get_table_names()) - {"alembic_version"})
        if others:
            shown = ", ".join(others[:5]) + (", \u2026" if len(others) > 5 else "")
            raise LibraryUnavailable(f"The database holds tables of another application ({shown}), not a library; "
                                     "a library needs an empty database or one of its own. Nothing was changed.")


def _upgrade_on_server(engine: Engine, target: str, current: str | None) -> None:
    config = _config()
    try:
        with engine.connect() as connection, connection.begin():
            postgres.lock_for_migration(connection)  # another member's app may be upgrading it this moment
            config.attributes["connection"] = connection
            command.upgrade(config, target)
    except DBAPIError as error:
        if not postgres.refused(error):
            raise
        # The usual way to meet it: the team's app was updated, and a member opens the library before an admin.
        raise LibraryUnavailable(
            f"This team library's schema (revision {current}) is older than this app's ({head_revision()}), and "
            "bringing it up to date takes an admin's rights on the server: ask an admin of the library to open it "
            "once with this version of the app, then open it again. Nothing was changed.") from error


def _copy_aside(db_path: Path, copy_path: Path) -> None:
    """Copy the library to ``copy_path``, which only ever holds a complete, checked copy."""
    # The copy is made under a name no one else uses, so a crash or a full disk
    # never leaves a half-written file where a good copy is looked for.
    handle, partial_name = tempfile.mkstemp(prefix=f"{copy_path.name}.", suffix=".partial", dir=copy_path.parent)
    os.close(handle)
    partial = Path(partial_name)
    try:
        _backup(db_path, partial)
        _check_copy(partial)
        _keep_leftover(copy_path)
        os.replace(partial, copy_path)
    except (sqlite3.Error, OSError) as error:
        _remove_partial(partial)
        raise LibraryUnavailable(_copy_failed(db_path, error)) from error


def _backup(db_path: Path, copy_path: Path) -> None:
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


def _check_copy(copy_path: Path) -> None:
    copy = sqlite3.connect(copy_path)
    try:
        verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        copy.close()
    if verdict != "ok":
        raise sqlite3.DatabaseError(f"the copy failed its check ({verdict[:200]})")


def _keep_leftover(copy_path: Path) -> None:
    """Move an earlier copy (from an upgrade that stopped half-way, say) to a name of its own."""
    # It may be the user's only copy of something, so it is kept, never overwritten.
    if not copy_path.exists():
        return
    number = 1
    while (kept := copy_path.with_name(f"{copy_path.name}.kept-{number}")).exists():
        number += 1
    os.rename(copy_path, kept)


def _remove_partial(partial: Path) -> None:
    for path in (partial, partial.with_name(f"{partial.name}-journal")):
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass  # Nothing more can be done; its name says what it is.


def _copy_failed(db_path: Path, error: BaseException) -> str:
    if _disk_full(error):
        reason, advice = "the disk is full", "Free some space, then open it again."
    else:
        reason = sqlite.explain(error) or getattr(error, "strerror", None) or str(error)
        advice = "Open it again once that is put right."
    return (
        f"Could not upgrade the library {db_path}: {reason}, so the copy kept before upgrading could not be made. "
        f"The library was not changed, and the partial copy was removed. {advice}"
    )


def _disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError):
        return error.errno == errno.ENOSPC
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    return code == sqlite3.SQLITE_FULL or "disk is full" in str(error).lower()
