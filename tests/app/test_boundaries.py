"""The import contract in pyproject.toml holds, and fails when a module breaks it.

``make check`` runs ``lint-imports`` on the tree; here it runs on a copy of ``app`` and ``ui``
with two deliberate breaches, to show the contract would catch them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(where: Path) -> subprocess.CompletedProcess[str]:
    # Run from ``where`` with it first on the path, so its ``app`` and ``ui`` are the ones read.
    env = {**os.environ, "PYTHONPATH": str(where)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=where, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_the_tree_keeps_the_import_contract():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contract_fails_on_a_core_module_importing_qt_and_a_layer_importing_upwards(tmp_path):
    for package in ("app", "ui"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "app" / "qt_leak.py").write_text("from PySide6.QtCore import QObject\n")
    (tmp_path / "app" / "store" / "upwards.py").write_text("from app.services import annotations\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0, result.stdout
    out = result.stdout
    assert "The core needs no Qt and never reaches for the window BROKEN" in out
    assert "app.qt_leak -> PySide6" in out
    assert "The core's layers: each imports only from those below it BROKEN" in out
    assert "app.store.upwards -> app.services.annotations" in out
    assert "The window reads no database: it gets plain records from the services KEPT" in out
