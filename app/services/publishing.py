"""A member's own library published into the team library: what the team already has is
recognised (documents by SHA-256, tags by slug, passages, links and recommendations by uuid)
and left as it is, the rest added, in one transaction. Publishing again adds only what is new.

Rows are compared after their references are translated into the team library's ids, so a
tag on a passage, a link between two passages or a passage evidencing a recommendation is
recognised whichever library numbered it first.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, insert, select, tuple_, update

from app.errors import LibraryError
from app.infra.durable import place_file
from app.library import Library
from app.store.models import stored_tables

# How a row is recognised in the team library: any one of these column sets, once its references
# are the team's ids. A recommendation the import found has a uuid of each library's own; it is the
# same one where the same bytes put it. A link is one per pair and kind.
SAME: dict[str, list[tuple[str, ...]]] = {
    "documents": [("sha256",)],
    "tags": [("slug",)],
    "saved_searches": [("name",)],
    "annotations": [("uuid",)],
    "annotation_links": [("uuid",), ("source_id", "target_id", "kind")],
    "annotation_tags": [("annotation_id", "tag_id")],
    "recommendations": [("uuid",), ("document_id", "kind", "page_index", "start_offset")],
    "recommendation_evidence": [("recommendation_id", "annotation_id")],
}
# What the import made of a document's bytes: a document the team has keeps its own.
DOCUMENT_PARTS = ("page_texts", "paragraphs", "recognised_pages", "recognition_queue", "document_languages")
# Rows looked up in the team library this many values at a time.
BATCH = 500

# What a user reads for each table, in the summary.
NAMES = {"documents": "documents", "annotations": "passages", "tags": "tags", "annotation_links": "links",
         "recommendations": "recommendations", "saved_searches": "saved searches"}


@dataclass(frozen=True)
class Published:
    added: dict[str, int]  # rows added, by table
    known: dict[str, int]  # rows the team library had already, left as they were

    def summary(self) -> str:
        parts = [f"{self.added.get(table, 0):,} {name} added ({self.known.get(table, 0):,} there already)"
                 for table, name in NAMES.items() if self.added.get(table) or self.known.get(table)]
        return "; ".join(parts) or "nothing to publish"


def publish(team: Library, mine: Library) -> Published:
    """Add to ``team`` what of ``mine`` it lacks; all or nothing."""
    if not team.is_team:
        raise LibraryError("Publish goes into a team library: give its address with --database.")
    if mine.is_team:
        raise LibraryError("Publish takes a member's own library (a folder), not another team library.")
    with mine.reading() as session:
        source = session.connection()
        tables = {table.name: [dict(row._mapping) for row in source.execute(select(table))]  # noqa: SLF001
                  for table in stored_tables()}
    files = _files(mine, tables["documents"])
    added: dict[str, int] = {}
    known: dict[str, int] = {}
    ids: dict[str, dict[Any, Any]] = {}  # table -> this library's id -> the team's
    new_documents: dict[Any, Any] = {}  # this library's id -> the team's, of the documents added
    with team.writing() as session:
        connection = session.connection()
        for table in stored_tables():
            rows = tables[table.name]
            kept: dict[Any, Any] = {}
            if table.name in DOCUMENT_PARTS:
                fresh = [_translated(table, row, ids) for row in rows if row["document_id"] in new_documents]
            else:
                kept, fresh = _recognise(connection, table, rows, ids)
            ids[table.name] = dict(kept)
            made = _add(connection, table, fresh, ids)
            ids[table.name].update(made)
            added[table.name], known[table.name] = len(fresh), len(kept)
            if table.name == "documents":
                new_documents = made
        published = [row for row in tables["documents"] if row["id"] in new_documents]
        for document in published:
            team.share_file(session, document["sha256"], files[document["sha256"]].read_bytes())
    for document in published:  # this member has the files already: never brought from the server
        place_file(team.files_dir / document["file_name"], files[document["sha256"]].read_bytes(), document["sha256"])
    return Published(added, known)


def _files(mine: Library, documents: list[dict[str, Any]]) -> dict[str, Path]:
    """Each document's file, checked against its SHA-256 before anything is written."""
    found = {}
    for document in documents:
        path = mine.file_path(document["file_name"])
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as handle:
                while chunk := handle.read(2**20):
                    digest.update(chunk)
        except OSError as error:
            raise LibraryError(f"The file of \u201c{document['title']}\u201d cannot be read ({error.strerror or error}); "
                               "nothing was published.") from error
        if digest.hexdigest() != document["sha256"]:
            raise LibraryError(f"The file of \u201c{document['title']}\u201d is damaged (its SHA-256 differs); "
                               "nothing was published.")
        found[document["sha256"]] = path
    return found


def _translated(table: Table, row: dict[str, Any], ids: dict[str, dict[Any, Any]]) -> dict[str, Any]:
    """The row with its references as the team's ids (but a reference into its own table, set
    once every row is in)."""
    values = {name: value for name, value in row.items() if name in table.c}
    for key in table.foreign_keys:
        name, target = key.parent.name, key.column.table.name
        if target == table.name or values.get(name) is None:
            continue
        if values[name] not in ids.get(target, {}):  # the library's own foreign keys forbid it
            raise LibraryError(f"Your library's {table.name} refer to {target} it does not hold; check it "
                               "(rights-annotator check). Nothing was published.")
        values[name] = ids[target][values[name]]
    return values


def _recognise(connection: Connection, table: Table, rows: list[dict[str, Any]],
               ids: dict[str, dict[Any, Any]]) -> tuple[dict[Any, Any], list[dict[str, Any]]]:
    """(this library's id -> the team's, for rows the team has) and the rows it lacks, translated."""
    kept: dict[Any, Any] = {}
    missing = [(row, _translated(table, row, ids)) for row in rows]
    for columns in SAME[table.name]:
        found = _team_rows(connection, table, columns, [values for _row, values in missing])
        still = []
        for row, values in missing:
            key = tuple(values[name] for name in columns)
            if key in found:
                kept[row.get("id", key)] = found[key]
            else:
                still.append((row, values))
        missing = still
    return kept, [values for _row, values in missing]


def _team_rows(connection: Connection, table: Table, columns: tuple[str, ...],
               rows: list[dict[str, Any]]) -> dict[tuple, Any]:
    """Of the team's rows with these columns' values: values -> its id (its values, without one)."""
    wanted = {tuple(row[name] for name in columns) for row in rows}
    wanted = {key for key in wanted if None not in key}  # a missing value is nobody's
    keys = [table.c[name] for name in columns]
    id_column = table.c.id if "id" in table.c else None
    found: dict[tuple, Any] = {}
    ordered = sorted(wanted, key=repr)
    for start in range(0, len(ordered), BATCH):
        batch = ordered[start:start + BATCH]
        condition = keys[0].in_([key[0] for key in batch]) if len(keys) == 1 else tuple_(*keys).in_(batch)
        shown: list[Any] = [*keys, id_column] if id_column is not None else keys
        for row in connection.execute(select(*shown).where(condition)):
            values = tuple(row)
            key = values[:len(keys)]
            found.setdefault(key, values[-1] if id_column is not None else key)
    return found


def _add(connection: Connection, table: Table, rows: list[dict[str, Any]],
         ids: dict[str, dict[Any, Any]]) -> dict[Any, Any]:
    """Insert ``rows`` (with the team's own new ids); this library's id -> the new one."""
    if not rows:
        return {}
    own = [key.parent.name for key in table.foreign_keys if key.column.table is table]
    if "id" not in table.c:
        connection.execute(insert(table), rows)
        return {}
    old = [row["id"] for row in rows]
    prepared = [{name: value for name, value in row.items() if name != "id"} | dict.fromkeys(own) for row in rows]
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    new = list(connection.execute(statement, prepared).scalars())
    made = dict(zip(old, new, strict=True))
    for row, team_id in zip(rows, new, strict=True):
        for name in own:
            if row.get(name) is not None:
                target = made.get(row[name], ids[table.name].get(row[name]))
                connection.execute(update(table).where(table.c.id == team_id).values({name: target}))
    return made
