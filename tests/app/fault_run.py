"""The fault run: a scripted stream of edits and imports (tests/app/fault_stream.py), killed with
SIGKILL at random points; after each kill the library must pass ``PRAGMA integrity_check`` (and
the search index its own check) and hold every edit and import acknowledged before the kill.

Short form in the test suite (test_durability); long form with ``make faults``:
``python -m tests.app.fault_run --kills 20 --operations 1000``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, text

from app.backups import check
from app.library import Library
from app.services.importing import import_paths
from app.store.models import Annotation, Document
from tests.pdfs import make_pdf

ROOT = Path(__file__).resolve().parents[2]
NOTE = re.compile(r"operation (\d+)")


@dataclass
class Figures:
    kills: int = 0
    kills_survived: int = 0  # integrity check passed and nothing acknowledged missing
    operations: int = 0  # acknowledged, in all
    edits_checked: int = 0  # acknowledged edits (each found, or overwritten by a later edit, after every kill)
    checks: int = 0  # annotations and documents looked up, over all the checks
    edits_lost: int = 0
    imports_checked: int = 0
    imports_lost: int = 0
    problems: list[str] = field(default_factory=list)

    def report(self) -> str:
        return (f"kills survived: {self.kills_survived} of {self.kills}\n"
                f"operations acknowledged: {self.operations}\n"
                f"edits checked: {self.edits_checked}\nedits lost: {self.edits_lost}\n"
                f"imports checked: {self.imports_checked}\nimports lost: {self.imports_lost}\n"
                f"look-ups over all checks: {self.checks}")


def run(work: Path, kills: int, operations: int, seed: int = 20261128) -> Figures:
    data_dir, pdf_dir = work / "library", work / "pdfs"
    pdf_dir.mkdir(parents=True, exist_ok=True)
    with Library.open(data_dir) as library:
        [outcome] = import_paths(library, [make_pdf(work / "base.pdf", ["Words on a page about detention."])])
    document_id = outcome.document.id
    chance = random.Random(seed)
    # Where the stream is cut: after how many acknowledged operations each kill comes.
    cuts = sorted(chance.sample(range(1, operations), kills))
    edits: dict[str, int] = {}  # uuid -> the last acknowledged operation on it
    imports: dict[str, int] = {}  # sha256 -> operation
    figures = Figures(kills=kills)
    done = 0
    for cut in [*cuts, None]:
        last = operations if cut is None else cut
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.app.fault_stream", str(data_dir), str(document_id), str(seed), str(done),
             str(operations), str(pdf_dir)],
            stdout=subprocess.PIPE, text=True, cwd=ROOT, start_new_session=True,  # its import workers die with it
        )
        while cut is None or done < last:
            line = child.stdout.readline()
            if not line:
                break
            done = _take(line, edits, imports, figures)
        if cut is not None:
            time.sleep(chance.uniform(0, 0.03))  # so the kill lands inside the next operation, at a random point
            os.killpg(child.pid, signal.SIGKILL)
        for line in child.stdout:  # lines printed before the kill are acknowledgements too
            if line.endswith("\n"):
                done = _take(line, edits, imports, figures)
        child.wait(timeout=60)
        child.stdout.close()
        if cut is None and child.returncode != 0:
            figures.problems.append(f"the last part of the stream failed ({child.returncode})")
        _verify(data_dir, edits, imports, figures, killed=cut is not None)
    figures.operations = done
    return figures


def _take(line: str, edits: dict[str, int], imports: dict[str, int], figures: Figures) -> int:
    kind, key, index = line.split()
    (edits if kind == "edit" else imports)[key] = int(index)
    if kind == "edit":
        figures.edits_checked += 1
    else:
        figures.imports_checked += 1
    return int(index) + 1


def _verify(data_dir: Path, edits: dict[str, int], imports: dict[str, int], figures: Figures, *, killed: bool) -> None:
    lost_before = figures.edits_lost + figures.imports_lost
    verdict = check(data_dir / "library.sqlite3", full=True)
    if verdict != "ok":
        figures.problems.append(f"integrity_check: {verdict}")
        return
    with Library.open(data_dir) as library, library.reading() as session:
        # FTS5 raises here if a search index disagrees with what it indexes.
        session.execute(text("INSERT INTO annotation_fts(annotation_fts) VALUES ('integrity-check')"))
        session.execute(text("INSERT INTO page_fts(page_fts) VALUES ('integrity-check')"))
        stored = dict(session.execute(select(Annotation.uuid, Annotation.note)).all())
        files = dict(session.execute(select(Document.sha256, Document.file_name)).all())
        files_dir = library.files_dir
    for uuid, index in edits.items():
        figures.checks += 1
        found = NOTE.fullmatch(stored.get(uuid) or "")
        # A later operation on the same annotation may have committed just before the kill.
        if found is None or int(found.group(1)) < index:
            figures.edits_lost += 1
            figures.problems.append(f"edit {index} on {uuid} lost: {stored.get(uuid)!r}")
    for sha256 in imports:
        figures.checks += 1
        name = files.get(sha256)
        if name is None or hashlib.sha256((files_dir / name).read_bytes()).hexdigest() != sha256:
            figures.imports_lost += 1
            figures.problems.append(f"import {sha256[:12]} lost")
    if killed and figures.edits_lost + figures.imports_lost == lost_before:
        figures.kills_survived += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--operations", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261128)
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="fault-run-") as work:
        figures = run(Path(work), args.kills, args.operations, args.seed)
    print(figures.report())
    print(f"({time.monotonic() - started:.0f} s, seed {args.seed})")
    for problem in figures.problems[:20]:
        print("PROBLEM:", problem)
    ok = not figures.problems and figures.kills_survived == figures.kills and figures.edits_lost == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
