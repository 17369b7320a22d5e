"""Work-arounds for defects of the installed PySide6, applied once when ``ui`` is imported.

PySide6 6.12.0: ``SignalInstance.emit()`` returns ``True`` without taking a reference to it.
Each emit from Python drops one reference to ``True``; on Python 3.11, where ``True`` is an
ordinary object (it is immortal from 3.12), the interpreter aborts ("bool_dealloc") after a
few hundred emits, i.e. within a minute of scrolling. PySide6 6.11 does not have the defect.
Where it is detected, ``True`` and ``False`` are given references enough for any session,
which is what Python 3.12 does for them anyway.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

_SPARE_REFERENCES = 1 << 40


class _Probe(QObject):
    fired = Signal()


def emit_drops_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(4):
        probe.fired.emit()
    return sys.getrefcount(True) < before


def run_slot(function: Callable[..., object], *args: object) -> None:
    """Run ``function`` as a slot that returns nothing: PySide6 6.12 mishandles a value returned by a slot."""
    function(*args)


def apply() -> None:
    if emit_drops_a_reference():
        for value in (True, False):
            # ob_refcnt is the first field of every object in CPython's release builds.
            ctypes.c_ssize_t.from_address(id(value)).value += _SPARE_REFERENCES
