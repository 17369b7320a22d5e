"""A team library's activity log, read: who changed what, when, and how (revision 0020 writes it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.errors import LibraryError
from app.library import Library
from app.store import postgres

# What each logged table's rows are, for a reader.
_THINGS = {"documents": "document", "tags": "tag", "annotations": "annotation", "annotation_tags": "tag on a passage",
           "annotation_links": "link", "recommendations": "recommendation"}
# Bookkeeping that changes with every edit: not what a reader asks about.
_QUIET = frozenset({"updated_at", "updated_by", "version"})
_SHOWN = 60  # characters of a value shown in a summary


@dataclass(frozen=True)
class ActivityEntry:
    id: int
    at: datetime
    member: str
    table: str
    action: str  # insert, update, delete
    document_id: int | None
    key: str | None  # the row's uuid, slug or hash
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def what(self) -> str:
        return _THINGS.get(self.table, self.table)

    @property
    def changes(self) -> str:
        """The fields an update changed, as "note: 'a' → 'b'"; what was made or removed, else."""
        if self.action == "update" and self.before is not None and self.after is not None:
            changed = [name for name in self.after if name not in _QUIET and self.before.get(name) != self.after[name]]
            return "; ".join(f"{name}: {_shown(self.before.get(name))} \u2192 {_shown(self.after[name])}"
                             for name in changed)
        row = self.after if self.action == "insert" else self.before
        label = next((row[name] for name in ("quote", "label", "title", "kind") if row and row.get(name)), "")
        return _shown(label) if label else ""


def list_activity(library: Library, *, member: str | None = None, document_id: int | None = None,
                  since: datetime | None = None, until: datetime | None = None, limit: int = 1000) -> list[ActivityEntry]:
    """The newest entries first."""
    with _team(library).reading() as session:
        rows = postgres.activity(session.connection(), member=member, document_id=document_id, since=since,
                                 until=until, limit=limit)
    return [ActivityEntry(*row) for row in rows]


def members_seen(library: Library) -> list[str]:
    """Every member who has changed something, by name."""
    with _team(library).reading() as session:
        return postgres.activity_members(session.connection())


def _team(library: Library) -> Library:
    if not library.is_team:
        raise LibraryError("The activity log belongs to a team library; a local library has one user.")
    return library


def _shown(value: Any) -> str:
    if value is None:
        return "none"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return repr(text if len(text) <= _SHOWN else text[:_SHOWN] + "\u2026")


def as_json(row: dict[str, Any] | None) -> str:
    """A row before or after a change, as JSON text (empty for none)."""
    return json.dumps(row, ensure_ascii=False, sort_keys=True) if row is not None else ""
