"""pg_team_20: twenty members annotating one team library at once, at ten times a person's pace.

A PostgreSQL server on loopback, one report, twenty annotator logins. Each member's process makes
an annotation or changes the note of one of its own, once a second (a person does so every ten
seconds or so), for ``SECONDS``; a twenty-first process watches for other members' changes as a
window does (``ChangeWatch``). The clock starts once every process has its library open: twenty
apps starting at once on one small machine (each a second or two of imports and a schema check)
would time their own start-up, which members on their own computers do not share. Figures:

- ``pg_team_20_save_p99``: from asking the library to save to the save acknowledged, as the
  member's process sees it, 99th percentile over every edit of every member; target 100 ms (the
  baseline is that limit). The note gives the median and 95th percentile too, and the machine's
  load average over the run: on a small shared machine the others' load moves the tail most.
- ``pg_team_20_seen_p99``: from an edit acknowledged to the watching window knowing of it; target
  1 s (the baseline is that limit).
- ``pg_team_20_lost``: edits acknowledged but not in the library afterwards, or overwritten
  without a refusal; target 0.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import statistics
import tempfile
import time
from multiprocessing.synchronize import Barrier
from pathlib import Path

from bench.common import Result
from tests import pg_server

MEMBERS = 20
SECONDS = 60.0
PACE = 1.0  # seconds between one member's edits
SAVE_LIMIT, SEEN_LIMIT = 0.100, 1.0
START_TIMEOUT = 300.0  # seconds for every process to open the library (a crashed one breaks the wait)
PASSWORD = "bench-member"
PAGES = ["\n".join(f"{n}. The delegation visited cell {n} and spoke with detainees about their treatment."
                   for n in range(1 + page * 20, 21 + page * 20)) for page in range(5)]


def run() -> list[Result]:
    server = pg_server.start()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-team-") as work:
            folder = Path(work)
            logins, document_id = _prepare(server, folder)
            context = multiprocessing.get_context("spawn")
            ready = context.Barrier(MEMBERS + 1)  # every process opened and listening
            watcher = context.Process(target=_watch, args=(server.url("team"), str(folder), ready))
            members = [context.Process(target=_member, args=(server.url("team", user=login, password=PASSWORD),
                                                             str(folder), login, document_id, ready, n))
                       for n, login in enumerate(logins)]
            for process in (watcher, *members):
                process.start()
            for process in (*members, watcher):
                process.join(timeout=START_TIMEOUT + SECONDS + 60)
            each = [json.loads((folder / f"{login}.json").read_text()) for login in logins]
            edits = [edit for mine in each for edit in mine]
            notices = json.loads((folder / "watch.json").read_text())
            lost = _lost(server, edits)
    finally:
        server.stop()
    saves = sorted(edit["saved"] - edit["asked"] for edit in edits)
    # A member's first passage and first note are the first their connection's server process
    # writes so: it compiles the triggers' functions then (each once in a member's session).
    firsts = sorted(edit["saved"] - edit["asked"] for mine in each
                    for edit in {edit["kind"]: edit for edit in reversed(mine)}.values())
    seen = sorted(_seen_after(edits, notices))
    save_p99, seen_p99 = _percentile(saves, 0.99), _percentile(seen, 0.99)
    load = os.getloadavg()[0]  # over the last minute: the run's
    rate = len(edits) / SECONDS
    return [
        Result("pg_team_20_save_p99", save_p99, "s", SAVE_LIMIT, 1.0,
               note=f"{len(edits)} edits by {MEMBERS} members in {SECONDS:.0f} s ({rate:.1f}/s); "
                    f"median {statistics.median(saves) * 1000:.1f} ms, p95 {_percentile(saves, 0.95) * 1000:.1f} ms, "
                    f"p99 {save_p99 * 1000:.1f} ms; load average {load:.1f} on {os.cpu_count()} cores; each member's "
                    f"first passage and first note ({len(firsts)} saves) median {statistics.median(firsts) * 1000:.1f} ms, "
                    f"slowest {firsts[-1] * 1000:.1f} ms"),
        Result("pg_team_20_seen_p99", seen_p99, "s", SEEN_LIMIT, 1.0,
               note=f"another window knew of an edit after a median {statistics.median(seen) * 1000:.0f} ms, "
                    f"p99 {seen_p99 * 1000:.0f} ms (it looks every 50 ms here; the window looks each second)"),
        Result("pg_team_20_lost", float(lost), "edits", 1.0, 0.0, note=f"{lost} of {len(edits)} lost or overwritten"),
    ]


def _prepare(server: pg_server.Server, folder: Path) -> tuple[list[str], int]:
    from app.library import Library
    from app.services import team
    from app.services.importing import import_paths
    from tests.pdfs import make_pdf

    with Library.open(folder / "owner", database=server.create_database("team")) as owner:
        team.set_up(owner)
        logins = [f"member_{n:02d}" for n in range(MEMBERS)]
        for login in logins:
            team.add_member(owner, login, "annotator", PASSWORD)
        [outcome] = import_paths(owner, [make_pdf(folder / "report.pdf", PAGES)])
        assert outcome.document is not None
        return logins, outcome.document.id


def _member(url: str, work: str, login: str, document_id: int, ready: Barrier, seed: int) -> None:
    """One member's process: an annotation made, or a note of its own changed, once a second."""
    from app.library import Library
    from app.services import annotations as notes
    from app.services.annotations import EditConflict
    from app.store.models import PAGE_SEPARATOR
    from app.text.selection import PageSelection, TextSelection

    rng = random.Random(seed)
    edits: list[dict] = []
    with Library.open(Path(work) / login, database=url) as library:
        with library.reading() as session:  # the first page's text: each passage is made on it
            text = notes.document_text(session, document_id).split(PAGE_SEPARATOR)[0]
        mine: dict[str, notes.AnnotationInfo] = {}
        ready.wait(timeout=START_TIMEOUT)
        deadline = time.time() + SECONDS
        time.sleep(rng.uniform(0.0, PACE))  # twenty people do not make their first edit at the same instant
        while time.time() < deadline:
            asked = time.time()
            kind = "note" if mine and rng.random() < 0.6 else "passage"
            if kind == "note":
                seen = rng.choice(list(mine.values()))
                note = f"{login} note {len(edits)}"
                try:
                    made = notes.set_note(library, seen.uuid, note, expected_version=seen.version)
                except EditConflict:  # never expected here: each member edits only its own passages
                    edits.append({"asked": asked, "saved": time.time(), "uuid": seen.uuid, "note": None, "kind": kind})
                    continue
            else:
                start = rng.randrange(0, max(1, len(text) - 40))
                selection = TextSelection(document_id, (PageSelection(0, ((0, 0, 1, 0, 0, 1, 1, 1),), start, start + 30,
                                                                      text[start:start + 30]),),
                                          text[start:start + 30], start, start + 30)
                made = notes.create_annotation(library, notes.draft_from_selection(selection))
            mine[made.uuid] = made
            edits.append({"asked": asked, "saved": time.time(), "uuid": made.uuid, "note": made.note, "kind": kind,
                          "version": made.version})
            time.sleep(max(0.0, PACE - (time.time() - asked)) * rng.uniform(0.5, 1.5))
    (Path(work) / f"{login}.json").write_text(json.dumps(edits))


def _watch(url: str, work: str, ready: Barrier) -> None:
    """A window's way of knowing: the change watch, looked at every 50 ms."""
    from app.infra.change_watch import ChangeWatch
    from app.library import Library

    notices: list[float] = []
    with Library.open(Path(work) / "watcher", database=url) as library:
        watch = ChangeWatch(library)
        watch.changed_elsewhere()  # connected and listening before the members begin
        ready.wait(timeout=START_TIMEOUT)
        deadline = time.time() + SECONDS + 2.0
        while time.time() < deadline:
            if watch.changed_elsewhere():
                notices.append(time.time())
            time.sleep(0.05)
        watch.close()
    (Path(work) / "watch.json").write_text(json.dumps(notices))


def _seen_after(edits: list[dict], notices: list[float]) -> list[float]:
    """For each edit, the time from its acknowledgement to the first notice after it."""
    ordered = sorted(notices)
    seen, at = [], 0
    for saved in sorted(edit["saved"] for edit in edits):
        while at < len(ordered) and ordered[at] < saved:
            at += 1
        if at < len(ordered):
            seen.append(ordered[at] - saved)
    return seen


def _lost(server: pg_server.Server, edits: list[dict]) -> int:
    """Edits acknowledged but not in the library as the last acknowledgement left them."""
    from sqlalchemy import create_engine, text

    last: dict[str, dict] = {}
    for edit in sorted(edits, key=lambda edit: edit["saved"]):
        last[edit["uuid"]] = edit
    engine = create_engine(server.url("team"))
    with engine.connect() as connection:
        stored = dict(connection.execute(text("SELECT uuid, note FROM annotations")).all())
    engine.dispose()
    return sum(1 for uuid, edit in last.items() if edit["note"] is None or stored.get(uuid) != edit["note"])


def _percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(len(values) * share))] if values else float("nan")
