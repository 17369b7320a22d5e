"""Importing a 300-page text report, against reading its text with PyMuPDF alone.

The baseline is the least any import must do (open the file, extract every page's
text); the value is what a user waits for: hashing, the sandboxed worker pool,
extraction, the copy into the library and the database rows with their full-text index.
"""

from __future__ import annotations

import functools
import os
import random
import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pymupdf

from app.library import Library
from app.services.importing import import_paths
from bench.common import CACHE_DIR, Result, sample_times

PAGES = 300
FRONT_MATTER = 4  # pages i-iv, then 1..296
LINES_PER_PAGE = 45
SEED = 20240523
REPEAT = 5
TARGET = 2.0
SYMBOL = "CPT/Inf (2024) 23"
TITLE = "Report to the Government on the periodic visit carried out by the CPT"
# Bump when the generator changes, so a stale cached file is not measured.
VERSION = 2

FONT = "helv"
FONT_SIZE = 10.0
LINE_HEIGHT = 1.3
PAGE_RECT = pymupdf.paper_rect("a4")
MARGIN = 56.0

_OPENINGS = [
    "The delegation", "The Committee", "The authorities", "The management", "Staff members",
    "Several detained persons", "The CPT", "In the establishment visited, the delegation",
]
_WORDS = """
observed noted received allegations of ill-treatment by police officers during arrest and
questioning in custody the conditions of detention were found to be poor cells lacked access
to natural light ventilation and adequate sanitary facilities remand prisoners spent up to
twenty-three hours a day locked in their cells without any purposeful activity medical
screening on admission was superficial injuries were not systematically recorded the
Committee recommends that the authorities take steps to ensure that all persons deprived of
their liberty are informed of their rights lawyer notification of custody doctor legal
safeguards should apply from the very outset overcrowding remains a serious problem in
several prisons the capacity of the establishment was exceeded staffing levels were
insufficient inter-prisoner violence intimidation psychiatric patients restraint seclusion
records register complaints procedures inspection monitoring bodies prosecutor judge
""".split()


def run() -> list[Result]:
    path = report_pdf()
    # Alternate the two, so that a burst of load on the machine slows both alike.
    base_times: list[float] = []
    times: list[float] = []
    for _ in range(REPEAT):
        base_times += sample_times(lambda: _read_text(path), 1)
        times += sample_times(lambda library: _import(library, path), 1, _fresh_library)
    baseline, value = statistics.median(base_times), statistics.median(times)
    # The first import in a session also starts multiprocessing's fork server (which
    # preloads PyMuPDF); the median is the steady state a user sees from then on.
    note = (
        f"first import {times[0]:.3f} s (includes starting the fork server); "
        f"imports {_seconds(times)}; baseline {_seconds(base_times)}"
    )
    return [Result("import_300_pages", value, "s", baseline, TARGET, note=note)]


def _seconds(times: list[float]) -> str:
    return ", ".join(f"{t:.3f}" for t in times) + " s"


def _read_text(path: Path) -> None:
    document = pymupdf.open(path)
    try:
        for page in document:
            page.get_text()
    finally:
        document.close()


def _import(library: Library, path: Path) -> None:
    outcomes = import_paths(library, [path])
    if outcomes[0].status != "imported":  # a failed import is fast, and would flatter the figure
        raise RuntimeError(f"the benchmark import did not import: {outcomes[0]}")


@contextmanager
def _fresh_library() -> Iterator[Library]:
    with tempfile.TemporaryDirectory(prefix="bench-library-") as folder:
        with Library.open(folder) as library:
            yield library


# --- The test document ---------------------------------------------------------------


def report_pdf() -> Path:
    """The 300-page report, generated on first use and kept in bench/.cache/."""
    path = CACHE_DIR / f"report_{PAGES}_pages_v{VERSION}.pdf"
    if not path.exists():
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.part")
        _write_report(partial)
        os.replace(partial, path)  # never leave a half-written file to be measured later
    return path


def _write_report(path: Path) -> None:
    rng = random.Random(SEED)
    lines = _body_lines(rng, PAGE_RECT.width - 2 * MARGIN)
    document = pymupdf.open()
    for index in range(PAGES):
        page = document.new_page(width=PAGE_RECT.width, height=PAGE_RECT.height)
        label = _roman(index + 1) if index < FRONT_MATTER else str(index + 1 - FRONT_MATTER)
        page.insert_text((MARGIN, 36), SYMBOL, fontname=FONT, fontsize=8)
        page.insert_text((MARGIN, 90), [next(lines) for _ in range(LINES_PER_PAGE)],
                         fontname=FONT, fontsize=FONT_SIZE, lineheight=LINE_HEIGHT)
        page.insert_text((PAGE_RECT.width / 2 - 6, PAGE_RECT.height - 36), f"- {label} -",
                         fontname=FONT, fontsize=8)
    document.set_page_labels([
        {"startpage": 0, "prefix": "", "style": "r", "firstpagenum": 1},
        {"startpage": FRONT_MATTER, "prefix": "", "style": "D", "firstpagenum": 1},
    ])
    # Fixed dates and no_new_id: the same bytes, and so the same figures, on every run.
    document.set_metadata({
        "title": TITLE, "author": "European Committee for the Prevention of Torture",
        "subject": SYMBOL, "creationDate": "D:20240523090000+02'00'",
        "modDate": "D:20240523090000+02'00'",
    })
    document.save(path, garbage=4, deflate=True, no_new_id=True)
    document.close()


def _body_lines(rng: random.Random, width: float) -> Iterator[str]:
    """An endless stream of wrapped lines of numbered paragraphs."""
    number = 1
    while True:
        sentences = [_sentence(rng) for _ in range(rng.randint(3, 7))]
        yield from _wrap(f"{number}. " + " ".join(sentences), width)
        number += 1


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 20))]
    if rng.random() < 0.3:
        words[rng.randrange(2, len(words) - 1)] += ","
    return f"{rng.choice(_OPENINGS)} {' '.join(words)}."


def _wrap(text: str, width: float) -> Iterator[str]:
    space = _text_width(" ")
    line: list[str] = []
    used = 0.0
    for word in text.split():
        needed = _text_width(word) + (space if line else 0.0)
        if line and used + needed > width:
            yield " ".join(line)
            line, used, needed = [], 0.0, _text_width(word)
        line.append(word)
        used += needed
    if line:
        yield " ".join(line)


@functools.cache
def _text_width(word: str) -> float:
    # Measuring is slow in PyMuPDF (per-character calls) and the vocabulary is small.
    return pymupdf.get_text_length(word, fontname=FONT, fontsize=FONT_SIZE)


def _roman(number: int) -> str:
    numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    result = ""
    for value, numeral in numerals:
        while number >= value:
            result += numeral
            number -= value
    return result
