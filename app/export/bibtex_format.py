"""BibTeX (biblatex fields) through bibtexparser: one entry per document, LaTeX specials escaped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import bibtexparser
from bibtexparser.model import Entry, Field

from app.export.options import ExportOptions
from app.export.rows import ExportRow
from app.export.sources import sources
from app.export.writing import Steps

ENTRY_TYPES = {"news": "article", "other": "misc"}
# Characters LaTeX reads as commands; UTF-8 text otherwise stays as it is (biber reads it).
_SPECIAL = re.compile(r"([\\&%$#_{}~^])")
_REPLACEMENTS = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def latex(text: str) -> str:
    return _SPECIAL.sub(lambda m: _REPLACEMENTS.get(m[1], "\\" + m[1]), " ".join(text.split()))


def entry(key: str, row: ExportRow) -> Entry:
    fields = [Field("title", latex(row.document_title))]
    if row.document_reference:
        fields.append(Field("number", latex(row.document_reference)))
    if row.publisher:
        fields.append(Field("institution", latex(row.publisher)))
    if row.published:
        fields.append(Field("date", row.published))
        fields.append(Field("year", row.published[:4]))
    if row.source_url:
        fields.append(Field("url", row.source_url))
    fields.append(Field("urldate", row.added_at.date().isoformat()))
    fields.append(Field("note", f"SHA-256: {row.sha256}"))
    return Entry(ENTRY_TYPES.get(row.document_kind, "report"), key, fields)


def write(rows: Sequence[ExportRow], path: Path, options: ExportOptions, steps: Steps) -> None:
    library = bibtexparser.Library()
    for source in sources(rows):
        library.add(entry(source.key, source.row))
    steps.step(len(rows))
    path.write_text(bibtexparser.write_string(library), encoding="utf-8")
