"""Links between passages in the window: made in the Link to… dialog, listed at both ends, followed,
edited, removed, undone, and marked on the page."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu

from app.services import annotations as notes
from app.services import links
from tests.app.test_annotations import selection
from tests.app.test_detection import CPT_COVER
from tests.pdfs import make_pdf
from tests.ui.helpers import answer_boxes, import_one, open_and_wait, open_window, settle
from ui.annotation_commands import TrashAnnotations
from ui.link_marks import MARK_COLOUR, mark_rect
from ui.undo import push

LONG_KIND = "x" * 65


@pytest.fixture
def chain(qtbot, library, tmp_path):
    """A recommendation in a report, a passage of the response, and the window open on the response."""
    report = import_one(library, make_pdf(tmp_path / "report.pdf", [
        CPT_COVER,
        "1. The delegation visited police stations.\n2. The Committee recommends that detainees be told their rights.",
        "3. Restraint was used for hours.\n4. Records were kept.\n5. The delegation met the prosecutor.",
    ]))
    response = import_one(library, make_pdf(tmp_path / "response.pdf", [
        "Response of the Government.\nAs regards paragraph 2, leaflets are now handed out.",
    ]))
    recommendation = notes.create_annotation(library, notes.draft_from_selection(
        selection(library, report.id, "The Committee recommends")))
    answer = notes.create_annotation(library, notes.draft_from_selection(
        selection(library, response.id, "leaflets are now handed out")))
    window = open_window(qtbot, library)
    open_at(qtbot, window, response.id, answer.uuid)
    return window, report, response, recommendation, answer


def open_at(qtbot, window, document_id, uuid):
    """The document open with this annotation chosen in the panel."""
    open_and_wait(qtbot, window, document_id)
    panel = window.features.annotations.panel
    qtbot.waitUntil(lambda: any(a.uuid == uuid for a in panel.all_rows), timeout=5000)
    panel.select(uuid)
    assert panel.links_for == uuid


def link_dialog(qtbot, window, words, target_uuid):
    """L on the chosen annotation, and the other passage found by ``words`` and chosen in the list."""
    annotating = window.features.annotations
    annotating.link_action.trigger()
    dialog = annotating.link_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.search, words)
    qtbot.waitUntil(lambda: dialog.choose(target_uuid), timeout=5000)
    return dialog


def closed(dialog):
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def accept(qtbot, window, dialog):
    """Ctrl+Enter in the dialog."""
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window.operations)


def make_link(qtbot, window, recommendation, kind="responds to", note="handed out since May"):
    dialog = link_dialog(qtbot, window, "Committee recommends", recommendation.uuid)
    dialog.kind.setCurrentText(kind)
    dialog.note.setText(note)
    accept(qtbot, window, dialog)
    qtbot.waitUntil(lambda: closed(dialog), timeout=5000)
    back_to(qtbot, window)


def back_to(qtbot, window):
    """The window has the keyboard again once a dialog closed (a desktop's window manager does that)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def listed(window):
    panel = window.features.annotations.panel
    return [panel.links.item(row).text().split("\n")[0] for row in range(panel.links.count())]


def test_the_dialog_links_the_chosen_passage_and_both_ends_list_it(qtbot, library, chain):
    window, report, _response, recommendation, answer = chain
    menu = next(m for m in window.features.annotations.cite_action.associatedObjects() if isinstance(m, QMenu))
    assert window.features.annotations.link_action in menu.actions()  # Annotate › Link to…

    make_link(qtbot, window, recommendation)

    [made] = links.links_of(library, answer.uuid)
    assert (made.other.annotation_uuid, made.link.kind, made.link.note) == (
        recommendation.uuid, "responds to", "handed out since May")
    assert listed(window) == ["responds to CPT/Inf (2024) 23, para. 2, p. 2"] == [made.reading]
    assert window.features.annotations.panel.links.item(0).text().split("\n")[1:] == ["\u201chanded out since May\u201d"]
    assert window.features.annotations.undo_stack.count() == 1

    open_at(qtbot, window, report.id, recommendation.uuid)
    [incoming] = links.links_of(library, recommendation.uuid)
    assert incoming.other.annotation_uuid == answer.uuid
    assert listed(window) == [incoming.reading] and incoming.reading.endswith("responds to this")


def test_link_to_from_the_annotations_menu_and_esc_leaves_without_a_link(qtbot, library, chain):
    window, _report, _response, recommendation, answer = chain
    panel = window.features.annotations.panel
    [link_to] = [a for a in panel.menu_for([panel.all_rows[0]]).actions() if a.text() == "Link to\u2026"]
    link_to.trigger()
    dialog = window.features.annotations.link_dialog
    assert dialog is not None and dialog.source.uuid == answer.uuid
    qtbot.waitUntil(lambda: dialog.choose(recommendation.uuid), timeout=5000)
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: closed(dialog), timeout=5000)
    settle(qtbot, window.operations)
    assert links.links_of(library, answer.uuid) == [] and window.features.annotations.undo_stack.count() == 0


def test_the_passage_being_linked_is_listed_last_and_never_offered_first(qtbot, chain):
    window, _report, _response, recommendation, answer = chain
    window.features.annotations.link_action.trigger()
    dialog = window.features.annotations.link_dialog
    qtbot.waitUntil(lambda: dialog.results.count() == 2, timeout=5000)
    assert dialog.results.item(1).data(Qt.ItemDataRole.UserRole) == answer.uuid  # made last, listed last
    assert "(this passage)" in dialog.results.item(1).text()
    assert dialog.chosen_uuid() == recommendation.uuid
    dialog.reject()


def test_the_other_passage_is_found_by_its_documents_symbol(qtbot, chain):
    window, _report, _response, recommendation, _answer = chain
    dialog = link_dialog(qtbot, window, "CPT/Inf (2024) 23 para. 2", recommendation.uuid)
    assert dialog.chosen_uuid() == recommendation.uuid
    dialog.reject()


@pytest.mark.parametrize(("kind", "to_itself", "twice", "message"), [
    ("", False, False, "A link needs a kind"),
    (LONG_KIND, False, False, "at most 64 characters"),
    ("responds to", True, False, "cannot be linked to itself"),
    ("responds to", False, True, "already linked as \u201cresponds to\u201d"),
])
def test_bad_input_shows_the_librarys_message_and_makes_nothing(qtbot, library, chain, kind, to_itself, twice,
                                                                message):
    window, _report, _response, recommendation, answer = chain
    if twice:
        links.create_link(library, answer.uuid, recommendation.uuid, "responds to")
    before = links.links_of(library, answer.uuid)
    target = answer if to_itself else recommendation
    dialog = link_dialog(qtbot, window, "leaflets" if to_itself else "Committee recommends", target.uuid)
    dialog.kind.setCurrentText(kind)
    dialog.note.setText("a note worth keeping")
    accept(qtbot, window, dialog)

    assert dialog.isVisible() and dialog.error.isVisible()
    assert message in dialog.error.text()
    assert links.links_of(library, answer.uuid) == before
    assert window.features.annotations.undo_stack.count() == 0
    # Nothing typed is lost: the same dialog, put right, makes the link.
    assert (dialog.kind.currentText(), dialog.note.text(), dialog.chosen_uuid()) == (kind, "a note worth keeping",
                                                                                     target.uuid)
    dialog.search.clear()  # every passage, newest first
    qtbot.waitUntil(lambda: dialog.choose(recommendation.uuid), timeout=5000)
    dialog.kind.setCurrentText("follows up")
    accept(qtbot, window, dialog)
    qtbot.waitUntil(lambda: closed(dialog), timeout=5000)
    assert [v.link.kind for v in links.links_of(library, answer.uuid)] == [v.link.kind for v in before] + ["follows up"]


def test_undo_removes_the_link_and_redo_brings_it_back_with_the_same_uuid(qtbot, library, chain):
    window, _report, _response, recommendation, answer = chain
    make_link(qtbot, window, recommendation)
    [made] = links.links_of(library, answer.uuid)

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window.operations)
    assert links.links_of(library, answer.uuid) == [] and listed(window) == []
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    settle(qtbot, window.operations)
    [again] = links.links_of(library, answer.uuid)
    assert again.link == made.link  # same uuid, ends, kind and note
    assert listed(window) == [made.reading]


def test_a_link_is_edited_and_removed_from_its_menu_and_each_step_undoes(qtbot, library, chain):
    window, _report, _response, recommendation, answer = chain
    make_link(qtbot, window, recommendation)
    panel = window.features.annotations.panel
    [made] = panel.link_views

    def menu_action(text):
        return next(a for a in panel.link_menu_for(panel.link_views[0]).actions() if a.text() == text)

    menu_action("Edit link\u2026").trigger()
    dialog = window.features.annotations.link_dialog
    dialog.kind.setCurrentText("partly answers")
    dialog.note.setText("only in two prisons")
    accept(qtbot, window, dialog)
    [edited] = links.links_of(library, answer.uuid)
    assert (edited.link.uuid, edited.link.kind, edited.link.note) == (made.link.uuid, "partly answers",
                                                                      "only in two prisons")
    assert listed(window) == [edited.reading]

    menu_action("Remove link").trigger()
    settle(qtbot, window.operations)
    assert links.links_of(library, answer.uuid) == [] and listed(window) == []

    stack = window.features.annotations.undo_stack
    stack.undo()  # the removal: the same link again, as edited
    settle(qtbot, window.operations)
    assert [v.link for v in links.links_of(library, answer.uuid)] == [edited.link]
    stack.undo()  # the edit
    settle(qtbot, window.operations)
    assert [v.link for v in links.links_of(library, answer.uuid)] == [made.link]
    assert listed(window) == [made.reading]


def test_double_click_opens_the_other_document_at_its_passage_and_enter_comes_back(qtbot, chain):
    window, report, response, recommendation, answer = chain
    make_link(qtbot, window, recommendation)
    panel = window.features.annotations.panel
    links_view = panel.links

    centre = links_view.visualItemRect(links_view.item(0)).center()
    qtbot.mouseClick(links_view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(links_view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: window.viewer.document_id == report.id, timeout=5000)
    qtbot.waitUntil(lambda: panel.links_for == recommendation.uuid, timeout=5000)
    assert window.viewer.pages.current_page() == recommendation.page_index == 1
    target = recommendation.targets[0]
    assert window.viewer.pages.focused_highlight == (target.page_index, target.quads)  # the passage framed
    assert listed(window)[0].endswith("responds to this")

    links_view.setFocus()
    links_view.setCurrentRow(0)
    qtbot.keyClick(links_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.viewer.document_id == response.id, timeout=5000)
    qtbot.waitUntil(lambda: panel.links_for == answer.uuid, timeout=5000)


def test_a_link_to_a_passage_in_the_trash_says_so_and_opens_nothing(qtbot, library, monkeypatch, chain):
    window, _report, response, recommendation, answer = chain
    make_link(qtbot, window, recommendation)
    # The other end goes to the trash in its own document's window (the undo stack is the window's).
    stack = window.features.annotations.undo_stack
    push(window.operations, stack, TrashAnnotations(library, [recommendation]))
    settle(qtbot, window.operations)
    warning = "\u26a0 The linked passage is in the trash; restore it to open it."
    assert window.features.annotations.panel.links.item(0).text().endswith(warning)

    shown = answer_boxes(monkeypatch, "OK")
    window.features.annotations.panel.links.itemActivated.emit(window.features.annotations.panel.links.item(0))
    assert len(shown) == 1 and "in the trash" in shown[0]
    assert window.viewer.document_id == response.id

    stack.undo()  # restored: the link reads plainly again
    settle(qtbot, window.operations)
    assert not window.features.annotations.panel.links.item(0).text().endswith(warning)


def test_a_link_whose_other_document_lost_its_file_says_so(qtbot, library, chain):
    window, report, _response, recommendation, _answer = chain
    make_link(qtbot, window, recommendation)
    library.file_path(report.file_name).unlink()
    window.features.annotations.panel.show_links(again=True)
    assert window.features.annotations.panel.links.item(0).text().endswith(
        "\u26a0 The linked passage's document file is missing from the library.")


def mark_pixels(window, page, point):
    pages = window.viewer.pages
    image = pages.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    rect = mark_rect(pages.viewport_point(page, *point)).toRect()
    return sum(
        1
        for x in range(rect.left(), rect.right())
        for y in range(rect.top(), rect.bottom())
        if image.pixelColor(QPoint(int(x * ratio), int(y * ratio))) == MARK_COLOUR
    )


def test_a_linked_passage_is_marked_on_the_page_until_its_link_is_removed(qtbot, library, chain):
    window, _report, _response, recommendation, answer = chain
    pages = window.viewer.pages
    quad = answer.targets[0].quads[0]
    corner = (max(quad[0::2]), min(quad[1::2]))
    assert pages.link_marks == {} and mark_pixels(window, 0, corner) == 0

    make_link(qtbot, window, recommendation)
    assert pages.link_marks == {0: [corner]}
    assert window.features.annotations._link_lines(answer.uuid) == [  # its tooltip on the page
        f"Link: {links.links_of(library, answer.uuid)[0].reading}"]
    assert mark_pixels(window, 0, corner) > 20  # the disc is painted there

    panel = window.features.annotations.panel  # Del with the list of links in hand removes the link
    panel.links.setFocus()
    panel.links.setCurrentRow(0)
    qtbot.keyClick(panel.links, Qt.Key.Key_Delete)
    settle(qtbot, window.operations)
    assert links.links_of(library, answer.uuid) == []
    assert [a.uuid for a in notes.list_annotations(library, answer.document_id)] == [answer.uuid]  # not the passage
    assert pages.link_marks == {} and mark_pixels(window, 0, corner) == 0


def test_a_link_to_a_document_left_at_another_page_renders_the_linked_page_first(qtbot, library, tmp_path, chain):
    window, _report, response, _recommendation, answer = chain
    long = import_one(library, make_pdf(tmp_path / "long.pdf", [f"{n}. Paragraph {n} of the report." for n in
                                                                 range(1, 13)]))
    far = notes.create_annotation(library, notes.draft_from_selection(selection(library, long.id, "Paragraph 9 ")))
    links.create_link(library, answer.uuid, far.uuid, "responds to")
    open_and_wait(qtbot, window, long.id)
    window.viewer.go_to_page(2)  # the reader leaves the report at its third page
    qtbot.waitUntil(lambda: window.viewer.pages.current_page() == 2, timeout=5000)
    open_at(qtbot, window, response.id, answer.uuid)
    worker = window.viewer.worker
    asked: list[int] = []  # the pages the page reader is asked for with the file
    opening = worker.open_document

    def open_document(token, path, **wanted):
        first = wanted.get("first")
        asked.extend([first.page] if first is not None else [page for page, _scale in wanted.get("pages") or ()])
        return opening(token, path, **wanted)

    worker.open_document = open_document
    [view] = [view for view in links.links_of(library, answer.uuid) if view.other.annotation_uuid == far.uuid]
    window.features.annotations.follow_link(view)
    qtbot.waitUntil(lambda: window.viewer.document_id == long.id, timeout=5000)
    # The page reader is asked for the linked page at once, not for the page the report was left at
    # (drawn and waited for, then left for the linked one).
    assert far.page_index == 8 and 8 in asked and 2 not in asked
    qtbot.waitUntil(lambda: window.viewer.pages.current_page() == 8, timeout=5000)
