"""The activity log of a team library as CSV: one row per change, each row before and after as JSON."""

from __future__ import annotations

import csv
from pathlib import Path

from app.errors import LibraryError
from app.export.table import inert
from app.services.activity import ActivityEntry, as_json

COLUMNS = ("at", "member", "what", "action", "document_id", "key", "changes", "before", "after")


def write_activity_csv(entries: list[ActivityEntry], path: Path) -> int:
    """How many entries were written; a cell a spreadsheet would run as a formula never runs."""
    try:
        with open(path, "w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(COLUMNS)
            for entry in entries:
                writer.writerow([entry.at.isoformat(), inert(entry.member), entry.what, entry.action,
                                 entry.document_id, inert(entry.key or ""), inert(entry.changes),
                                 inert(as_json(entry.before)), inert(as_json(entry.after))])
    except OSError as error:
        raise LibraryError(f"Could not write {path}: {error.strerror or error}.") from error
    return len(entries)
