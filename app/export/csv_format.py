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


def inert(text: str) -> str:
    """The text as a spreadsheet shows it but never runs: an apostrophe before a formula start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write(rows: Sequence[ExportRow], path: Path, options: ExportOptions, steps: Steps) -> None:
    values = getters(options.fields)
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(headers(options.fields))
        for row in rows:
            writer.writerow([inert(value(row)) for value in values])
            steps.step()
