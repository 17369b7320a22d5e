"""Accuracy of text recognition (OCR) against born-digital reports, scanned here on purpose.

``python -m tests.app.ocr_accuracy [pages per report]`` makes image-only copies of a few pages of
each UN report of the shared corpus (``../shared/corpus/real/``): rendered to greyscale images
with PyMuPDF at 300 dpi (clean), and degraded copies (200 dpi; turned 1.5 degrees; speckle noise;
JPEG at quality 60; all four at once), each made a PDF page with no text layer. Each is recognised
by the app's own pipeline (``app.pdf.recognise.recognise_page``, what the queue runs, in the same
sandboxed workers) and its text scored against the original page's text layer, both sides folded
as the app indexes text (``app.text.printed_text.fold``) and their whitespace collapsed:

* character error rate (CER): edit distance / length of the original;
* word recall: of the original's words (``\\w+``, as many times as they occur), those recognised;
* paragraph recall: of the numbers opening a line in the original ("12."), those opening a line
  in the recognised text.

The CER counts reading-order differences too (a footnote or a running header read at another
place than the text layer holds it); word recall does not. Targets: CER <= 1 % clean, <= 1.5 %
degraded; word recall >= 99 %; paragraph recall >= 98 %. Figures are printed whether or not they
meet them; the exit status is 0 unless something could not run.
"""

from __future__ import annotations

import random
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pymupdf
from rapidfuzz.distance import Levenshtein

from app.pdf.recognise import recognise_page
from app.pdf.sandbox import Sandbox
from app.text.printed_text import fold

CORPUS_REAL = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "real"
REPORTS = ("azerbaijan2013", "china2009", "france2008", "russia2013", "unitedkingdom2012")
PAGES = (2, 3, 5, 8)  # page indexes: past the cover and the contents, into numbered paragraphs
TARGETS = {"clean": 0.01, "degraded": 0.015}


@dataclass(frozen=True)
class Scan:
    """How a page is scanned: resolution, a turn in degrees, a share of pixels speckled, JPEG quality."""

    dpi: int = 300
    skew: float = 0.0
    noise: float = 0.0
    jpeg: int | None = None


VARIANTS: dict[str, Scan] = {
    "clean": Scan(),
    "200 dpi": Scan(dpi=200),
    "skew 1.5": Scan(skew=1.5),
    "noise": Scan(noise=0.005),
    "jpeg 60": Scan(jpeg=60),
    "all four": Scan(dpi=200, skew=1.5, noise=0.005, jpeg=60),
}


def report_path(name: str) -> Path:
    return CORPUS_REAL / f"upr-wg-report__{name}.pdf"


def scanned_pdf(source: pymupdf.Page, scan: Scan, seed: int = 0) -> bytes:
    """A one-page PDF that is only an image of ``source`` scanned as ``scan`` says."""
    zoom = scan.dpi / 72
    matrix = pymupdf.Matrix(zoom, zoom).prerotate(scan.skew)
    pixmap = source.get_pixmap(matrix=matrix, colorspace=pymupdf.csGRAY, alpha=False)
    if scan.noise:
        pixmap = speckled(pixmap, scan.noise, seed)
    document = pymupdf.open()
    page = document.new_page(width=pixmap.width / zoom, height=pixmap.height / zoom)
    if scan.jpeg is not None:
        page.insert_image(page.rect, stream=pixmap.tobytes("jpg", jpg_quality=scan.jpeg))
    else:
        page.insert_image(page.rect, pixmap=pixmap)
    data = document.tobytes(deflate=True)
    document.close()
    return data


def speckled(pixmap: pymupdf.Pixmap, share: float, seed: int = 0) -> pymupdf.Pixmap:
    """``pixmap`` (greyscale) with ``share`` of its pixels made a random grey: dust and sensor noise."""
    samples = bytearray(pixmap.samples)
    rng = random.Random(seed)
    size = len(samples)
    for _ in range(int(size * share)):
        samples[rng.randrange(size)] = rng.randrange(256)
    return pymupdf.Pixmap(pymupdf.csGRAY, pixmap.width, pixmap.height, bytes(samples), False)


def normalised(text: str) -> str:
    return " ".join(fold(text).split())


def cer(reference: str, recognised: str) -> float:
    truth, read = normalised(reference), normalised(recognised)
    return Levenshtein.distance(truth, read) / max(1, len(truth))


def word_recall(reference: str, recognised: str) -> float:
    truth = Counter(re.findall(r"\w+", normalised(reference)))
    read = Counter(re.findall(r"\w+", normalised(recognised)))
    total = sum(truth.values())
    return sum((truth & read).values()) / total if total else 1.0


_OPENING_NUMBER = re.compile(r"^[ \t]*(\d{1,3})\.(?=\s|$)", re.MULTILINE)


def paragraph_numbers(text: str) -> Counter[str]:
    return Counter(_OPENING_NUMBER.findall(text))


@dataclass
class Score:
    characters: int = 0
    errors: int = 0
    words: int = 0
    words_found: int = 0
    numbers: int = 0
    numbers_found: int = 0

    def add(self, reference: str, recognised: str) -> None:
        truth, read = normalised(reference), normalised(recognised)
        self.characters += len(truth)
        self.errors += Levenshtein.distance(truth, read)
        words, found = Counter(re.findall(r"\w+", truth)), Counter(re.findall(r"\w+", read))
        self.words += sum(words.values())
        self.words_found += sum((words & found).values())
        numbers, numbers_found = paragraph_numbers(reference), paragraph_numbers(recognised)
        self.numbers += sum(numbers.values())
        self.numbers_found += sum((numbers & numbers_found).values())

    def __iadd__(self, other: Score) -> Score:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    @property
    def cer(self) -> float:
        return self.errors / max(1, self.characters)

    @property
    def word_recall(self) -> float:
        return self.words_found / max(1, self.words)

    @property
    def paragraph_recall(self) -> float:
        return self.numbers_found / self.numbers if self.numbers else 1.0


def measure(reports: Iterable[str] = REPORTS, pages: Iterable[int] = PAGES,
            variants: dict[str, Scan] = VARIANTS, workers: int = 2) -> dict[tuple[str, str], Score]:
    """Score by (report, variant): every page of ``pages`` of every report, scanned as each variant."""
    scores: dict[tuple[str, str], Score] = {}
    jobs = []
    with tempfile.TemporaryDirectory() as folder, Sandbox(workers=workers, timeout=300) as sandbox:
        for name in reports:
            original = pymupdf.open(report_path(name))
            for index in pages:
                if index >= original.page_count:
                    continue
                reference = original[index].get_text("text")
                for number, (variant, scan) in enumerate(variants.items()):
                    path = Path(folder, f"{name}-{index}-{number}.pdf")
                    path.write_bytes(scanned_pdf(original[index], scan, seed=index))
                    jobs.append((name, variant, reference, sandbox.submit(recognise_page, str(path), 0, "eng")))
            original.close()
        for name, variant, reference, future in jobs:
            scores.setdefault((name, variant), Score()).add(reference, future.result().text)
    return scores


def main(argv: list[str]) -> int:
    pages = PAGES[: int(argv[0])] if argv else PAGES
    missing = [name for name in REPORTS if not report_path(name).is_file()]
    if missing:
        print(f"the shared corpus is missing {', '.join(missing)} under {CORPUS_REAL}", file=sys.stderr)
        return 1
    scores = measure(pages=pages)
    print(f"{'report':<20}{'scan':<11}{'CER':>8}{'words':>9}{'paras':>9}")
    totals: dict[str, Score] = {}
    for (name, variant), score in scores.items():
        print(f"{name:<20}{variant:<11}{score.cer:>8.2%}{score.word_recall:>9.2%}{score.paragraph_recall:>9.2%}")
        totals.setdefault(variant, Score()).__iadd__(score)
    print()
    for variant, score in totals.items():
        target = TARGETS["clean" if variant == "clean" else "degraded"]
        verdict = "ok" if score.cer <= target and score.word_recall >= 0.99 and score.paragraph_recall >= 0.98 else "MISSED"
        print(f"{'all':<20}{variant:<11}{score.cer:>8.2%}{score.word_recall:>9.2%}{score.paragraph_recall:>9.2%}"
              f"  ({score.characters} characters, {score.words} words, {score.numbers} numbers) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
