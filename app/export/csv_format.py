"""CSV: UTF-8 with a byte-order mark, which Excel needs to read accents and scripts rightly."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from operator import itemgetter
from pathlib import Path

from app.export.fields import getters, headers
from app.export.options import ExportOptions
from app.export.rows import ExportRow
from app.export.table import inert
from app.export.writing import Steps

GUARD = True  # a cell that would run as a formula gets an apostrophe before it
CHUNK = 500  # rows written between progress reports


def _open(path: Path, names: Sequence[str]):  # noqa: ANN202 - a file and its writer
    file = path.open("w", encoding="utf-8", newline="")
    file.write("\ufeff")  # the byte-order mark ("utf-8-sig" would encode every row in Python)
    writer = csv.writer(file)
    writer.writerow(headers(names))
    return file, writer


def write_table(batches: Iterable[list[tuple]], path: Path, options: ExportOptions, steps: Steps) -> None:
    """Rows from :func:`app.export.table.iter_table` (an annotation id, then the cells), as they come."""
    file, writer = _open(path, options.fields)
    cells = itemgetter(slice(1, None))  # the cells without the id, taken in C
    with file:
        for batch in batches:
            writer.writerows(map(cells, batch))
            steps.step(len(batch))


def write(rows: Sequence[ExportRow], path: Path, options: ExportOptions, steps: Steps) -> None:
    """Rows already read (benchmarks compare formats over the same rows)."""
    values = getters(options.fields)
    file, writer = _open(path, options.fields)
    with file:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            writer.writerows([inert(value(row)) for value in values] for row in chunk)
            steps.step(len(chunk))
