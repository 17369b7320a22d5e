"""The core never needs Qt: every module in app/ imports without it."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import app


def test_every_core_module_imports_without_loading_qt():
    for module in pkgutil.walk_packages(app.__path__, "app."):
        if ".migrations" in module.name:
            continue  # Alembic loads these itself, with its context set up
        importlib.import_module(module.name)
    assert not [name for name in sys.modules if name.split(".")[0] in {"PySide6", "shiboken6"}]


def test_qt_is_blocked_in_this_run_when_asked(request):
    """Under ``make test`` the core's tests run with PySide6 made unimportable."""
    if "tests.block_qt" not in sys.modules:
        return
    try:
        import PySide6  # noqa: F401
    except ImportError:
        return
    raise AssertionError("PySide6 imported although the core's test run blocks it")
