"""A kill at any moment loses nothing acknowledged, and the library stays sound: the short form of
the fault run (the long one is ``make faults``: 20 kills in a stream of 1,000 edits, imports,
restores, library archives and vocabulary imports)."""

from __future__ import annotations

from tests.app.fault_run import run


def test_sigkill_in_a_stream_of_edits_imports_restores_and_archives_loses_nothing_acknowledged(tmp_path):
    figures = run(tmp_path, kills=6, operations=80)
    assert figures.problems == []
    assert figures.kills_survived == 6
    assert figures.edits_checked > 40 and figures.imports_checked >= 4
    assert figures.others_checked >= 3  # a restore, an archive and a vocabulary import, at least
    assert figures.files_checked > 0
    assert figures.lost() == 0
