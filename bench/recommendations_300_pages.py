"""recommendations_300_pages: what finding recommendations adds to importing a 300-page CPT report.

Value: the import as users run it, paragraphs and recommendations found. Baseline: the same import
with paragraphs found but no recommendation looked for (no emphasis read from the pages, nothing
detected or stored): the same workers, file and store. Both alternate in one run, each into a fresh
library, each going first in turn, after an untimed import that starts the fork server. The issue
asks that detection add at most 15% to structure_300_pages.

The report is flowed as the CPT prints one: numbered paragraphs, one in four holding a
recommendation, comment or request set in bold or italics, and the appendix listing them again.
"""

from __future__ import annotations

import os
import statistics
from contextlib import nullcontext
from pathlib import Path
from unittest import mock

from sqlalchemy import func, select

from bench.common import CACHE_DIR, Result, sample_times
from bench.import_300_pages import _fresh_library, _seconds

VERSION = 3
PAGES = 300
PARAGRAPHS = 580
REPEAT = 5
TARGET = 1.15
_ASKS = ("The CPT recommends that the authorities take steps to ensure that every detained person is informed "
         "of the right of access to a lawyer from the outset of deprivation of liberty.",
         "The CPT would like to receive information on the measures taken to reduce the prison population.",
         "The CPT trusts that the new custody register will be introduced in every police station.")


def run() -> list[Result]:
    from app.library import Library
    from app.pdf.extract import extract
    from app.services.importing import import_paths
    from app.store.models import Recommendation

    path = report_pdf()

    def imported(library: Library, extractor: object, counts: list[int], detect: bool) -> None:
        with mock.patch("app.services.importing.found_in", return_value=[]) if not detect else nullcontext():
            [outcome] = import_paths(library, [path], extractor=extractor)  # type: ignore[arg-type]
        if outcome.status != "imported":
            raise RuntimeError(f"the benchmark import did not import: {outcome}")
        with library.reading() as session:
            counts.append(session.scalar(select(func.count()).select_from(Recommendation)) or 0)

    with _fresh_library() as library:  # untimed: starts the fork server
        imported(library, without_emphasis, [], detect=False)
    with_times: list[float] = []
    without_times: list[float] = []
    found: list[int] = []
    found_without: list[int] = []
    sides = [(without_times, without_emphasis, found_without, False), (with_times, extract, found, True)]
    for round_ in range(REPEAT):
        for times, extractor, counts, detect in sides if round_ % 2 == 0 else sides[::-1]:
            times += sample_times(lambda library, e=extractor, c=counts, d=detect: imported(library, e, c, d), 1,
                                  _fresh_library)
    if not all(found) or any(found_without):
        raise RuntimeError(f"recommendations found {found} with detection, {found_without} without: the figure "
                           "would mean nothing")
    note = f"{found[0]} recommendations found; with {_seconds(with_times)}; without {_seconds(without_times)}"
    return [Result("recommendations_300_pages", statistics.median(with_times), "s", statistics.median(without_times),
                   TARGET, note=note)]


def without_emphasis(data: bytes, *args: object, **options: object) -> object:
    """The page reader's extraction with paragraphs but no emphasis read: run in the import's workers."""
    from app.pdf import extract as extraction

    with mock.patch.object(extraction, "emphasised", return_value=()):
        return extraction.extract(data, *args, **options)  # type: ignore[arg-type]


def report_pdf() -> Path:
    """The 300-page report, generated on first use and kept in bench/.cache/."""
    from tests.app.recommendation_pdfs import FILLER, write_report

    path = CACHE_DIR / f"cpt_report_{PAGES}_pages_v{VERSION}.pdf"
    if not path.exists():
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        blocks = ["<p>CPT/Inf (2026) 3</p>", "<h2>Report to the Government of Examplia on the visit carried out by "
                  "the European Committee for the Prevention of Torture (CPT)</h2>"]
        asked = []
        for number in range(1, PARAGRAPHS + 1):  # long paragraphs, as a report of 300 pages has some hundreds
            ask = ""
            if number % 4 == 0:
                text = _ASKS[number % 3]
                tag = "i" if text.startswith("The CPT trusts") else "b"
                ask = f" <{tag}>{text}</{tag}>"
                asked.append((number, tag, text))
            blocks.append(f"<p>{number}. {' '.join([FILLER] * 12)}{ask} The authorities informed the delegation.</p>")
        blocks += ["<h2>APPENDIX I</h2>", "<h2>List of the CPT's recommendations, comments and requests</h2>"]
        blocks += [f"<p>- <{tag}>{text}</{tag}> (paragraph {n});</p>" for n, tag, text in asked]
        partial = path.with_name(f".{path.name}.{os.getpid()}.part")
        write_report(partial, "CPT/Inf (2026) 3", blocks)
        os.replace(partial, path)
    return path
