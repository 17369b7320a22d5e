"""A whole-library archive (a portable backup): every table as JSON and every imported file, in one zip.

Restoring it into an empty library gives the same documents, pages, paragraphs, tags,
annotations and links, with the same ids, dates and files. Tables are read from the models'
metadata, so a table added later is carried without a change here.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Table, delete, func, insert, select, update

from app.export.writing import ExportCancelled, ExportError, Progress, atomic_target
from app.library import Library
from app.store.models import Base, Tag

FORMAT = "rights-annotator-backup"
VERSION = 1
DATA_NAME = "library.json"
FILES = "files/"


@dataclass(frozen=True)
class ArchiveOutcome:
    path: Path
    documents: int
    annotations: int
    tags: int
    cancelled: bool = False


def export_library(library: Library, target: str | Path, *, force: bool = False, progress: Progress | None = None,
                   cancelled: Callable[[], bool] = lambda: False) -> ArchiveOutcome:
    """Write the library's data and files to a zip at ``target``; on cancel nothing is left behind."""
    target = Path(target)
    with library.reading() as session:
        connection = session.connection()
        tables = {table.name: [_jsonable(table, row) for row in connection.execute(select(table))]
                  for table in Base.metadata.sorted_tables}
    files = [row["file_name"] for row in tables["documents"]]
    try:
        with atomic_target(target, force) as temporary, zipfile.ZipFile(temporary, "w") as archive:
            data = {"format": FORMAT, "version": VERSION, "tables": tables}
            archive.writestr(DATA_NAME, json.dumps(data, ensure_ascii=False), compress_type=zipfile.ZIP_DEFLATED)
            for done, name in enumerate(files, 1):
                if cancelled():
                    raise ExportCancelled
                # PDFs are compressed already: stored as they are, they are written at disk speed.
                archive.write(library.file_path(name), FILES + name, compress_type=zipfile.ZIP_STORED)
                if progress is not None:
                    progress(done, len(files))
    except ExportCancelled:
        return ArchiveOutcome(target, 0, 0, 0, cancelled=True)
    return ArchiveOutcome(target, len(files), len(tables["annotations"]), len(tables["tags"]))


def import_library(library: Library, source: str | Path) -> ArchiveOutcome:
    """Fill an empty library from a backup; refuses a library that already holds documents or passages."""
    source = Path(source)
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as error:
        raise ExportError(f"{source} is not a library backup: {error}. Nothing was changed.") from error
    with archive:
        try:
            data = json.loads(archive.read(DATA_NAME))
        except (KeyError, ValueError) as error:
            raise ExportError(f"{source} holds no readable {DATA_NAME}; nothing was changed.") from error
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise ExportError(f"{source} is not a backup this version can read; nothing was changed.")
        tables: dict[str, list[dict[str, Any]]] = data["tables"]
        _check_empty(library)
        written = _restore_files(library, archive, tables.get("documents", []))
        try:
            with library.writing() as session:
                connection = session.connection()
                connection.execute(delete(Tag))  # the built-in vocabulary; the backup brings its own
                for table in Base.metadata.sorted_tables:
                    _insert(connection, table, tables.get(table.name, []))
        except Exception:
            for path in written:
                path.unlink(missing_ok=True)
            raise
    return ArchiveOutcome(source, len(tables.get("documents", [])), len(tables.get("annotations", [])),
                         len(tables.get("tags", [])))


def _check_empty(library: Library) -> None:
    with library.reading() as session:
        for table in Base.metadata.sorted_tables:
            if table.name != Tag.__tablename__ and session.scalar(select(func.count()).select_from(table)):
                raise ExportError(f"This library already holds {table.name}; restore a backup into a new, empty "
                                  "library. Nothing was changed.")


def _restore_files(library: Library, archive: zipfile.ZipFile, documents: list[dict[str, Any]]) -> list[Path]:
    """Copy each document's file in, checking it is the very file that was imported."""
    written: list[Path] = []
    try:
        for document in documents:
            name = Path(document["file_name"]).name  # never a path out of the library
            try:
                content = archive.read(FILES + document["file_name"])
            except KeyError as error:
                raise ExportError(f"The backup lacks the file of \u201c{document['title']}\u201d; nothing was changed.") from error
            if hashlib.sha256(content).hexdigest() != document["sha256"]:
                raise ExportError(f"The file of \u201c{document['title']}\u201d in the backup is damaged (its SHA-256 "
                                  "differs); nothing was changed.")
            path = library.file_path(name)
            if not path.exists():
                path.write_bytes(content)
                written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


def _jsonable(table: Table, row: Any) -> dict[str, Any]:
    values = dict(row._mapping)  # noqa: SLF001 - SQLAlchemy's row mapping
    for column in table.columns:
        if isinstance(column.type, DateTime) and values[column.name] is not None:
            values[column.name] = values[column.name].isoformat()
    return values


def _insert(connection: Any, table: Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    dates = [c.name for c in table.columns if isinstance(c.type, DateTime)]
    # A column pointing into its own table (a revision, a parent tag) is set once every row is in.
    own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    prepared = []
    for row in rows:
        values = {name: value for name, value in row.items() if name in table.c}
        for name in dates:
            if values.get(name) is not None:
                values[name] = datetime.fromisoformat(values[name])
        prepared.append({**values, **{name: None for name in own}})
    connection.execute(insert(table), prepared)
    key = list(table.primary_key.columns)
    for name in own:
        for row in rows:
            if row.get(name) is not None:
                connection.execute(update(table).where(*(c == row[c.name] for c in key)).values({name: row[name]}))

