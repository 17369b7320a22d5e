"""A whole-library archive (a portable backup): every table as JSON and every imported file, in one zip.

Restoring it into an empty library gives the same documents, pages, paragraphs, tags,
annotations and links, with the same ids, dates and files. Tables are read from the models'
metadata, so a table added later is carried without a change here.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Table, delete, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from app.export.archive_schema import FORMAT, VERSION, check_data
from app.export.writing import ExportCancelled, ExportError, Progress, atomic_target
from app.infra.durable import place_file
from app.library import Library
from app.services.importing import sweep_part_files
from app.store import postgres
from app.store.models import Tag, stored_tables

DATA_NAME = "library.json"
FILES = "files/"


@dataclass(frozen=True)
class ArchiveOutcome:
    path: Path
    documents: int
    annotations: int
    tags: int
    cancelled: bool = False


@dataclass(frozen=True)
class Limits:
    """What a backup may hold, checked before reading and again while reading: a zip's directory can lie."""

    data_bytes: int = 512 * 2**20  # library.json: the text of every page, for tens of thousands of pages
    file_bytes: int = 2 * 2**30  # one PDF: the importer reads a whole file into memory, as this does
    total_bytes: int = 256 * 2**30
    members: int = 1_000_000
    data_ratio: int = 200  # JSON of text deflates about 5:1; far beyond that is a bomb
    file_ratio: int = 100  # PDFs are compressed already (export stores them); an uncompressed one may deflate 10:1
    ratio_from: int = 2**20  # smaller members are let through whatever their ratio: they cannot hurt


LIMITS = Limits()
CHUNK = 2**20


def export_library(library: Library, target: str | Path, *, force: bool = False, progress: Progress | None = None,
                   cancelled: Callable[[], bool] = lambda: False) -> ArchiveOutcome:
    """Write the library's data and files to a zip at ``target``; on cancel nothing is left behind."""
    target = Path(target)
    with library.reading() as session:
        connection = session.connection()
        tables = {table.name: [_jsonable(table, row) for row in connection.execute(select(table))]
                  for table in stored_tables()}
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


def import_library(library: Library, source: str | Path, *, limits: Limits = LIMITS) -> ArchiveOutcome:
    """Fill an empty library from a backup; refuses a library that already holds documents or passages.

    The zip's directory is checked against ``limits`` and library.json against its schema before
    anything is written; each file is checked against its SHA-256 as it is copied in, and a refusal
    at any point removes what was copied, so it changes nothing.
    """
    source = Path(source)
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile, ValueError) as error:
        raise ExportError(f"{source} is not a library backup: {error}. Nothing was changed.") from error
    with archive:
        members = _directory(archive, limits)
        tables = check_data(_parse(_read_member(archive, _data_member(members, limits), limits.data_bytes)))
        documents = tables["documents"]
        files = _file_members(members, documents, limits)
        _check_empty(library)
        _check_room(library, files)
        written = _restore_files(library, archive, documents, files, limits)
        try:
            _insert_all(library, tables)
        except BaseException:
            _remove(written)
            raise
    return ArchiveOutcome(source, len(documents), len(tables["annotations"]), len(tables["tags"]))




def _directory(archive: zipfile.ZipFile, limits: Limits) -> dict[str, zipfile.ZipInfo]:
    """The zip's members by name, refused when their count or declared sizes are beyond ``limits``."""
    infos = archive.infolist()
    if len(infos) > limits.members:
        raise ExportError(f"The backup holds {len(infos):,} entries, more than {limits.members:,}; it was not "
                          "read. Nothing was changed.")
    declared = sum(info.file_size for info in infos)
    if declared > limits.total_bytes:
        raise ExportError(f"The backup would unpack to {_size(declared)}, more than {_size(limits.total_bytes)}; "
                          "it was not read. Nothing was changed.")
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        if info.filename in members:  # which of the two would be read is up to the zip library
            raise ExportError(f"The backup holds {info.filename} twice; it was not read. Nothing was changed.")
        members[info.filename] = info
    return members


def _data_member(members: dict[str, zipfile.ZipInfo], limits: Limits) -> zipfile.ZipInfo:
    info = members.get(DATA_NAME)
    if info is None:
        raise ExportError(f"The backup holds no {DATA_NAME}; it is not a library backup. Nothing was changed.")
    _check_member(info, limits.data_bytes, limits.data_ratio, limits)
    return info


def _file_members(members: dict[str, zipfile.ZipInfo], documents: list[dict[str, Any]],
                  limits: Limits) -> list[zipfile.ZipInfo]:
    """Each document's member, in order; its name is checked already (``<sha256>.pdf``)."""
    found = []
    for document in documents:
        info = members.get(FILES + document["file_name"])
        if info is None:
            raise ExportError(f"The backup lacks the file of \u201c{document['title']}\u201d; nothing was changed.")
        _check_member(info, limits.file_bytes, limits.file_ratio, limits)
        found.append(info)
    return found


def _check_member(info: zipfile.ZipInfo, most: int, ratio: int, limits: Limits) -> None:
    if info.flag_bits & 0x1:
        raise ExportError(f"The backup's {info.filename} is encrypted; it was not read. Nothing was changed.")
    if info.file_size > most:
        raise ExportError(f"The backup's {info.filename} would unpack to {_size(info.file_size)}, more than "
                          f"{_size(most)}; it was not read. Nothing was changed.")
    times = info.file_size // max(info.compress_size, 1)
    if info.file_size > limits.ratio_from and times > ratio:
        raise ExportError(f"The backup's {info.filename} would unpack to {times:,} times its size, more than "
                          f"{ratio}; it was not read. Nothing was changed.")


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, most: int) -> bytes:
    """The member's bytes, read in chunks and given up past ``most`` whatever its declared size."""
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                total += len(chunk)
                if total > most:
                    raise ExportError(f"The backup's {info.filename} unpacks to more than {_size(most)}; it was not "
                                      "read. Nothing was changed.")
                chunks.append(chunk)
    except (OSError, EOFError, RuntimeError, NotImplementedError, ValueError, zipfile.BadZipFile, zlib.error) as error:
        raise ExportError(f"The backup's {info.filename} cannot be read ({error}); nothing was changed.") from error
    return b"".join(chunks)


def _parse(content: bytes) -> Any:
    try:
        return json.loads(content, parse_constant=_no_constant)
    except RecursionError:
        raise ExportError(f"The backup's {DATA_NAME} is nested too deeply to be read. Nothing was changed.") from None
    except ValueError as error:  # UnicodeDecodeError and JSONDecodeError among them
        raise ExportError(f"The backup's {DATA_NAME} is not readable JSON ({str(error)[:200]}). "
                          "Nothing was changed.") from None


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def _size(count: int) -> str:
    return f"{count / 2**30:.1f} GiB" if count >= 2**30 else f"{count / 2**20:.1f} MB"


def _check_empty(library: Library) -> None:
    with library.reading() as session:
        for table in stored_tables():
            if table.name != Tag.__tablename__ and session.scalar(select(func.count()).select_from(table)):
                raise ExportError(f"This library already holds {table.name}; restore a backup into a new, empty "
                                  "library. Nothing was changed.")


def _check_room(library: Library, files: list[zipfile.ZipInfo]) -> None:
    needed = sum(info.file_size for info in files)
    try:
        free = shutil.disk_usage(library.files_dir).free
    except OSError:
        return  # no answer: the writes themselves will tell
    if needed > free:
        raise ExportError(f"The backup's files need {_size(needed)} and the disk has {_size(free)} free. "
                          "Nothing was changed.")


def _restore_files(library: Library, archive: zipfile.ZipFile, documents: list[dict[str, Any]],
                   files: list[zipfile.ZipInfo], limits: Limits) -> list[Path]:
    """Copy each document's file in as the importer does, checking it is the very file that was imported."""
    written: list[Path] = []
    sweep_part_files(library.files_dir)  # what an earlier, killed restore left part-written
    try:
        for document, info in zip(documents, files):
            content = _read_member(archive, info, limits.file_bytes)
            if hashlib.sha256(content).hexdigest() != document["sha256"]:
                raise ExportError(f"The file of \u201c{document['title']}\u201d in the backup is damaged (its SHA-256 "
                                  "differs); nothing was changed.")
            path = library.file_path(document["file_name"])
            try:
                if place_file(path, content, document["sha256"]):
                    written.append(path)
            except OSError as error:
                raise ExportError(f"Cannot write the file of \u201c{document['title']}\u201d into the library: "
                                  f"{error.strerror or error}. Nothing was changed.") from error
    except BaseException:
        _remove(written)
        raise
    return written


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _insert_all(library: Library, tables: dict[str, list[dict[str, Any]]]) -> None:
    try:
        with library.writing() as session:
            connection = session.connection()
            # The built-in vocabulary goes: the backup brings its own. Its articles' links to their treaties
            # go first, as RESTRICT is checked row by row.
            connection.execute(update(Tag).values(parent_id=None))
            connection.execute(delete(Tag))
            for table in stored_tables():
                _insert(connection, table, tables[table.name])
            if library.is_team:  # a team library: its ids' sequences and its members' files
                postgres.advance_sequences(connection, [table.name for table in stored_tables()
                                                        if "id" in table.c and table.c.id.primary_key])
                for document in tables["documents"]:
                    library.share_file(session, document["sha256"],
                                       library.file_path(document["file_name"]).read_bytes())
    except (SQLAlchemyError, ValueError, TypeError, OverflowError, RecursionError) as error:
        # The schema should have caught it; the database refusing still leaves nothing written.
        raise ExportError(f"The backup could not be restored: {str(error).splitlines()[0][:300]}. "
                          "Nothing was changed.") from error


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
    # Rows that leave out a column (it takes its default) go in apart: one insert needs the same columns throughout.
    for group in _by_columns(prepared):
        connection.execute(insert(table), group)
    key = list(table.primary_key.columns)
    for name in own:
        for row in rows:
            if row.get(name) is not None:
                connection.execute(update(table).where(*(c == row[c.name] for c in key)).values({name: row[name]}))


def _by_columns(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    return list(groups.values())
