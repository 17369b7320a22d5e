"""A pytest plugin that makes PySide6 impossible to import, as if it were not installed.

``make test`` runs the core's tests with it, which shows ``app/`` works without Qt.
"""

from __future__ import annotations

import sys
from importlib.abc import MetaPathFinder

BLOCKED = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


class _NoQt(MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {fullname!r} (blocked for the core's tests)")
        return None


sys.meta_path.insert(0, _NoQt())
for name in [module for module in sys.modules if module.split(".")[0] in BLOCKED]:
    del sys.modules[name]
