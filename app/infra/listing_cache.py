"""The library's document list as last seen, kept beside the database as a small JSON file.

The window shows it the moment it opens, before the database and its libraries are loaded
(which takes longer than drawing the window), and replaces it with the real list a moment
later. Standard library only: this module sits on the start-up path.
"""

from __future__ import annotations

import json
import os
from dataclasses import fields
from datetime import datetime
from pathlib import Path

from app.records import DocumentInfo

LISTING_NAME = ".document-list.json"
_VERSION = 1
_FIELDS = {field.name for field in fields(DocumentInfo)}


def listing_path(root: Path) -> Path:
    return root / LISTING_NAME


def load_listing(root: Path) -> list[DocumentInfo] | None:
    """The list saved last time, or None when there is none or it cannot be read (then nothing is shown early)."""
    try:
        data = json.loads(listing_path(root).read_text(encoding="utf-8"))
        if data.get("version") != _VERSION:
            return None
        documents = []
        for row in data["documents"]:
            if set(row) != _FIELDS:
                return None
            row["added_at"] = datetime.fromisoformat(row["added_at"])
            documents.append(DocumentInfo(**row))
        return documents
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def save_listing(root: Path, documents: list[DocumentInfo]) -> None:
    """Best effort: a library folder that cannot be written to only loses the early list."""
    rows = []
    for document in documents:
        row = dict(vars(document))  # its fields are plain values: asdict's deep copy cost a second for 10,000
        row["added_at"] = document.added_at.isoformat()
        rows.append(row)
    target = listing_path(root)
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    try:
        partial.write_text(json.dumps({"version": _VERSION, "documents": rows}), encoding="utf-8")
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)
