"""structure_300_pages: what finding numbered paragraphs adds to importing a 300-page report.

Value: the import as users run it (paragraph detection on). Baseline: the same import with
detection off: the same workers, the same split of the file between them, the same store.
Both alternate in one run, each into a fresh library, each going first in turn, after an
untimed import that starts the fork server.
"""

from __future__ import annotations

import functools
import statistics
from pathlib import Path

from sqlalchemy import func, select

from app.library import Library
from app.pdf.extract import extract
from app.services.importing import Extractor, import_paths
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
    found_without: list[int] = []
    # Untimed: the first import of a session also starts the fork server, which would
    # slow whichever side came first.
    with _fresh_library() as library:
        _import(library, path, WITHOUT_STRUCTURE)
    sides = [(without_times, WITHOUT_STRUCTURE, found_without), (with_times, extract, found)]
    for round_ in range(REPEAT):
        # Each side goes first in turn, so that neither gains from the order.
        for times, extractor, counts in sides if round_ % 2 == 0 else sides[::-1]:
            times += _timed_import(path, extractor, counts)
    if not all(found):
        raise RuntimeError("no paragraph was found in the benchmark report: the figure would mean nothing")
    if any(found_without):
        raise RuntimeError("the baseline found paragraphs: detection was not off, the figure would mean nothing")
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


def _timed_import(path: Path, extractor: Extractor, counts: list[int]) -> list[float]:
    return sample_times(lambda library: counts.append(_import(library, path, extractor)), 1, _fresh_library)


def _import(library: Library, path: Path, extractor: Extractor) -> int:
    [outcome] = import_paths(library, [path], extractor=extractor)
    if outcome.status != "imported":
        raise RuntimeError(f"the benchmark import did not import: {outcome}")
    with library.reading() as session:
        return session.scalar(select(func.count()).select_from(Paragraph)) or 0

