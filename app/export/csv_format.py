"""CSV: UTF-8 with a byte-order mark, which Excel needs to read accents and scripts rightly."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from app.export.fields import getters, headers
from app.export.options import ExportOptions
from app.export.rows import ExportRow
from app.export.writing import Steps

# A cell starting with one of these runs as a formula in Excel and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500  # rows written between progress reports


def inert(text: str) -> str:
    """The text as a spreadsheet shows it but never runs: an apostrophe before a formula start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write(rows: Sequence[ExportRow], path: Path, options: ExportOptions, steps: Steps) -> None:
    values = getters(options.fields)
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write("\ufeff")  # the byte-order mark ("utf-8-sig" would encode every row in Python)
        writer = csv.writer(file)
        writer.writerow(headers(options.fields))
        starts = frozenset(FORMULA_STARTS)
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            # inert() inlined: this runs for every cell of 100,000 rows.
            writer.writerows([("'" + cell) if (cell := value(row))[:1] in starts else cell for value in values]
                             for row in chunk)
            steps.step(len(chunk))
