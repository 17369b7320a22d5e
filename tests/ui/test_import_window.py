"""Importing from the window: off the UI thread, with a summary of failures; the sample library."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDropEvent

from app.samples import REPORT_SYMBOL, RESPONSE_SYMBOL
from tests.pdfs import make_pdf
from tests.ui.helpers import import_one, open_window


def test_import_runs_in_the_background_and_reports_what_failed(qtbot, library, tmp_path):
    good = make_pdf(tmp_path / "good.pdf", ["fine"], title="Good report")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    window = open_window(qtbot, library)
    job = window.start_import([str(good), str(bad)])
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=60000):
        pass
    qtbot.waitUntil(lambda: window.last_report is not None, timeout=5000)
    assert window.table.model().rowCount() == 1
    assert window.last_report.text() == "1 imported, 1 failed"
    assert "bad.pdf: not a PDF file" in window.last_report.detailedText()
    assert window.viewer.document_id is not None  # the new document is opened
    window.last_report.close()


def test_dropped_files_are_imported(qtbot, library, tmp_path):
    pdf = make_pdf(tmp_path / "dropped.pdf", ["dropped text"], title="Dropped")
    window = open_window(qtbot, library)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(pdf))])
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.import_job is not None
    with qtbot.waitSignal(window.import_job.finished, timeout=60000):
        pass
    qtbot.waitUntil(lambda: window.table.model().rowCount() == 1, timeout=5000)


def test_empty_library_offers_the_sample_documents(qtbot, library):
    window = open_window(qtbot, library)
    button = window.viewer.message.button("Load sample documents")
    assert button is not None
    button.click()
    assert window.import_job is not None
    with qtbot.waitSignal(window.import_job.finished, timeout=60000):
        pass
    qtbot.waitUntil(lambda: window.table.model().rowCount() == 3, timeout=5000)
    references = {window.documents.document(row).reference for row in range(3)}
    assert {REPORT_SYMBOL, RESPONSE_SYMBOL} <= references
    assert window.last_report is None  # nothing failed, nothing to report


def test_library_filter_narrows_the_list(qtbot, library, tmp_path):
    import_one(library, make_pdf(tmp_path / "a.pdf", ["a"], title="Prison visit"))
    import_one(library, make_pdf(tmp_path / "b.pdf", ["b"], title="News item"))
    window = open_window(qtbot, library)
    assert window.table.model().rowCount() == 2
    qtbot.keyClicks(window.library_panel.filter, "prison")
    assert window.table.model().rowCount() == 1
    assert window.table.model().index(0, 0).data() == "Prison visit"


def test_other_features_can_add_document_actions(qtbot, library, tmp_path):
    document = import_one(library, make_pdf(tmp_path / "a.pdf", ["a"], title="A"))
    window = open_window(qtbot, library)
    seen: list[int] = []
    action = window.add_document_action("Document properties\u2026", seen.append)
    assert window.menu("document").menuAction().isVisible()
    window.table.selectRow(0)
    action.trigger()
    assert seen == [document.id]
    tool = QAction("Check links", window)
    window.add_tool_action(tool)
    assert tool in window.menu("tools").actions()


def test_panel_sizes_and_visibility_persist(qtbot, library, settings):
    from ui.main_window import MainWindow

    window = open_window(qtbot, library, settings)
    window.left_splitter.setSizes([500, 160])
    sizes = window.left_splitter.sizes()
    window.annotations_dock.hide()
    window.close()

    again = MainWindow(library, settings)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.left_splitter.sizes() == sizes
    assert not again.annotations_dock.isVisible()


def test_recent_menu_lists_documents_opened(qtbot, library, tmp_path):
    from tests.ui.helpers import open_and_wait

    first = import_one(library, make_pdf(tmp_path / "a.pdf", ["a"], title="First read"))
    second = import_one(library, make_pdf(tmp_path / "b.pdf", ["b"], title="Second read"))
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, first.id)
    open_and_wait(qtbot, window, second.id)
    window.fill_recent()
    assert [a.text() for a in window.menus.recent.actions()] == ["Second read", "First read"]
    window.menus.recent.actions()[1].trigger()
    assert window.viewer.document_id == first.id


def test_importing_a_password_protected_file_asks_for_its_password(qtbot, library, tmp_path):
    locked = make_pdf(tmp_path / "locked.pdf", ["secret text"], title="Locked report", user_password="pw")
    window = open_window(qtbot, library)
    asked: list[str] = []
    window.viewer.password_provider = lambda title, message: asked.append(title) or "pw"
    job = window.start_import([str(locked)])
    with qtbot.waitSignal(job.finished, timeout=60000):
        pass
    assert asked == ["locked.pdf"]
    retry = window.import_job
    assert retry is not None and retry is not job  # started again, with the password given
    with qtbot.waitSignal(retry.finished, timeout=60000):
        pass
    qtbot.waitUntil(lambda: window.table.model().rowCount() == 1, timeout=5000)
    assert window.documents.document(0).encrypted
