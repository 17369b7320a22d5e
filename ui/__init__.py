"""The PySide6 window over the core in ``app``."""

from ui import qt_fixes

qt_fixes.apply()
