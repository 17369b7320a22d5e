"""export_csv_100k: 100,000 citations to CSV, against a raw csv.writer over one SQL query.

Value: ``export_annotations`` of the whole 100,000-annotation library (search_100k's) to CSV:
the search's query in its order with the chosen columns, a citation from the template for
each, tags, document fields, formula guard, written to a temporary file renamed into place.
Baseline: the same columns from one SQL query (tags joined with group_concat, the citation
pieced together in SQL) written by a bare csv.writer. The two are timed in turn, run after
run, so a busy machine weighs on both alike.
"""

from __future__ import annotations

import csv
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from app.export import export_annotations
from app.library import Library
from bench.common import Result, sample_times
from bench.search_100k import ANNOTATIONS, _library_folder

REPEAT = 5
TARGET_RATIO = 2.0

_RAW = """
SELECT coalesce(d.reference, d.title) || ', p. ' || coalesce(p.label, a.page_index + 1), a.quote, a.note,
       (SELECT group_concat(coalesce(t.code, t.label), '; ') FROM annotation_tags AS at
          JOIN tags AS t ON t.id = at.tag_id WHERE at.annotation_id = a.id),
       d.title, d.reference, coalesce(p.label, a.page_index + 1), a.paragraphs, d.published, d.publisher,
       a.color, a.created_at, d.sha256, d.added_at, a.uuid
FROM annotations AS a JOIN documents AS d ON d.id = a.document_id
LEFT JOIN page_texts AS p ON p.document_id = a.document_id AND p.page_index = a.page_index
WHERE a.deleted_at IS NULL
ORDER BY a.document_id, a.page_index, a.start_offset, a.id
"""


def run() -> list[Result]:
    folder = _library_folder()
    with tempfile.TemporaryDirectory() as out:
        target = Path(out) / "export.csv"
        raw_target = Path(out) / "raw.csv"
        connection = sqlite3.connect(folder / "library.sqlite3")
        values, baselines, counts = [], [], []
        cpu_values: list[float] = []  # the CPU time of this process: less moved by other work on the machine
        cpu_baselines: list[float] = []
        with Library.open(folder) as library:

            def service() -> None:
                counts.append(export_annotations(library, target, "csv", force=True).annotations)

            service()  # warm both alike: imports, the page cache
            _raw(connection, raw_target)
            counts.clear()
            for _ in range(REPEAT):
                for fn, wall, cpu in ((service, values, cpu_values),
                                      (lambda: _raw(connection, raw_target), baselines, cpu_baselines)):
                    start = time.process_time()
                    wall += sample_times(fn, 1)
                    cpu.append(time.process_time() - start)
        connection.close()
        value, baseline = statistics.median(values), statistics.median(baselines)
        cpu_ratio = statistics.median(cpu_values) / statistics.median(cpu_baselines)
        raw_rows = sum(1 for _ in raw_target.open(encoding="utf-8")) - 1
    if set(counts) != {ANNOTATIONS} or raw_rows != ANNOTATIONS:
        raise RuntimeError(f"exported {counts} and {raw_rows} rows, not {ANNOTATIONS}: the figure would mislead")
    pairs = [v / b for v, b in zip(values, baselines)]
    note = (f"raw csv.writer {baseline:.2f} s; ratio run by run {min(pairs):.2f}-{max(pairs):.2f}; "
            f"CPU time ratio {cpu_ratio:.2f}")
    return [Result("export_csv_100k", value, "s", baseline, TARGET_RATIO, note=note)]


def _raw(connection: sqlite3.Connection, target: Path) -> None:
    with target.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["citation", "quote", "note", "tags", "document", "reference", "page", "paragraphs",
                         "published", "publisher", "color", "created", "sha256", "added", "uuid"])
        writer.writerows(connection.execute(_RAW))
