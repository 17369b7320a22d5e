"""A team library's window when the network is slow or the server away: another member's file comes
in the background with its progress and a Cancel, and a server that goes away is said plainly,
writes refused, until it is back."""

from __future__ import annotations

import hashlib
import os
import time

import pymupdf as fitz
import pytest
from PySide6.QtCore import QTimer
from sqlalchemy import text

from app.changes import LibraryChange
from app.library import Library
from app.services import annotations as notes
from app.store import postgres
from tests import pg_server
from tests.app.test_search import fill_passages
from tests.ui.helpers import import_one, open_window


def _big_pdf(path, megabytes: int = 18):
    """A one-page report with a scan of noise: bytes that do not compress, as a real scan's hardly do."""
    width, height = 2000, megabytes * 1_000_000 // (2000 * 3)
    document = fitz.open()
    page = document.new_page()
    page.insert_text((72, 72), "1. The delegation's photographs of the cells are annexed.")
    noise = fitz.Pixmap(fitz.csRGB, width, height, os.urandom(width * height * 3), False)
    page.insert_image(fitz.Rect(72, 100, 520, 700), pixmap=noise)
    document.save(path)
    return path


@pytest.fixture
def member_window(qtbot, team_library, team_database, tmp_path):
    """The window of a second member, whose folder holds none of the files yet."""
    with Library.open(tmp_path / "second member", database=team_database) as library:
        window = open_window(qtbot, library)
        yield window
        window.close()


def _choose(qtbot, window, document_id):
    # Listed by itself, from the server's notice of the other member's import (so no later reload
    # replaces what the window says while the file comes).
    qtbot.waitUntil(lambda: window.documents.find(document_id) is not None, timeout=5000)
    started = time.monotonic()
    assert not window.open_document(document_id)  # not opened at once: its file comes first
    return started


def _wait_opened(qtbot, window, document_id, timeout):
    qtbot.waitUntil(lambda: window.viewer.document_id == document_id, timeout=timeout)
    qtbot.waitUntil(lambda: not window.side_panels_pending, timeout=10000)  # opened all through


def test_another_members_big_file_comes_in_the_background_and_opens(qtbot, member_window, team_library, tmp_path):
    document = import_one(team_library, _big_pdf(tmp_path / "scans.pdf"))
    window, fetch = member_window, member_window.file_fetch
    ticks: list[float] = []
    pulse = QTimer(interval=10)
    pulse.timeout.connect(lambda: ticks.append(time.monotonic()))
    pulse.start()
    lines: list[str] = []
    started = _choose(qtbot, window, document.id)
    assert time.monotonic() - started < 0.5 and fetch.busy and fetch.box.isVisible()
    coming = fetch.task
    assert window.documents.document(window.library_panel.document_row(window.table.currentIndex().row())).id \
        == document.id  # its row chosen in the list while it comes
    assert not window.open_document(document.id) and fetch.task is coming  # asked again: it goes on coming
    fetch.task.progressed.connect(lambda *_: lines.append(fetch.label.text()))
    _wait_opened(qtbot, window, document.id, 60000)
    pulse.stop()
    assert not fetch.busy and not fetch.box.isVisible()
    assert any(line.startswith(f"Bringing \u201c{document.title}\u201d from the team library\u2026 ")
               and line.endswith(" MB") and " of 18." in line for line in lines)
    assert len(lines) >= 10  # part by part
    during = [tick for tick in ticks if tick > started]
    assert len(during) > 10  # the window's events went on while the file came
    assert max(b - a for a, b in zip(during, during[1:])) < 1.0  # never frozen a whole second
    path = window.library.files_dir / document.file_name
    assert hashlib.sha256(path.read_bytes()).hexdigest() == document.sha256


def test_a_file_coming_can_be_cancelled_and_nothing_of_it_is_kept(qtbot, member_window, team_library, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setattr(postgres, "FILE_PART", 2**14)  # many small parts: time to press Cancel
    document = import_one(team_library, _big_pdf(tmp_path / "scans.pdf", megabytes=8))
    window, fetch = member_window, member_window.file_fetch
    _choose(qtbot, window, document.id)
    qtbot.waitUntil(lambda: " of " in fetch.label.text(), timeout=20000)
    fetch.cancel_button.click()
    assert not fetch.busy and not fetch.box.isVisible()
    assert "was not brought from the team library" in window.viewer.message.label.text()
    qtbot.wait(800)  # the stopped work ends at its next part
    assert window.library.missing_here(document.file_name) and window.viewer.document_id is None
    window.viewer.message.button("Bring it").click()  # asked again, it comes
    _wait_opened(qtbot, window, document.id, 60000)


def test_closing_the_window_stops_a_file_coming(qtbot, member_window, team_library, tmp_path, monkeypatch):
    monkeypatch.setattr(postgres, "FILE_PART", 2**14)
    document = import_one(team_library, _big_pdf(tmp_path / "scans.pdf", megabytes=8))
    window = member_window
    _choose(qtbot, window, document.id)
    qtbot.waitUntil(lambda: " of " in window.file_fetch.label.text(), timeout=20000)
    started = time.monotonic()
    window.close()  # waits for the background work: the fetch stops at its next part rather than finishing
    assert time.monotonic() - started < 3
    assert window.library.missing_here(document.file_name)


def test_a_passage_asked_for_lands_in_view_once_its_file_has_come(qtbot, member_window, team_library, tmp_path,
                                                                   monkeypatch):
    """A link's other end, a search hit or an address on another member's document: the file comes,
    then the window is at that passage (or page), not at the document's first page."""
    from tests.app.test_annotations import selection
    from tests.pdfs import make_pdf

    monkeypatch.setattr(postgres, "FILE_PART", 2**10)  # a few parts: it comes after the asking returns
    pages = [f"{n}. Page {n} of the report, on the cells of block {n}." for n in range(1, 7)]
    document = import_one(team_library, make_pdf(tmp_path / "report.pdf", pages))
    passage = notes.create_annotation(team_library, notes.draft_from_selection(
        selection(team_library, document.id, "cells of block 5")))
    window = member_window
    qtbot.waitUntil(lambda: window.documents.find(document.id) is not None, timeout=5000)
    window.features.open_passage(document.id, passage.page_index, passage.uuid)
    assert window.file_fetch.busy and window.viewer.document_id is None
    _wait_opened(qtbot, window, document.id, 20000)
    qtbot.waitUntil(lambda: window.viewer.pages.current_page() == 4, timeout=5000)
    qtbot.waitUntil(lambda: [a.uuid for a in window.features.annotations.panel.selected()] == [passage.uuid],
                    timeout=5000)
    # A page of a document not here yet (a search hit, an address): its page once the file came.
    other = import_one(team_library, make_pdf(tmp_path / "other.pdf", pages))
    qtbot.waitUntil(lambda: window.documents.find(other.id) is not None, timeout=5000)
    window.features.open_page(other.id, 3, "")
    assert window.file_fetch.busy
    _wait_opened(qtbot, window, other.id, 20000)
    qtbot.waitUntil(lambda: window.viewer.pages.current_page() == 3, timeout=5000)


def test_a_damaged_copy_on_the_server_is_said_in_one_line_and_the_window_stays_usable(
        qtbot, member_window, team_library, tmp_path):
    from tests.pdfs import make_pdf

    document = import_one(team_library, make_pdf(tmp_path / "report.pdf", ["1. A report."]))
    with team_library.engine.begin() as connection:
        connection.execute(text("UPDATE document_files SET content = 'not a pdf'"))
    window = member_window
    _choose(qtbot, window, document.id)
    qtbot.waitUntil(lambda: not window.file_fetch.busy, timeout=20000)
    line = window.statusBar().currentMessage()
    assert line.startswith(f"\u201c{document.title}\u201d could not be opened:") and "damaged" in line
    assert "\n" not in line and window.viewer.document_id is None
    assert window.library.missing_here(document.file_name)  # no wrong file in its place
    assert window.viewer.message.button("Try again") is not None
    window.refresh()  # the window goes on reading the library
    assert window.table.model().rowCount() == 1


def test_a_server_away_is_shown_writes_are_refused_and_it_comes_back_by_itself(qtbot, tmp_path):
    """A server of this test's own, taken down under the open window and started again."""
    server = pg_server.start()
    try:
        with Library.open(tmp_path / "team", database=server.create_database("ngo")) as library:
            _, passages, *_ = fill_passages(library, tmp_path)
            window = open_window(qtbot, library)
            refresher, badge = window.features.refresher, window.features.team.badge
            qtbot.waitUntil(lambda: refresher.following and badge.text().endswith(f"you ({library.member}) are admin"), timeout=5000)
            reloads: list[LibraryChange] = []
            window.operations.changed.connect(lambda change: change.elsewhere and reloads.append(change))
            server.pause()
            qtbot.waitUntil(lambda: refresher.server_away, timeout=10000)
            assert badge.text().startswith("Team library ngo on 127.0.0.1: server unreachable since ")
            assert badge.text().endswith("your changes are not saved until it is back")
            refused: list[str] = []
            window.operations.edit(lambda: notes.set_note(library, passages["beds"].uuid, "while away"),
                                   changes=lambda _: LibraryChange(), failed=refused.append)
            qtbot.waitUntil(lambda: bool(refused), timeout=5000)
            assert refused == [f"Not saved. {badge.text()}."]
            assert not reloads  # what is on screen stays as it was, readable
            server.resume()
            qtbot.waitUntil(lambda: not refresher.server_away, timeout=20000)
            assert library.writes_refused is None and badge.text().endswith(f"you ({library.member}) are admin")
            qtbot.waitUntil(lambda: len(reloads) == 1, timeout=2000)
            qtbot.wait(1500)
            assert len(reloads) == 1  # read again once
            assert "the server is back" in window.statusBar().currentMessage()
            notes.set_note(library, passages["beds"].uuid, "saved once it is back")
            window.close()
    finally:
        server.stop()


def test_a_file_cut_off_by_the_server_going_away_comes_once_it_is_back(qtbot, tmp_path, monkeypatch):
    """A server of this test's own, taken down while another member's file comes, and started again."""
    monkeypatch.setattr(postgres, "FILE_PART", 2**14)
    server = pg_server.start()
    try:
        database = server.create_database("ngo")
        with Library.open(tmp_path / "first member", database=database) as first:
            document = import_one(first, _big_pdf(tmp_path / "scans.pdf", megabytes=8))
        with Library.open(tmp_path / "second member", database=database) as library:
            window = open_window(qtbot, library)
            _choose(qtbot, window, document.id)
            qtbot.waitUntil(lambda: " of " in window.file_fetch.label.text(), timeout=20000)
            server.pause()
            qtbot.waitUntil(lambda: not window.file_fetch.busy, timeout=20000)
            assert "could not be opened" in window.statusBar().currentMessage()
            assert window.viewer.message.button("Try again") is not None
            server.resume()
            _wait_opened(qtbot, window, document.id, 30000)
            assert not library.missing_here(document.file_name)
            window.close()
    finally:
        server.stop()
