"""align_response: a government response of 200 replies aligned to its report of 200 recommendations.

Value: Document › Align with the report it answers… as the window asks it (``responses.align``:
which report, which replies, which recommendations, which accepted, which other responses).
Baseline: reading the same rows without any of that work (the response's pages, the report's
recommendations and paragraphs), so the ratio is what recognising and matching the replies adds.
The window's list should show within 200 ms, as the Recommendations view's must: the target ratio is
200 ms over the baseline (as in recommendations_10k).
The note also gives the time of Accept all (a link and two passages made for each reply offered, their words read from
the two PDFs) on the same library, taken back after each run.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

import pymupdf
from sqlalchemy import select

from bench.common import CACHE_DIR, Result

VERSION = 1
REPLIES = 200
REPEAT = 5
LIMIT_SECONDS = 0.200
_CSS = "p { font-family: sans-serif; font-size: 11pt; margin: 0 0 7pt 0; }"
_FILLER = ("The delegation visited the establishment and interviewed detained persons in private; the records it "
           "examined were on the whole complete, and staff co-operated with the visit.")


def run() -> list[Result]:
    from app.library import Library
    from app.services import passage_links, responses
    from app.services.importing import import_paths
    from app.services.recommendations import list_recommendations
    from app.store.models import PageText, Paragraph

    report, response = _pdfs()
    with tempfile.TemporaryDirectory(prefix="bench-align-") as folder, Library.open(folder) as library:
        outcomes = import_paths(library, [report, response])
        if [o.status for o in outcomes] != ["imported", "imported"]:
            raise RuntimeError(f"the benchmark documents did not import: {outcomes}")
        report_id, response_id = (o.document.id for o in outcomes if o.document is not None)

        def read_only() -> int:
            with library.reading() as session:
                pages = list(session.execute(select(PageText.text, PageText.start_offset)
                                             .where(PageText.document_id == response_id)))
                paragraphs = list(session.scalars(select(Paragraph.number).where(
                    Paragraph.document_id.in_((report_id, response_id)))))
            return len(pages) + len(paragraphs) + len(list_recommendations(library, document_id=report_id))

        read_only()
        aligned = responses.align(library, response_id)  # warms the caches too
        offered = len(aligned.suggestions)
        # Every reply is accounted for, offered or said not linkable (a recommendation detection missed).
        if offered + len(aligned.unmatched) != REPLIES or offered < REPLIES * 0.9:
            raise RuntimeError(f"{offered} replies offered, {len(aligned.unmatched)} not linked, where {REPLIES} "
                               "replies to link were written: the figure would mean nothing")
        align_times: list[float] = []
        read_times: list[float] = []
        accept_times: list[float] = []
        for round_ in range(REPEAT):
            for times, work in ([(read_times, read_only), (align_times, lambda: responses.align(library, response_id))]
                                [:: 1 if round_ % 2 == 0 else -1]):
                start = time.perf_counter()
                work()
                times.append(time.perf_counter() - start)
        for _ in range(3):
            start = time.perf_counter()
            accepted = responses.accept(library, aligned.suggestions)
            accept_times.append(time.perf_counter() - start)
            if len(accepted.links) != offered:
                raise RuntimeError(f"Accept all made {len(accepted.links)} links, not {offered}")
            passage_links.withdraw(library, accepted)
    note = (f"{REPLIES} replies, {offered} offered; align {_ms(align_times)}, reading alone {_ms(read_times)}; "
            f"Accept all {_ms(accept_times)}")
    baseline = statistics.median(read_times)
    return [Result("align_response", statistics.median(align_times), "s", baseline, LIMIT_SECONDS / baseline,
                   note=note)]


def _ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:.0f} ms (median of {len(times)})"


def _pdfs() -> tuple[Path, Path]:
    report = CACHE_DIR / f"align_report_v{VERSION}.pdf"
    response = CACHE_DIR / f"align_response_v{VERSION}.pdf"
    if not (report.exists() and response.exists()):
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        paragraphs = [f"<p>{n}. {_FILLER} <b>The CPT recommends that the authorities review the case files of "
                      f"establishment number {n} without delay.</b></p>" for n in range(1, REPLIES + 1)]
        _write(report, "CPT/Inf (2025) 40", [
            "<p>CPT/Inf (2025) 40</p>", "<h2>Report to the Government of Benchland on the visit to Benchland carried "
            "out by the European Committee for the Prevention of Torture (CPT) from 2 to 11 April 2025</h2>",
            *paragraphs])
        _write(response, "CPT/Inf (2025) 41", [
            "<p>CPT/Inf (2025) 41</p>", "<h2>Response of the Government of Benchland to the report of the CPT on "
            "its visit to Benchland from 2 to 11 April 2025</h2>", "<p>The report is document CPT/Inf (2025) 40.</p>",
            *(f"<p>{n}. As regards paragraph {n} of the report, the files of establishment number {n} were reviewed "
              "in May 2025 and the findings sent to the prosecutor.</p>" for n in range(1, REPLIES + 1))])
    return report, response


def _write(path: Path, header: str, blocks: list[str]) -> None:
    document = pymupdf.open()
    page, y = None, 800.0
    for block in blocks:
        for _attempt in range(2):
            if page is None or y > 740:
                page, y = document.new_page(width=595, height=842), 70.0
                page.insert_text((70, 40), header, fontsize=9)
            spare, _scale = page.insert_htmlbox(pymupdf.Rect(70, y, 525, 780), block, css=_CSS, scale_low=1)
            if spare >= 0:
                break
            y = 800.0  # did not fit: on the next page whole
        y = 780 - spare + 4
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    document.save(partial)
    document.close()
    os.replace(partial, path)  # never leave a half-written file to be measured later
