"""The app never talks to the network: an import, annotate, search and export cycle with every
process watched by an audit hook that records and refuses any attempt to reach an address."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.pdfs import make_pdf

ROOT = Path(__file__).resolve().parents[2]

GUARD = '''
import os, socket, sys

LOG = os.environ["NETWORK_ATTEMPTS_LOG"]
WATCHED = {"socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo", "socket.gethostbyname",
           "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect"}


def guard(event, args):
    if event not in WATCHED:
        return
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        sock = args[0]
        if getattr(sock, "family", None) not in (socket.AF_INET, socket.AF_INET6):
            return  # local pipes between the app's own processes
    with open(LOG, "a") as log:
        log.write(f"{os.getpid()} {event} {args[1:]!r}\\n")
    raise PermissionError("network access is not allowed here")


sys.addaudithook(guard)
'''

CYCLE = '''
import sys
from app.cli import main
from app.library import Library
from app.services import annotations as notes
from app.text.selection import PageSelection, TextSelection
from app.services.search import search_annotations

if __name__ == "__main__":
    data, pdf, out = sys.argv[1:4]
    assert main(["--data-dir", data, "import", pdf]) == 0
    with Library.open(data) as library:
        quad = (0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0)
        part = PageSelection(0, (quad,), 0, 9, "Detainees")
        notes.create_annotation(library, notes.draft_from_selection(TextSelection(1, (part,), "Detainees", 0, 9), note="check"))
        assert search_annotations(library, "detainees").hits
    assert main(["--data-dir", data, "search-text", "custody"]) == 0
    assert main(["--data-dir", data, "search", "detainees", "--json"]) == 0
    try:
        from app.cli import export as cli_export  # noqa: F401 - the export command, where it exists
        assert main(["--data-dir", data, "export", "--format", "csv", "-o", out]) == 0
    except ImportError:
        pass
    print("cycle done")
'''


def test_import_annotate_search_export_never_reach_the_network(tmp_path):
    (tmp_path / "guard").mkdir()
    (tmp_path / "guard" / "sitecustomize.py").write_text(GUARD)
    (tmp_path / "cycle.py").write_text(CYCLE)
    log = tmp_path / "attempts.log"
    pdf = make_pdf(tmp_path / "r.pdf", ["Detainees were held in police custody without a lawyer."])
    environment = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(tmp_path / "guard"), str(ROOT)]),
        NETWORK_ATTEMPTS_LOG=str(log),
    )
    done = subprocess.run(
        [sys.executable, str(tmp_path / "cycle.py"), str(tmp_path / "lib"), str(pdf), str(tmp_path / "out.csv")],
        capture_output=True, text=True, timeout=300, env=environment, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "cycle done" in done.stdout
    assert not log.exists() or log.read_text() == ""


def test_the_guard_does_catch_an_attempt(tmp_path):
    """The test above would see an attempt: this one makes one on purpose."""
    (tmp_path / "guard").mkdir()
    (tmp_path / "guard" / "sitecustomize.py").write_text(GUARD)
    log = tmp_path / "attempts.log"
    environment = dict(os.environ, PYTHONPATH=str(tmp_path / "guard"), NETWORK_ATTEMPTS_LOG=str(log))
    attempt = "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=0.1)\nexcept OSError:\n    pass"
    subprocess.run([sys.executable, "-c", attempt], env=environment, timeout=60, check=False)
    assert "socket" in log.read_text()
