"""The documents behind a set of rows, for reference managers (CSL-JSON, BibTeX)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from app.export.rows import ExportRow


@dataclass(frozen=True)
class Source:
    key: str  # the citation key, the same in CSL-JSON and BibTeX
    row: ExportRow  # any row of the document: it carries the document's fields


def sources(rows: Sequence[ExportRow]) -> list[Source]:
    """Each document once, in the order of the rows, with a unique readable citation key."""
    seen: dict[int, ExportRow] = {}
    for row in rows:
        seen.setdefault(row.document_id, row)
    taken: set[str] = set()
    found = []
    for row in seen.values():
        base = _slug(row.document_reference or row.document_title) or f"document{row.document_id}"
        key, n = base, 1
        while key in taken:
            n += 1
            key = f"{base}-{n}"
        taken.add(key)
        found.append(Source(key, row))
    return found


def date_parts(published: str | None) -> list[int] | None:
    """[2019, 11, 5] from "2019-11-05" (or a shorter ISO date); None when there is no year."""
    if not published:
        return None
    parts = []
    for piece in published.split("-")[:3]:
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return parts or None


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60]
