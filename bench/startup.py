"""Launch to a painted window with the library listed, against a bare PySide6 window.

Both are started the same way (a fresh Python process, offscreen Qt) and timed from the
moment the process is started to the moment it reports its first useful paint: for the
bare window, its first paint; for the app, the library list painted with its documents.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Result

REPEAT = 11  # both figures swing by a tenth from launch to launch: the medians need the samples
TARGET = 1.8
ROOT = Path(__file__).resolve().parent.parent

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, lambda: (print("ready", flush=True), app.quit()))
            watched.removeEventFilter(self)
        return False

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
probe = Painted()
window.installEventFilter(probe)
window.show()
app.exec()
"""

APP = """
import gc, sys
gc.disable()  # as the launcher does before it imports the window (rights_annotator.main)
from PySide6.QtWidgets import QApplication
from ui.main import main
main(sys.argv[1], ready=lambda window: (print("ready", flush=True), window.close(), QApplication.quit()))
"""


def run() -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        library_dir = Path(folder) / "library"
        _fill_library(library_dir)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(Path(folder) / "config"))
        # A user's Python keeps the compiled modules (pip compiles an installed app's): compiling
        # every module at each start, as an environment that forbids writing them does, is no start
        # a user sees.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        bare_times: list[float] = []
        app_times: list[float] = []
        _launch([sys.executable, "-c", BARE], env)  # warm the file cache for both
        _launch([sys.executable, "-c", APP, str(library_dir)], env)
        for _ in range(REPEAT):
            bare_times.append(_launch([sys.executable, "-c", BARE], env))
            app_times.append(_launch([sys.executable, "-c", APP, str(library_dir)], env))
    baseline, value = statistics.median(bare_times), statistics.median(app_times)
    note = f"app {_seconds(app_times)}; bare window {_seconds(bare_times)}"
    return [Result("startup", value, "s", baseline, TARGET, note=note)]


def _fill_library(library_dir: Path) -> None:
    """A library of the two sample documents, imported in a separate process (as a user would have)."""
    code = (
        "import sys, pathlib, tempfile\n"
        "from app.library import Library\n"
        "from app.samples import write_samples\n"
        "from app.services.importing import import_paths\n"
        "if __name__ == '__main__':\n"
        "    with tempfile.TemporaryDirectory() as d, Library.open(sys.argv[1]) as library:\n"
        "        import_paths(library, write_samples(pathlib.Path(d)))\n"
    )
    script = library_dir.parent / "fill.py"
    script.write_text(code)
    subprocess.run([sys.executable, str(script), str(library_dir)], check=True, cwd=ROOT,
                   env=dict(os.environ, PYTHONPATH=str(ROOT)))


def _launch(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    process.wait(timeout=60)
    if line.strip() != "ready":
        raise RuntimeError(f"{command[:3]} did not report a painted window (exit {process.returncode})")
    return elapsed


def _seconds(times: list[float]) -> str:
    return ", ".join(f"{t:.3f}" for t in times) + " s"
