"""Tools › Activity… on a team library: the changes listed, narrowed by member and document, to CSV."""

from __future__ import annotations

from app.services import annotations as notes
from tests.app.test_annotations import selection
from tests.pdfs import make_pdf
from tests.ui.helpers import import_one, open_window


def test_the_activity_window_lists_narrows_and_exports(qtbot, team_library, tmp_path):
    document = import_one(team_library, make_pdf(tmp_path / "r.pdf", ["1. Restraint beds were used for hours."]))
    made = notes.create_annotation(team_library, notes.draft_from_selection(
        selection(team_library, document.id, "Restraint beds")))
    notes.set_note(team_library, made.uuid, "ask for the registers")
    window = open_window(qtbot, team_library)
    tools = [action.text() for action in window.menus.by_name["tools"].actions()]
    assert "&Activity\u2026" in tools and "&Backups\u2026" not in tools  # a team library's backups are its server's
    log = window.features.show_activity()  # the opening window added the built-in treaties: logged too
    qtbot.addWidget(log)
    qtbot.waitUntil(lambda: log.model.rowCount() > 100, timeout=10000)
    log.document_id = document.id  # as when the report is open
    log.this_document.setEnabled(True)
    log.this_document.setChecked(True)
    qtbot.waitUntil(lambda: log.model.rowCount() == 3, timeout=5000)
    rows = [[log.model.index(row, column).data() for column in range(5)] for row in range(3)]
    assert [row[2:4] for row in rows] == [["update", "annotation"], ["insert", "annotation"], ["insert", "document"]]
    assert rows[0][4] == "note: '' \u2192 'ask for the registers'"
    qtbot.waitUntil(lambda: log.member.count() == 2, timeout=5000)  # every member, and the one who acted
    log.member.setCurrentIndex(1)
    qtbot.waitUntil(lambda: log.count.text() == "3 changes", timeout=5000)
    log.export_to(str(tmp_path / "activity.csv"))
    qtbot.waitUntil(lambda: (tmp_path / "activity.csv").exists() and "written" in log.count.text(), timeout=5000)
    assert "ask for the registers" in (tmp_path / "activity.csv").read_text(encoding="utf-8")


def test_a_local_library_has_no_activity_window(qtbot, library):
    window = open_window(qtbot, library)
    tools = [action.text() for action in window.menus.by_name["tools"].actions()]
    assert "&Activity\u2026" not in tools and "&Backups\u2026" in tools
