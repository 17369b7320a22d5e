"""Precision and recall of paragraph detection, by document kind, against a reading of each document.

``python -m tests.app.paragraph_accuracy`` prints them per document, per kind and over all:
the real reports of the corpus (UN reports, and the NGO report FIACAT that numbers nothing),
a paper of the robust corpus that numbers its sections, and the test PDFs of tests/app/paragraph_builders.py, made afresh in a temporary folder.
The expectations are those of tests/app/test_paragraphs.py and test_paragraph_traps.py, which
demand 1.0 for both. Every locator counts: paragraphs ("12"), items, recommendations
("60 rec. 12") and sections ("§ 3.5"). A locator found counts as right when the document has
it; in a document without numbering every one found is wrong.
"""

from __future__ import annotations

import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from app.pdf.extract import extract
from tests.app.paragraph_builders import BUILDERS
from tests.app.test_paragraph_traps import PAPER, PAPER_SECTIONS
from tests.app.test_paragraphs import NO_NUMBERING, REAL, expected_numbers
from tests.conftest import CORPUS

_Case = tuple[str, str, Path, set[str]]  # kind, name, file, truth


def main() -> int:
    folder = CORPUS / "real"
    names = sorted([*REAL, NO_NUMBERING])
    missing = [name for name in names if not (folder / name).exists()]
    if missing:
        print(f"not in {folder}: {', '.join(missing)}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as made:
        cases: list[_Case] = [
            ("NGO report" if name == NO_NUMBERING else "UN report", name, folder / name, expected_numbers(name))
            for name in names
        ]
        cases.append(("paper (robust/)", PAPER, CORPUS / "robust" / PAPER, PAPER_SECTIONS))
        for name, (kind, builder) in sorted(BUILDERS.items()):
            path = Path(made) / name
            cases.append((kind, name, path, builder(path)))
        _report(cases)
    return 0


def _report(cases: list[_Case]) -> None:
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # correct, found, expected
    print(f"{'document':48} {'kind':18} {'found':>5} {'truth':>5} {'right':>5} {'precision':>9} {'recall':>6}")
    for kind, name, path, truth in cases:
        found = {p.number for p in extract(path.read_bytes()).paragraphs}
        counts = (len(found & truth), len(found), len(truth))
        for totals in (by_kind[kind], by_kind["all documents"]):
            for index, count in enumerate(counts):
                totals[index] += count
        _print_row(name, kind, *counts)
    print()
    for kind, totals in sorted(by_kind.items(), key=lambda item: item[0] == "all documents"):
        _print_row(kind, "", *totals)


def _print_row(name: str, kind: str, correct: int, found: int, truth: int) -> None:
    precision = _share(correct, found) if found or truth else "1.000"  # nothing to find, nothing invented
    recall = _share(correct, truth)
    print(f"{name:48} {kind:18} {found:5} {truth:5} {correct:5} {precision:>9} {recall:>6}")


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "-"


if __name__ == "__main__":
    sys.exit(main())
