"""export_docx_10k: a Word document of 10,000 quotations with citations, grouped under document headings.

Value: the DOCX format writing 10,000 rows (read once beforehand from search_100k's library)
through python-docx, to a temporary file renamed into place. Baseline: the CSV format writing
the same rows. The figure to read is the value itself; the target is loose.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from app.export import csv_format, docx_format
from app.export.options import ExportOptions
from app.export.rows import iter_rows, matching_ids
from app.export.writing import Steps, atomic_target
from app.library import Library
from bench.common import Result, median_time
from bench.search_100k import _library_folder

ROWS = 10_000
REPEAT = 3
TARGET_RATIO = 50.0


def run() -> list[Result]:
    with Library.open(_library_folder()) as library:
        ids = matching_ids(library)[:ROWS]
        rows = [row for batch in iter_rows(library, ids) for row in batch]
    if len(rows) != ROWS:
        raise RuntimeError(f"read {len(rows)} rows, not {ROWS}: the figure would mislead")
    options = ExportOptions(group_by="document", title="Bench")
    with tempfile.TemporaryDirectory() as out:
        def write(module, name: str) -> None:  # noqa: ANN001 - a format module
            with atomic_target(Path(out) / name, force=True) as temporary:
                module.write(rows, temporary, options, Steps(len(rows)))

        value = median_time(lambda: write(docx_format, "bench.docx"), REPEAT)
        size = (Path(out) / "bench.docx").stat().st_size
        baseline = median_time(lambda: write(csv_format, "bench.csv"), REPEAT)
    note = f"{ROWS} quotations, {size / 1e6:.1f} MB; CSV of the same rows {baseline:.2f} s"
    return [Result("export_docx_10k", value, "s", baseline, TARGET_RATIO, note=note)]
