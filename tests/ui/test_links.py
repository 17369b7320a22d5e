"""Links in a PDF: a web address opens in the browser only after the user has seen it and agreed;
a jump within the document just goes there; launch actions, other files and JavaScript never run."""

from __future__ import annotations

import pymupdf
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QDesktopServices

from app.pdf.links import BLOCKED, GOTO, URI
from tests.pdfs import make_pdf
from tests.ui.helpers import answer_boxes, import_one, open_and_wait, open_window, send_mouse

ADDRESS = "https://example.org/reports/2024/detention?lang=en&id=42"
URI_RECT = (60, 60, 260, 80)
GOTO_RECT = (60, 120, 260, 140)
LAUNCH_RECT = (60, 180, 260, 200)
JS_RECT = (60, 240, 260, 260)


def make_linked_pdf(path):
    make_pdf(path, ["A report with links.", "The second page.", "The third page, where the annex starts."])
    document = pymupdf.open(path)
    page = document[0]
    page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(URI_RECT), "uri": ADDRESS})
    page.insert_link({"kind": pymupdf.LINK_GOTO, "from": pymupdf.Rect(GOTO_RECT), "page": 2, "to": pymupdf.Point(0, 0)})
    page.insert_link({"kind": pymupdf.LINK_LAUNCH, "from": pymupdf.Rect(LAUNCH_RECT), "file": "/bin/sh"})
    page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(JS_RECT), "uri": "https://placeholder"})
    # The last link made a JavaScript action, and the document given a JavaScript OpenAction.
    document = pymupdf.open("pdf", document.tobytes())  # the new links are listed once written
    page = document[0]
    script_link = [link for link in page.get_links() if link.get("uri") == "https://placeholder"][0]["xref"]
    document.xref_set_key(script_link, "A", "<</S/JavaScript/JS(app.launchURL\\('https://script.example'\\))>>")
    document.xref_set_key(document.pdf_catalog(), "OpenAction", "<</S/JavaScript/JS(app.alert\\(1\\))>>")
    document.embfile_add("payload.sh", b"#!/bin/sh\necho never run\n", filename="payload.sh")
    path_out = path.with_name("linked.pdf")
    document.save(path_out)
    document.close()
    return path_out


def click(window, rect) -> None:
    pages = window.viewer.pages
    point = pages.viewport_point(0, (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2)
    send_mouse(pages.viewport(), QEvent.Type.MouseButtonPress, point.toPoint(), Qt.MouseButton.LeftButton)
    send_mouse(pages.viewport(), QEvent.Type.MouseButtonRelease, point.toPoint(), Qt.MouseButton.NoButton)


@pytest.fixture
def linked(qtbot, library, tmp_path, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toString()) or True))
    document = import_one(library, make_linked_pdf(tmp_path / "links.pdf"))
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, document.id)
    window.viewer.pages.go_to_page(0)
    qtbot.waitUntil(lambda: 0 in window.viewer.links.links, timeout=10000)
    return window, opened


def test_the_links_of_a_page_come_from_the_page_reader_sorted_by_what_may_be_done(linked):
    window, opened = linked
    kinds = sorted((link.kind, link.target) for link in window.viewer.links.links[0])
    # The JavaScript link is not among them: it is not a link that can be followed at all.
    assert kinds == [(BLOCKED, "/bin/sh"), (GOTO, ""), (URI, ADDRESS)]
    assert opened == []  # opening the document ran nothing (its JavaScript OpenAction included)


def test_a_web_link_opens_only_after_the_full_address_was_shown_and_accepted(linked, monkeypatch):
    window, opened = linked
    shown = answer_boxes(monkeypatch, "Cancel")
    click(window, URI_RECT)
    assert len(shown) == 1 and ADDRESS in shown[0] and "example.org" in shown[0]
    assert opened == []  # declined: the browser is never asked

    shown = answer_boxes(monkeypatch, "Open in browser")
    click(window, URI_RECT)
    assert opened == [ADDRESS]


def test_a_link_to_a_page_goes_there_without_asking(linked, monkeypatch, qtbot):
    window, opened = linked
    shown = answer_boxes(monkeypatch, "OK")
    click(window, GOTO_RECT)
    qtbot.waitUntil(lambda: window.viewer.pages.current_page() == 2, timeout=3000)
    assert shown == [] and opened == []


def test_launch_actions_javascript_and_embedded_files_never_run(linked, monkeypatch):
    window, opened = linked
    shown = answer_boxes(monkeypatch, "OK")
    click(window, LAUNCH_RECT)
    assert len(shown) == 1 and "never does" in shown[0] and "/bin/sh" in shown[0]
    click(window, JS_RECT)  # a script link is plain page: a click there selects, nothing runs
    assert len(shown) == 1 and opened == []
    assert window.viewer.pages.current_page() == 0


REVERSED = "https://example.org/\u202egpj.exe"  # reads "https://example.org/exe.jpg" unescaped
ATTACHING = "mailto:office@example.org?subject=Report&attach=/home/me/.ssh/id_rsa"


@pytest.fixture
def tricky(qtbot, library, tmp_path, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toString()) or True))
    path = make_pdf(tmp_path / "tricky.pdf", ["A report whose links try to mislead."])
    document = pymupdf.open(path)
    document[0].insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(URI_RECT), "uri": REVERSED})
    document[0].insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(GOTO_RECT), "uri": ATTACHING})
    document.save(tmp_path / "tricky-links.pdf")
    document.close()
    window = open_window(qtbot, library)
    open_and_wait(qtbot, window, import_one(library, tmp_path / "tricky-links.pdf").id)
    window.viewer.pages.go_to_page(0)
    qtbot.waitUntil(lambda: 0 in window.viewer.links.links, timeout=10000)
    return window, opened


def test_a_right_to_left_override_in_an_address_is_shown_as_an_escape(tricky, monkeypatch):
    window, opened = tricky
    shown = answer_boxes(monkeypatch, "Cancel")
    click(window, URI_RECT)
    assert len(shown) == 1 and "https://example.org/\\u202egpj.exe" in shown[0]
    assert "\u202e" not in shown[0] and opened == []


def test_a_mail_link_that_attaches_a_local_file_is_refused_without_asking(tricky, monkeypatch):
    window, opened = tricky
    shown = answer_boxes(monkeypatch, "OK")
    click(window, GOTO_RECT)
    assert len(shown) == 1 and "attach a file" in shown[0] and "id_rsa" in shown[0]
    assert opened == []
