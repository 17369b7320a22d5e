"""The window opens on a library and shows its documents."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt

from app.services.importing import import_paths
from tests.pdfs import make_pdf
from ui.main_window import MainWindow


def test_window_lists_the_library_documents(qtbot, library, tmp_path):
    import_paths(library, [make_pdf(tmp_path / "r.pdf", ["one", "two", "three"], title="Visit report")])
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()

    model = window.table.model()
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "Visit report"
    assert model.index(0, 4).data() == 3
    assert window.statusBar().currentMessage() == "library: 1 document"


def test_empty_library_says_how_to_add_documents(qtbot, library):
    window = MainWindow(library)
    qtbot.addWidget(window)
    assert window.table.model().rowCount() == 0
    assert "empty" in window.statusBar().currentMessage()


def test_reload_picks_up_documents_added_by_the_command_line(qtbot, library, tmp_path):
    window = MainWindow(library)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
    assert window.table.model().rowCount() == 0
    pdf = make_pdf(tmp_path / "r.pdf", ["text"], title="Added by the command line")
    command = [sys.executable, "-m", "app", "--data-dir", str(library.root), "import", str(pdf)]
    assert subprocess.run(command, capture_output=True, timeout=120).returncode == 0

    qtbot.keyClick(window.table, Qt.Key.Key_F5)

    assert window.table.model().index(0, 0).data() == "Added by the command line"
