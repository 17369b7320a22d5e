"""structure_300_pages: what finding numbered paragraphs adds to importing a 300-page report.

Value: the import as users run it (paragraph detection on). Baseline: the same import with
detection off. Both alternate in one run, each into a fresh library.
"""

from __future__ import annotations

import functools
import statistics
from pathlib import Path

from sqlalchemy import func, select

from app.library import Library
from app.pdf.extract import extract
from app.services.importing import import_paths
from app.store.models import Paragraph
from bench.common import Result, sample_times
from bench.import_300_pages import _fresh_library, _seconds, report_pdf

REPEAT = 5
TARGET = 1.5
WITHOUT_STRUCTURE = functools.partial(extract, structure=False)


def run() -> list[Result]:
    path = report_pdf()
    with_times: list[float] = []
    without_times: list[float] = []
    found: list[int] = []
    for _ in range(REPEAT):
        without_times += sample_times(lambda library: _import(library, path, WITHOUT_STRUCTURE), 1, _fresh_library)
        with_times += sample_times(lambda library: found.append(_import(library, path, extract)), 1, _fresh_library)
    if not all(found):
        raise RuntimeError("no paragraph was found in the benchmark report: the figure would mean nothing")
    note = f"{found[0]} paragraphs found; with {_seconds(with_times)}; without {_seconds(without_times)}"
    return [
        Result(
            "structure_300_pages",
            statistics.median(with_times),
            "s",
            statistics.median(without_times),
            TARGET,
            note=note,
        )
    ]


def _import(library: Library, path: Path, extractor) -> int:  # noqa: ANN001 - an extractor
    [outcome] = import_paths(library, [path], extractor=extractor)
    if outcome.status != "imported":
        raise RuntimeError(f"the benchmark import did not import: {outcome}")
    with library.reading() as session:
        return session.scalar(select(func.count()).select_from(Paragraph)) or 0

