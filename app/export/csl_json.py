"""CSL-JSON, the format Zotero, Pandoc and citeproc read: one item per document."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.export.options import ExportOptions
from app.export.rows import ExportRow
from app.export.sources import date_parts, sources
from app.export.writing import Steps
from app.text.addresses import page_address

# The library's kinds of document, as CSL item types.
CSL_TYPES = {"news": "article-newspaper", "other": "document"}


def item(key: str, row: ExportRow) -> dict[str, Any]:
    found: dict[str, Any] = {"id": key, "type": CSL_TYPES.get(row.document_kind, "report"), "title": row.document_title}
    if row.document_reference:
        found["number"] = row.document_reference
    if row.publisher:
        found["publisher"] = row.publisher
    parts = date_parts(row.published)
    if parts:
        found["issued"] = {"date-parts": [parts]}
    if row.country:
        found["jurisdiction"] = row.country
    if row.source_url:
        found["URL"] = row.source_url
    found["accessed"] = {"date-parts": [[row.added_at.year, row.added_at.month, row.added_at.day]]}
    # The second line opens the document in the app (its first page).
    found["note"] = f"SHA-256: {row.sha256}\n{page_address(row.sha256)}"
    return found


def write(rows: Sequence[ExportRow], path: Path, options: ExportOptions, steps: Steps) -> None:
    items = [item(source.key, source.row) for source in sources(rows)]
    steps.step(len(rows))
    with path.open("w", encoding="utf-8") as file:
        json.dump(items, file, ensure_ascii=False, indent=2)
        file.write("\n")
