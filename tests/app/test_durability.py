"""A kill at any moment loses nothing acknowledged, and the library stays sound: the short form of
the fault run (the long one is ``make faults``: 20 kills in a stream of 1,000 edits and imports)."""

from __future__ import annotations

from tests.app.fault_run import run


def test_sigkill_in_a_stream_of_edits_and_imports_loses_nothing_acknowledged(tmp_path):
    figures = run(tmp_path, kills=3, operations=40)
    assert figures.problems == []
    assert figures.kills_survived == 3
    assert figures.edits_checked > 20 and figures.imports_checked >= 2
    assert figures.edits_lost == 0 and figures.imports_lost == 0
