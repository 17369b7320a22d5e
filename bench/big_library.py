"""big_library: a library of 10,000 documents and ~1,000,000 annotations beside one of 100 and 10,000.

Not part of plain ``make bench`` (``make bench-big`` or ``python -m bench big_library``): the big
library takes minutes to build (once; it is kept in bench/.cache/) and every figure is read twice.
Each figure on the big library is printed with the same figure on the small one as its baseline,
measured in the same run, except where the target is absolute (a search's 20 ms, a listing's
100 ms: then the baseline is the limit itself, so the ratio reads as a fraction of it) or is set
against copying the file (backup, check) or a raw csv.writer (export).
"""

from __future__ import annotations

import dataclasses
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.common import CACHE_DIR, Result, cached_library, median_time, sample_times
from bench.search_100k import _WORDS, NOW, WORD, fill_tags_and_documents

VERSION = 1  # of the fill code below: a change to it builds the libraries again
BIG = (10_000, 1_000_000)
SMALL = (100, 10_000)
CROWDED = 5_000  # annotations on document 1 of the big library: its annotation panel's figure
COMMON = "police"  # among _WORDS, in ~43 % of passages; WORD is in 5 %
ROOT = Path(__file__).resolve().parent.parent
SEARCH_LIMIT = 0.020
LISTING_LIMIT = 0.100
START_TARGET, COPY_TARGET, EXPORT_TARGET = 1.5, 3.0, 1.5


def run() -> list[Result]:
    small, big = library_folder(*SMALL), library_folder(*BIG)
    load = os.getloadavg()[0]
    results = [*_searches(big), _listing(big), *_backup_and_check(big), *_export(small, big), _start(small, big)]
    print(f"  load average at the end: {os.getloadavg()[0]:.2f} (at the start {load:.2f})")
    return results


# --- the figures -----------------------------------------------------------------------


def search_cases() -> dict[str, tuple[str, Any]]:
    """The searches of the search panel timed on the big library: (words typed, filters) by name."""
    from app.services.search import AnnotationFilters

    treaty = 1  # tags 2..11 are its articles
    return {
        "common_word": (COMMON, AnnotationFilters()),
        "rare_word": (WORD, AnnotationFilters()),
        "tag_only": ("", AnnotationFilters(tags_any=(treaty,))),
        "tag_word_country": (WORD, AnnotationFilters(tags_any=(treaty,), countries=("Country 7",))),
    }


def _searches(folder: Path) -> list[Result]:
    from app.library import Library
    from app.services.search import search_annotations

    cases = search_cases()
    results = []
    with Library.open(folder) as library:
        for name, (text, filters) in cases.items():
            for sort in ("relevance", "date"):
                if not text and sort == "relevance":
                    continue  # without a word there is nothing to rank by
                search_annotations(library, text, filters, sort=sort)  # warm
                value = median_time(lambda: search_annotations(library, text, filters, sort=sort), 7)
                results.append(Result(f"big_search_{name}_{sort}", value, "s", SEARCH_LIMIT, 1.0,
                                      note=f"{value * 1000:.1f} ms (limit {SEARCH_LIMIT * 1000:.0f} ms)"))
    return results


def _listing(folder: Path) -> Result:
    from app.library import Library
    from app.services.annotations import list_annotations

    with Library.open(folder) as library:
        found = len(list_annotations(library, 1))
        value = median_time(lambda: list_annotations(library, 1), 5)
    return Result("big_list_5000_annotations", value, "s", LISTING_LIMIT, 1.0,
                  note=f"{found} annotations of one document read by the service in {value * 1000:.0f} ms "
                       f"(limit {LISTING_LIMIT * 1000:.0f} ms; the panel's widgets not counted)")


def _backup_and_check(folder: Path) -> list[Result]:
    """``backup`` and ``check --full`` from the command line, each beside a plain copy of the file taken
    in turn with it, so the load of the moment weighs on both alike; with the file in the cache
    (warm: read once before), then out of it (cold: dropped before each one, where the system can).
    Writes still on their way to the disk are flushed before each, so none slows the next."""
    db = folder / "library.sqlite3"
    states = {"warm": lambda: None, **({"cold": lambda: _drop_from_cache(db)} if hasattr(os, "posix_fadvise") else {})}
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-big-", dir=CACHE_DIR) as out:
        copy = Path(out) / "copy.sqlite3"
        steps = {"copy": lambda: shutil.copyfile(db, copy), "backup": lambda: _cli("backup", folder, "--to", out),
                 "check": lambda: _cli("check", folder, "--full")}
        _read_through(db)
        for state, prepare in states.items():
            times: dict[str, list[float]] = {name: [] for name in steps}
            for _ in range(3):
                for name, step in steps.items():
                    copy.unlink(missing_ok=True)
                    os.sync()
                    prepare()
                    times[name] += sample_times(step, 1)
            copy_time, backup, check = (statistics.median(times[name]) for name in steps)
            suffix = "" if state == "warm" else f"_{state}"
            note = f"{state}: copies {', '.join(f'{t:.2f}' for t in times['copy'])} s"
            results += [
                Result(f"big_backup{suffix}", backup, "s", copy_time, COPY_TARGET,
                       note=f"{note}; backups {', '.join(f'{t:.2f}' for t in times['backup'])} s"),
                Result(f"big_check_full{suffix}", check, "s", copy_time, COPY_TARGET,
                       note=f"{note}; checks {', '.join(f'{t:.2f}' for t in times['check'])} s"),
            ]
    start = median_time(lambda: _cli("check", folder, "--help"), 3)
    results[0] = dataclasses.replace(results[0], note=f"{results[0].note}; database {db.stat().st_size / 1e9:.2f} GB, "
                                                      f"the command line's own start {start:.2f} s of each")
    return results


def _read_through(path: Path) -> None:
    with open(path, "rb") as file:
        while file.read(2**24):
            pass


def _drop_from_cache(path: Path) -> None:
    """The file's pages out of the system's cache (it is only read, so none is waiting to be written)."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(descriptor)


def _cli(command: str, folder: Path, *args: str) -> None:
    """The command line's ``command``; a ``check`` that reports missing files still counts (the
    filler documents have no PDF to hash), any other failure stops the benchmark."""
    done = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(folder), command, *args], cwd=ROOT,
                          stdout=subprocess.DEVNULL, check=False)
    if done.returncode and not (command == "check" and done.returncode == 1):
        raise subprocess.CalledProcessError(done.returncode, command)


_RAW = """
SELECT coalesce(d.reference, d.title) || ', p. ' || (a.page_index + 1), a.quote, a.note,
       (SELECT group_concat(coalesce(t.code, t.label), '; ') FROM annotation_tags AS at
          JOIN tags AS t ON t.id = at.tag_id WHERE at.annotation_id = a.id),
       d.title, d.reference, a.page_index + 1, a.paragraphs, d.published, d.publisher,
       a.color, a.created_at, d.sha256, d.added_at, a.uuid
FROM annotations AS a JOIN documents AS d ON d.id = a.document_id
WHERE a.deleted_at IS NULL
ORDER BY a.document_id, a.page_index, a.start_offset, a.id
"""

_EXPORT = """
import resource, sys
from app.export import export_annotations
from app.library import Library
early = []
def progress(done, total):
    if not early and done >= int(sys.argv[3]):
        early.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
with Library.open(sys.argv[1]) as library:
    export_annotations(library, sys.argv[2], "csv", force=True, progress=progress)
print(early[0] / 1024 if early else 0.0)
"""

_RAW_EXPORT = f"""
import csv, sqlite3, sys
connection = sqlite3.connect(sys.argv[1] + "/library.sqlite3")
with open(sys.argv[2], "w", encoding="utf-8", newline="") as file:
    csv.writer(file).writerows(connection.execute({_RAW!r}))
"""


EARLY = 10_000  # rows, as many as the small library holds: the export's memory then is its baseline


def _export(small: Path, big: Path) -> list[Result]:
    """Each export in a process of its own, so its peak memory is its own. Memory is flat when the
    whole export takes no more than it had once its first 10,000 rows were written; beside the small
    library's whole export (10,000 rows too) the figure would be SQLite's page cache (64 MiB), which
    the small library's whole database does not fill."""
    with tempfile.TemporaryDirectory(prefix="bench-big-", dir=CACHE_DIR) as out:
        def child(code: str, folder: Path, name: str) -> tuple[float, float, str]:
            return _child(code, str(folder), str(Path(out) / f"{name}.csv"), str(EARLY))

        small_mb = child(_EXPORT, small, "small")[1]
        service, service_mb, said = child(_EXPORT, big, "big")
        raw = child(_RAW_EXPORT, big, "raw")[0]
    early_mb = float(said)
    return [
        Result("big_export_csv", service, "s", raw, EXPORT_TARGET, note=f"raw csv.writer {raw:.1f} s"),
        Result("big_export_csv_peak_mb", service_mb, "MB", early_mb, 1.5,
               note=f"peak RSS {service_mb:.0f} MB for 1M rows, {early_mb:.0f} MB once {EARLY:,} were written; "
                    f"{small_mb:.0f} MB for the small library's {EARLY:,} (flat: ratio near 1)"),
    ]


def _child(code: str, *args: str) -> tuple[float, float, str]:
    """Seconds, peak resident megabytes and what it printed, of ``python -c code args``."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    _pid, status, usage = os.wait4(process.pid, 0)  # a line at most is printed: the pipe never fills
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.stdout is not None
    said = process.stdout.read().strip()
    process.stdout.close()
    if process.returncode:
        raise RuntimeError(f"an export ended with exit code {process.returncode}")
    return elapsed, usage.ru_maxrss / 1024, said


_APP = """
import sys
from PySide6.QtWidgets import QApplication
from ui.main import main
main(sys.argv[1], ready=lambda window: (print("ready", flush=True), window.close(), QApplication.quit()))
"""


def _start(small: Path, big: Path) -> Result:
    """Window start to the list painted from the database (its cached listing removed before each start).

    The backups the window makes (the day's first at start, one at quit if the library changed, by a
    process of its own for the big one) go to a folder of the run's own, removed with it; each start
    waits for the last one's quit backup to end, so that no copy of 1.7 GB runs beside the next."""
    from app.infra.backups import SETTINGS_NAME, choose_folder
    from app.infra.listing_cache import listing_path
    from bench.startup import _launch

    times: dict[Path, list[float]] = {small: [], big: []}
    with tempfile.TemporaryDirectory(prefix="bench-big-") as config, \
            tempfile.TemporaryDirectory(prefix="bench-big-backups-", dir=CACHE_DIR) as kept:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=config)
        for folder in (small, big):
            choose_folder(folder, Path(kept) / folder.name)
        try:
            for _ in range(4):
                for folder in (small, big):
                    listing_path(folder).unlink(missing_ok=True)
                    (folder / QUIT_LOG).unlink(missing_ok=True)
                    times[folder] += [_launch([sys.executable, "-c", _APP, str(folder)], env)]
                    _quit_backup_ended(folder)
        finally:
            for folder in (small, big):
                (folder / SETTINGS_NAME).unlink(missing_ok=True)
                (folder / QUIT_LOG).unlink(missing_ok=True)
    value, baseline = statistics.median(times[big][1:]), statistics.median(times[small][1:])
    return Result("big_start", value, "s", baseline, START_TARGET,
                  note=f"big {', '.join(f'{t:.2f}' for t in times[big])} s; "
                       f"small {', '.join(f'{t:.2f}' for t in times[small])} s")


QUIT_LOG = "backup-at-quit.log"  # the quit backup's process writes what it did there when it ends


def _quit_backup_ended(folder: Path, limit: float = 180.0) -> None:
    log = folder / QUIT_LOG
    until = time.monotonic() + limit
    while log.exists() and not log.read_text(encoding="utf-8").strip():
        if time.monotonic() > until:
            raise RuntimeError(f"the quit backup of {folder.name} did not end within {limit:.0f} s")
        time.sleep(0.2)


# --- the libraries ---------------------------------------------------------------------


def library_folder(documents: int, annotations: int) -> Path:
    """A library of ``documents`` and ``annotations``, made once and kept in bench/.cache/."""
    return cached_library(f"big_library_{documents}_{annotations}_v{VERSION}",
                          lambda path: _fill(path, documents, annotations))


def _fill(path: Path, documents: int, annotations: int) -> None:
    """Tags as search_100k has them, documents without page text, annotations streamed in."""
    from app.store import sqlite as sqlite_store
    from app.store import sqlite_search

    rng = random.Random(20261203)
    db = sqlite3.connect(path)
    sqlite_store.register_functions(db)  # the index's triggers fold the text they write
    db.execute("PRAGMA synchronous = OFF")
    now = NOW
    articles = fill_tags_and_documents(db, documents)
    links: list[tuple[int, int]] = []

    def rows() -> Iterator[tuple]:
        crowded = min(CROWDED, annotations // 2) if documents >= 1000 else 0
        for n in range(1, annotations + 1):
            words = [rng.choice(_WORDS) for _ in range(rng.randint(15, 40))]
            if rng.random() < 0.05:
                words[rng.randrange(len(words))] = WORD
            document = 1 if n <= crowded else rng.randint(2 if crowded else 1, documents)
            when = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d} 12:00:00.000000"
            for tag_id in rng.sample(articles, rng.randint(1, 2)):
                links.append((n, tag_id))
            yield (n, str(uuid.UUID(int=rng.getrandbits(128))), document, "follow up" if rng.random() < 0.2 else "",
                   rng.randint(0, 99), " ".join(words), rng.randint(0, 10**6), when, when)

    insert = ("INSERT INTO annotations (id, uuid, document_id, kind, color, note, page_index, targets, quote, prefix,"
              " suffix, start_offset, end_offset, paragraphs, anchor_status, origin, created_at, updated_at)"
              " VALUES (?, ?, ?, 'highlight', 'yellow', ?, ?, '[]', ?, '', '', ?, NULL, '[]', 'anchored', 'user', ?, ?)")
    source = rows()
    while True:
        batch = [row for _, row in zip(range(50_000), source)]
        if not batch:
            break
        db.executemany(insert, batch)
        db.executemany("INSERT INTO annotation_tags (annotation_id, tag_id, created_at) VALUES (?, ?, '" + now + "')",
                       links)
        links.clear()
        db.commit()
    db.execute(sqlite_search.OPTIMIZE_ANNOTATION_INDEX)
    db.commit()
    db.execute("PRAGMA optimize")
    db.close()


