"""Precision and recall of paragraph detection over the real reports, against a reading of them.

``python -m tests.app.paragraph_accuracy`` prints them per report and over the corpus; the
expectations are those of tests/app/test_paragraphs.py, where the test demands 1.0 for both.
A paragraph counts as found correctly when its number is one the report has; the report
without numbering counts every number found in it as wrong.
"""

from __future__ import annotations

import sys

from app.pdf.extract import extract
from tests.app.test_paragraphs import NO_NUMBERING, REAL, expected_numbers
from tests.conftest import CORPUS


def main() -> int:
    folder = CORPUS / "real"
    names = sorted([*REAL, NO_NUMBERING])
    missing = [name for name in names if not (folder / name).exists()]
    if missing:
        print(f"not in {folder}: {', '.join(missing)}", file=sys.stderr)
        return 1
    totals = [0, 0, 0]  # correct, found, expected
    print(f"{'report':48} {'found':>5} {'truth':>5} {'right':>5} {'precision':>9} {'recall':>6}")
    for name in names:
        found = {p.number for p in extract((folder / name).read_bytes()).paragraphs}
        truth = expected_numbers(name)
        correct = len(found & truth)
        for index, count in enumerate((correct, len(found), len(truth))):
            totals[index] += count
        _print_row(name, correct, len(found), len(truth))
    _print_row("all reports", *totals)
    return 0


def _print_row(name: str, correct: int, found: int, truth: int) -> None:
    print(f"{name:48} {found:5} {truth:5} {correct:5} {_share(correct, found):>9} {_share(correct, truth):>6}")


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "-"


if __name__ == "__main__":
    sys.exit(main())
