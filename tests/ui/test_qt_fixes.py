"""The window survives a long session: thousands of signals emitted from Python (a defect of
PySide6 6.12.0 made the interpreter abort after a few hundred)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EMIT_MANY = """
import ui
from PySide6.QtCore import QObject, Signal

class Source(QObject):
    changed = Signal(int)

source = Source()
seen = []
source.changed.connect(seen.append)
for n in range(20000):
    source.changed.emit(n)
print(len(seen))
"""


def test_twenty_thousand_emits_do_not_abort_the_app():
    done = subprocess.run([sys.executable, "-c", EMIT_MANY], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT)))
    assert done.returncode == 0, done.stderr[-1000:]
    assert done.stdout.strip() == "20000"
