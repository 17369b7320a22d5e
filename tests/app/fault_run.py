"""The fault run: a scripted stream of edits, imports, restores, library archives and vocabulary
imports (tests/app/fault_stream.py), killed with SIGKILL at random points of every kind of
operation; after each kill the library must pass ``PRAGMA integrity_check`` (and the search index
its own check), hold everything acknowledged before the kill, and every file in every ``files/``
folder must be the file its SHA-256 name says.

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
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select, text

from app.export.archive import import_library
from app.export.writing import ExportError
from app.infra.backups import check
from app.library import Library
from app.services.importing import import_paths
from app.store.models import Annotation, Document, Tag
from tests.app.fault_stream import archive_path, copy_folder, operation
from tests.pdfs import make_pdf

ROOT = Path(__file__).resolve().parents[2]
KILL_WITHIN = {"import": 0.2, "archive": 0.2, "restore": 0.06, "vocabulary": 0.05}  # seconds; else 0.03
NOTE = re.compile(r"operation (\d+)")


@dataclass
class Acknowledged:
    """What the stream said it had committed, by kind."""

    edits: dict[str, int] = field(default_factory=dict)  # uuid -> the last acknowledged operation on it
    imports: dict[str, int] = field(default_factory=dict)  # sha256 -> operation
    tags: dict[str, int] = field(default_factory=dict)  # slug -> operation
    copies: dict[str, int] = field(default_factory=dict)  # a library read from an archive -> its documents
    restores: int = 0


@dataclass
class Figures:
    kills: int = 0
    kills_survived: int = 0  # integrity check passed and nothing acknowledged missing
    killed_in: dict[str, int] = field(default_factory=dict)  # the kind of operation each kill fell in
    operations: int = 0  # acknowledged, in all
    edits_checked: int = 0  # acknowledged edits (each found, or overwritten by a later edit, after every kill)
    checks: int = 0  # annotations, documents, tags and copies looked up, over all the checks
    files_checked: int = 0  # files in files/ folders hashed, over all the checks
    edits_lost: int = 0
    imports_checked: int = 0
    imports_lost: int = 0
    others_checked: int = 0  # restores, archives and vocabulary imports acknowledged
    others_lost: int = 0
    problems: list[str] = field(default_factory=list)

    def lost(self) -> int:
        return self.edits_lost + self.imports_lost + self.others_lost

    def report(self) -> str:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(self.killed_in.items()))
        return (f"kills survived: {self.kills_survived} of {self.kills}\n"
                f"kills fell in: {kinds}\n"
                f"operations acknowledged: {self.operations}\n"
                f"edits checked: {self.edits_checked}\nedits lost: {self.edits_lost}\n"
                f"imports checked: {self.imports_checked}\nimports lost: {self.imports_lost}\n"
                f"restores, archives and vocabulary imports checked: {self.others_checked}\n"
                f"of those lost: {self.others_lost}\n"
                f"look-ups over all checks: {self.checks}\nfiles hashed over all checks: {self.files_checked}")


def run(work: Path, kills: int, operations: int, seed: int = 20261128) -> Figures:
    data_dir = work / "library"
    (work / "pdfs").mkdir(parents=True, exist_ok=True)
    with Library.open(data_dir) as library:
        [outcome] = import_paths(library, [make_pdf(work / "base.pdf", ["Words on a page about detention."])])
    document_id = outcome.document.id
    chance = random.Random(seed)
    cuts = _cuts(chance, kills, operations, seed)
    seen = Acknowledged()
    figures = Figures(kills=kills)
    done = 0
    for cut in [*cuts, None]:
        last = operations if cut is None else cut
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.app.fault_stream", str(data_dir), str(document_id), str(seed), str(done),
             str(operations), str(work)],
            stdout=subprocess.PIPE, text=True, cwd=ROOT, start_new_session=True,  # its import workers die with it
        )
        while cut is None or done < last:
            line = child.stdout.readline()
            if not line:
                break
            done = _take(line, seen, figures)
        if cut is not None:
            # So the kill lands inside the next operation, at a random point of it: within about
            # as long as that kind of operation takes here.
            time.sleep(chance.uniform(0, KILL_WITHIN.get(operation(seed, done), 0.03)))
            os.killpg(child.pid, signal.SIGKILL)
        for line in child.stdout:  # lines printed before the kill are acknowledgements too
            if line.endswith("\n"):
                done = _take(line, seen, figures)
        child.wait(timeout=60)
        child.stdout.close()
        if cut is None and child.returncode != 0:
            figures.problems.append(f"the last part of the stream failed ({child.returncode})")
        if cut is not None:
            kind = operation(seed, done)
            figures.killed_in[kind] = figures.killed_in.get(kind, 0) + 1
        _verify(work, seen, figures, killed=cut is not None, interrupted=done)
    figures.operations = done
    return figures


def _cuts(chance: random.Random, kills: int, operations: int, seed: int) -> list[int]:
    """After how many acknowledged operations each kill comes: spread over every kind of operation,
    so restores, archives and vocabulary imports are cut as well as the common edits."""
    by_kind: dict[str, list[int]] = {}
    for index in range(1, operations):
        by_kind.setdefault(operation(seed, index), []).append(index)
    kinds = sorted(by_kind)
    cuts: set[int] = set()
    for turn in range(kills * 10):
        if len(cuts) == kills:
            break
        cuts.add(chance.choice(by_kind[kinds[turn % len(kinds)]]))
    return sorted(cuts)


def _take(line: str, seen: Acknowledged, figures: Figures) -> int:
    kind, key, index, *rest = line.split()
    if kind == "edit":
        seen.edits[key] = int(index)
        figures.edits_checked += 1
    elif kind == "import":
        seen.imports[key] = int(index)
        figures.imports_checked += 1
    else:
        figures.others_checked += 1
        if kind == "tag":
            seen.tags[key] = int(index)
        elif kind == "archive":
            seen.copies[key] = int(rest[0])
        else:
            seen.restores += 1
    return int(index) + 1


def _verify(work: Path, seen: Acknowledged, figures: Figures, *, killed: bool, interrupted: int) -> None:
    lost_before = figures.lost()
    data_dir = work / "library"
    if not (data_dir / "library.sqlite3").exists() and not any(data_dir.glob("library.sqlite3.restor*")):
        figures.problems.append("the library database is gone")
        return
    with Library.open(data_dir) as library, library.reading() as session:  # finishes a restore cut short
        verdict = check(library.db_path, full=True)
        if verdict != "ok":
            figures.problems.append(f"integrity_check: {verdict}")
            return
        # FTS5 raises here if a search index disagrees with what it indexes.
        session.execute(text("INSERT INTO annotation_fts(annotation_fts) VALUES ('integrity-check')"))
        session.execute(text("INSERT INTO page_fts(page_fts) VALUES ('integrity-check')"))
        stored = dict(session.execute(select(Annotation.uuid, Annotation.note)).all())
        files = dict(session.execute(select(Document.sha256, Document.file_name)).all())
        slugs = set(session.scalars(select(Tag.slug)))
        files_dir = library.files_dir
    for uuid, index in seen.edits.items():
        figures.checks += 1
        found = NOTE.fullmatch(stored.get(uuid) or "")
        # A later operation on the same annotation may have committed just before the kill.
        if found is None or int(found.group(1)) < index:
            figures.edits_lost += 1
            figures.problems.append(f"edit {index} on {uuid} lost: {stored.get(uuid)!r}")
    for sha256 in seen.imports:
        figures.checks += 1
        name = files.get(sha256)
        if name is None or _sha256(files_dir / name) != sha256:
            figures.imports_lost += 1
            figures.problems.append(f"import {sha256[:12]} lost")
    for slug, index in seen.tags.items():
        figures.checks += 1
        if slug not in slugs:
            figures.others_lost += 1
            figures.problems.append(f"vocabulary import {index} lost: no tag {slug}")
    leftovers = sorted(p.name for p in data_dir.glob("library.sqlite3.restor*"))
    if leftovers:
        figures.problems.append(f"a restore cut short left {leftovers}")
    _verify_copies(work, seen, figures, interrupted)
    _verify_files(work, figures)
    if killed and figures.lost() == lost_before:
        figures.kills_survived += 1


def _verify_copies(work: Path, seen: Acknowledged, figures: Figures, interrupted: int) -> None:
    """Acknowledged copies hold every document; one cut short reads in whole when tried again."""
    for folder, documents in seen.copies.items():
        figures.checks += 1
        with Library.open(folder) as copy, copy.reading() as session:
            held = session.scalar(select(func.count()).select_from(Document))
        if held != documents:
            figures.others_lost += 1
            figures.problems.append(f"{folder} holds {held} of its {documents} documents")
    archive, folder = archive_path(work, interrupted), copy_folder(work, interrupted)
    if archive.exists():
        with zipfile.ZipFile(archive) as written:  # written whole or not at all
            if written.testzip() is not None:
                figures.problems.append(f"{archive.name} was left part-written")
    if archive.exists() and str(folder) not in seen.copies:
        with Library.open(folder) as copy:
            try:
                import_library(copy, archive)
            except ExportError as refused:  # the cut came after its commit: it is in already
                if "already holds" not in str(refused):
                    figures.problems.append(f"reading {archive.name} again was refused: {refused}")


def _verify_files(work: Path, figures: Figures) -> None:
    """Every file in every library's files/ folder is the very file its name (its SHA-256) says."""
    for files_dir in [work / "library" / "files", *(work / "copies").glob("*/files")]:
        for path in files_dir.iterdir():
            if path.name.startswith(".") and path.suffix == ".part":
                continue  # a copy killed part-written, under its own name: swept by the next import
            figures.files_checked += 1
            if path.suffix != ".pdf" or _sha256(path) != path.stem:
                figures.problems.append(f"{path} is not the file its name says ({path.stat().st_size} bytes)")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
    ok = not figures.problems and figures.kills_survived == figures.kills and figures.lost() == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
