"""Dialogs read whole on the screen: the tag picker and the trash show each entry without a sideways
scroll, fit their screen, and say what they shortened."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from app.services import annotations as notes
from app.vocabulary.builtin import ensure_builtin
from app.vocabulary.records import TagFields
from app.vocabulary.tags import create_tag
from tests.app.test_annotations import selection
from tests.pdfs import make_pdf
from tests.ui.helpers import import_one
from ui.operations import Operations
from ui.tag_picker import TagPicker
from ui.trash_dialog import QUOTE_CHARACTERS, TrashDialog

LONG = ("The delegation found that the remand prisoners of the central prison spent up to twenty-three hours "
        "a day locked in their cells, with one hour of outdoor exercise in small yards and no work, education or "
        "sport offered to them at any time of the year.")


def _fits(dialog) -> bool:
    screen = dialog.screen().availableGeometry()
    return dialog.frameGeometry().width() <= screen.width() and dialog.frameGeometry().height() <= screen.height()


def test_the_tag_picker_shows_each_name_and_kind_within_the_list_and_fits_its_screen(qtbot, library):
    ensure_builtin(library)
    picker = TagPicker(library)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    assert _fits(picker) and picker.width() >= 600  # room for a code, an article's title and its kind
    picker.search.setText("ECPT")
    picker.update_results()
    assert picker.results.count() > 5
    picker.results.doItemsLayout()
    assert picker.results.horizontalScrollBar().maximum() == 0  # nothing off to the right
    for row in range(picker.results.count() - 1):  # the last: "Create theme …"
        item = picker.results.item(row)
        assert item.toolTip() == item.text()  # the whole name, where the list has to shorten it
    assert picker.results.item(0).text().endswith("]")  # the kind, at the end, stays in view when shortened
    assert not picker.message.isVisible()  # no empty band under the list


def test_the_tag_picker_dates_events(qtbot, library):
    create_tag(library, TagFields(kind="event", label="Death in the penal colony", event_type="death_in_custody",
                                  date_start="2024-02-16"))
    create_tag(library, TagFields(kind="event", label="Withdrawal proposed", event_type="denunciation", date_start="2025",
                                  date_precision="approximate"))
    picker = TagPicker(library)
    qtbot.addWidget(picker)
    picker.search.setText("penal colony")
    picker.update_results()
    assert picker.results.item(0).text() == "Death in the penal colony    [Event, 2024-02-16]"
    picker.search.setText("withdrawal proposed")
    picker.update_results()
    assert picker.results.item(0).text() == "Withdrawal proposed    [Event, c. 2025]"


def test_the_trash_wraps_each_entry_to_its_width_and_marks_a_shortened_quote(qtbot, library, tmp_path):
    pages = ["1. " + LONG, "2. Records of custody were incomplete."]
    document = import_one(library, make_pdf(tmp_path / "report.pdf", pages, title="Visit report"))
    long = notes.create_annotation(library, notes.draft_from_selection(selection(library, document.id, "The delegation",
                                                                                  until="the year.")))
    short = notes.create_annotation(library, notes.draft_from_selection(selection(library, document.id, "Records")))
    notes.trash(library, [long.uuid, short.uuid])
    dialog = TrashDialog(library, Operations(), QUndoStack())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert _fits(dialog)
    texts = {dialog.items.item(row).data(0x0100).uuid: dialog.items.item(row).text() for row in range(2)}
    quote = texts[long.uuid].split("\n")[1]
    assert quote.endswith("\u2026\u201d") and len(quote) == QUOTE_CHARACTERS + 2  # the quotation marks around it
    assert texts[short.uuid].endswith("\u201cRecords\u201d")
    dialog.items.doItemsLayout()
    assert dialog.items.horizontalScrollBar().maximum() == 0
    width = dialog.items.viewport().width()
    rows = [dialog.items.visualItemRect(dialog.items.item(row)) for row in range(2)]
    assert all(rect.right() <= width for rect in rows)
    line = dialog.items.fontMetrics().lineSpacing()
    long_row = rows[[dialog.items.item(r).data(0x0100).uuid for r in range(2)].index(long.uuid)]
    assert long_row.height() >= 3 * line  # its place and page, then the quote wrapped over lines


def test_the_trash_names_the_page_as_printed_like_the_annotation_panel(qtbot, library, tmp_path):
    from app.samples import write_report

    document = import_one(library, write_report(tmp_path / "report.pdf"))
    made = notes.create_annotation(library, notes.draft_from_selection(selection(library, document.id, "Health care")))
    assert made.page_index == 2  # the third sheet, printed "- 2 -"
    notes.trash(library, [made.uuid])
    dialog = TrashDialog(library, Operations(), QUndoStack())
    qtbot.addWidget(dialog)
    assert dialog.items.item(0).text().split("\n")[0].endswith("CPT/Inf (2025) 17, p. 2:")


def test_the_activity_window_opens_no_larger_than_its_screen(qtbot, library):
    from ui.activity_window import ActivityWindow

    window = ActivityWindow(library, Operations(), None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.screen().availableGeometry().width() < 980  # the offscreen screen: smaller than it asks for
    assert _fits(window)


def test_a_tags_passages_read_as_one_line_quotes_with_the_words_the_pdf_broke_made_whole(qtbot):
    from app.vocabulary.records import Passage
    from ui.vocabulary_panels import PassageList

    passages = PassageList()
    qtbot.addWidget(passages)
    printed = "Remand prisoners spent up to 23 hours a day locked in their cells, with one hour of out-\ndoor\nexercise."
    passages.set_passages([Passage(1, "u", 1, "Visit report", "CPT/Inf (2025) 17", 2, "2", ("15",), printed, "", "yellow")])
    locator, quote = passages.list.item(0).text().split("\n")
    assert quote == "\u201cRemand prisoners spent up to 23 hours a day locked in their cells, with one hour of outdoor exercise.\u201d"
