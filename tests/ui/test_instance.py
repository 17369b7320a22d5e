"""`rights-annotator open ADDRESS`: a running window on the library takes the address over a local
socket; the window opens the document at the passage and selects it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from app.services import annotations as notes
from app.text.addresses import annotation_address, page_address
from tests.pdfs import make_pdf
from tests.ui.helpers import import_one, open_window
from ui.instance import InstanceServer, hand_over, server_name
from ui.main import _open_address

CLIENT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication
    from ui.instance import hand_over
    application = QCoreApplication([])
    sys.exit(0 if hand_over(Path(sys.argv[1]), sys.argv[2]) else 1)
""")


def test_names_differ_by_library_and_stay_the_same_for_one(tmp_path):
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a" / ".." / "a")
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")


def test_a_second_start_hands_its_address_to_the_running_window(qtbot, tmp_path):
    root = tmp_path / "library"
    server = InstanceServer(root)
    assert server.listen()
    address = annotation_address("0b7f3a52-9c1e-4d2a-8f6b-3e5d7c9a1b2c")
    with qtbot.waitSignal(server.received, timeout=15000) as received:
        client = subprocess.Popen([sys.executable, "-c", CLIENT, str(root), address])
    qtbot.waitUntil(lambda: client.poll() is not None, timeout=15000)
    assert received.args == [address] and client.returncode == 0
    assert not InstanceServer(root).listen()  # a second window leaves the name to the first
    server.close()
    assert not hand_over(root, address, timeout_ms=300)  # nobody listening: the caller starts a window


def test_a_second_start_without_an_address_brings_the_running_window_forward(qtbot, tmp_path):
    """As the menu entry starts the app: the window already on the library answers (an empty line)
    and the new start ends, rather than a second window meeting the library's lock."""
    root = tmp_path / "library"
    server = InstanceServer(root)
    assert server.listen()
    with qtbot.waitSignal(server.received, timeout=15000) as received:
        client = subprocess.Popen([sys.executable, "-c", CLIENT, str(root), ""])
    qtbot.waitUntil(lambda: client.poll() is not None, timeout=15000)
    assert received.args == [""] and client.returncode == 0


def test_a_stale_socket_left_by_a_crash_is_taken_over(tmp_path):
    root = tmp_path / "library"
    first = InstanceServer(root)
    assert first.listen()
    first._server.close()  # as if the process had died, leaving nothing that answers
    assert InstanceServer(root).listen()


def test_the_window_opens_the_passage_an_address_names(qtbot, library, tmp_path):
    document = import_one(library, make_pdf(tmp_path / "two.pdf", ["The first page.", "Detainees were held in cells."]))
    from tests.app.test_annotations import selection

    made = notes.create_annotation(library, notes.draft_from_selection(selection(library, document.id, "Detainees were held")))
    window = open_window(qtbot, library)
    _open_address(window, library, annotation_address(made.uuid))
    qtbot.waitUntil(lambda: window.viewer.document_id == document.id, timeout=10000)
    panel = window.features.annotations.panel
    qtbot.waitUntil(lambda: [a.uuid for a in panel.selected()] == [made.uuid], timeout=10000)
    _open_address(window, library, page_address("ab" * 32))
    assert "No document" in window.statusBar().currentMessage()
    _open_address(window, library, page_address(document.sha256, 0))
    assert window.viewer.document_id == document.id


def test_an_address_for_the_document_still_opening_selects_its_passage(qtbot, library, tmp_path):
    """As at a start from a link: the window reopens the last document, and the address names a passage
    in it before the panel has its rows."""
    document = import_one(library, make_pdf(tmp_path / "two.pdf", ["The first page.", "Detainees were held in cells."]))
    from tests.app.test_annotations import selection

    made = notes.create_annotation(library, notes.draft_from_selection(selection(library, document.id, "Detainees were held")))
    window = open_window(qtbot, library)
    assert window.open_document(document.id) and window.side_panels_pending
    _open_address(window, library, annotation_address(made.uuid))
    panel = window.features.annotations.panel
    qtbot.waitUntil(lambda: [a.uuid for a in panel.selected()] == [made.uuid], timeout=10000)
