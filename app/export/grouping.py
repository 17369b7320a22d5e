"""Grouping rows under headings: by document, by treaty or by event, keeping the chosen order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from app.export.rows import ExportRow

GroupBy = Literal["document", "treaty", "event"]
GROUPINGS: tuple[str, ...] = ("document", "treaty", "event")


@dataclass(frozen=True)
class Group:
    heading: str  # "" when the rows are not grouped
    rows: tuple[ExportRow, ...]


def grouped(rows: Sequence[ExportRow], by: GroupBy | None) -> list[Group]:
    """Rows under their headings; a passage tagged with two treaties stands under both."""
    if by is None:
        return [Group("", tuple(rows))]
    groups: dict[str, list[ExportRow]] = {}
    dates: dict[str, str] = {}
    headings: dict[str, str] = {}
    for row in rows:
        if by == "document":
            # Keyed by the document, not its title: two reports may share a title.
            keys: Sequence[str] = (f"#{row.document_id}",)
            headings[keys[0]] = _document_heading(row)
        elif by == "treaty":
            keys = row.treaties() or ("No treaty",)
        else:
            keys = row.events() or ("No event",)
            for tag in row.tags:
                if tag.kind == "event":
                    dates[tag.label] = tag.date or ""
        for key in keys:
            groups.setdefault(key, []).append(row)
    if by == "document":
        order = list(groups)  # the order the rows came in: the user's sort
    elif by == "treaty":
        order = sorted(groups, key=lambda key: (key == "No treaty", key.casefold()))
    else:
        order = sorted(groups, key=lambda key: (key == "No event", dates.get(key, ""), key.casefold()))
    return [Group(headings.get(key, key), tuple(groups[key])) for key in order]


def _document_heading(row: ExportRow) -> str:
    if row.document_reference and row.document_reference != row.document_title:
        return f"{row.document_title} ({row.document_reference})"
    return row.document_title
