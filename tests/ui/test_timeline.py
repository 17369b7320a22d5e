"""The timeline: events on a time axis, filters, zoom, and a click that lists the event's passages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from app.vocabulary import tags
from app.vocabulary.builtin import load_sample_events
from app.vocabulary.records import TagFields
from tests.vocabulary_helpers import add_document, add_passage
from ui.timeline_window import TimelineWindow


@pytest.fixture
def story(library):
    """The sample events, two of them tagged on passages of two documents."""
    load_sample_events(library)
    navalny = tags.find_tag(library, "event-death-of-alexei-navalny-2024").id
    publication = tags.find_tag(library, "event-cpt-publication-russia-2024").id
    news = add_document(library, "News article", pages=2)
    report = add_document(library, "Visit report", "CPT/Inf (2024) 23", pages=20)
    _, news_uuid = add_passage(library, news, [navalny], "died in a remote colony", page=1)
    _, report_uuid = add_passage(library, report, [navalny, publication], "allegations of ill-treatment", page=12,
                                 paragraphs=["45"])
    add_passage(library, report, [publication], "a passage in the trash", trashed=True)
    return {"navalny": navalny, "publication": publication, "news": news, "report": report,
            "news_uuid": news_uuid, "report_uuid": report_uuid}


@pytest.fixture
def timeline(qtbot, library, story):
    window = TimelineWindow(library)
    qtbot.addWidget(window)
    window.resize(1100, 650)
    window.show()
    qtbot.waitExposed(window)
    return window


def click_event(qtbot, window, tag_id: int) -> None:
    view = window.view
    item = view.items_by_id()[tag_id]
    view.ensureVisible(item.marker_rect())
    point = view.mapFromScene(item.marker_rect().center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_every_event_is_drawn_with_its_passage_count(timeline, story):
    items = timeline.view.items_by_id()
    assert len(items) == 9
    assert items[story["navalny"]].text.endswith("(2)")
    assert items[story["publication"]].text.endswith("(1)")  # the trashed passage does not count
    # Earlier events sit further left.
    xs = {tag_id: item.marker_rect().x() for tag_id, item in items.items()}
    assert xs[story["navalny"]] < xs[story["publication"]]


def test_clicking_an_event_lists_its_passages(timeline, story, qtbot):
    click_event(qtbot, timeline, story["navalny"])
    passages = timeline.passage_list.passages()
    assert [(p.document_id, p.page_index, p.annotation_uuid) for p in passages] == [
        (story["news"], 1, story["news_uuid"]), (story["report"], 12, story["report_uuid"])]
    assert "Death of Alexei Navalny" in timeline.details.text()

    click_event(qtbot, timeline, story["publication"])
    assert [p.quote for p in timeline.passage_list.passages()] == ["allegations of ill-treatment"]


def test_opening_a_passage_tells_the_viewer_where_it_is(timeline, story, qtbot):
    timeline.select_event(story["navalny"])
    item = timeline.passage_list.list.item(1)
    with qtbot.waitSignal(timeline.passage_activated) as signal:
        rect = timeline.passage_list.list.visualItemRect(item)
        qtbot.mouseClick(timeline.passage_list.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(timeline.passage_list.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [story["report"], 12, story["report_uuid"]]


def test_filters_by_country_and_type(timeline, library, story):
    tags.create_tag(library, TagFields(kind="event", label="Visit to Ruritania", event_type="monitoring_visit",
                                       date_start="2023-05-02", date_end="2023-05-12", country="Ruritania"))
    timeline.refresh()
    assert len(timeline.view.items_by_id()) == 10
    timeline.country.setCurrentIndex(timeline.country.findData("Ruritania"))
    assert [e.label for e in timeline.shown_events()] == ["Visit to Ruritania"]
    assert len(timeline.view.items_by_id()) == 1
    timeline.country.setCurrentIndex(0)
    timeline.event_type.setCurrentIndex(timeline.event_type.findData("denunciation"))
    assert {e.fields.event_type for e in timeline.shown_events()} == {"denunciation"}
    assert len(timeline.view.items_by_id()) == 3
    assert timeline.count.text() == "3 of 10 events"


def test_zoom_keeps_the_date_under_the_pointer_and_fit_shows_all(timeline):
    view = timeline.view
    anchor = 300.0
    before = view.date_at(view.mapToScene(QPoint(int(anchor), 0)).x())
    scale = view.pixels_per_day
    view.zoom_by(4, anchor)
    assert view.pixels_per_day == pytest.approx(scale * 4)
    after = view.date_at(view.mapToScene(QPoint(int(anchor), 0)).x())
    assert abs((after - before).days) * view.pixels_per_day <= 1.5  # within a pixel or so
    view.fit()
    assert view.pixels_per_day == pytest.approx(scale)


def test_keys_zoom_and_drag_pans(timeline, qtbot):
    view = timeline.view
    scale = view.pixels_per_day
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.pixels_per_day > scale
    bar = view.horizontalScrollBar()
    bar.setValue(bar.maximum() // 2)
    start = bar.value()
    empty = QPoint(view.viewport().width() // 2, view.viewport().height() - 10)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    qtbot.mouseMove(view.viewport(), empty + QPoint(-150, 0))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=empty + QPoint(-150, 0))
    assert bar.value() > start


def test_an_event_with_no_passages_says_so(timeline, library):
    crocus = tags.find_tag(library, "event-crocus-city-hall-attack-2024").id
    timeline.select_event(crocus)
    assert timeline.passage_list.passages() == []
    assert "No passage" in timeline.passage_list.heading.text()


def test_ctrl_wheel_zooms_and_plain_wheel_does_not(timeline):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    view = timeline.view
    scale = view.pixels_per_day

    def wheel(modifiers) -> None:
        position = QPointF(200, 100)
        event = QWheelEvent(position, view.viewport().mapToGlobal(position), QPoint(0, 0), QPoint(0, 120),
                            Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(view.viewport(), event)

    wheel(Qt.KeyboardModifier.NoModifier)
    assert view.pixels_per_day == scale
    wheel(Qt.KeyboardModifier.ControlModifier)
    assert view.pixels_per_day == pytest.approx(scale * 1.25)


def test_escape_closes_the_timeline(timeline, qtbot):
    from PySide6.QtCore import Qt

    timeline.activateWindow()
    qtbot.keyClick(timeline.view, Qt.Key.Key_Escape)
    assert not timeline.isVisible()


def test_a_passage_tagged_elsewhere_moves_the_open_timeline_s_count(qtbot, library, story):
    """The timeline opened from the vocabulary window follows a tagging made in the main window."""
    from PySide6.QtGui import QUndoStack

    from app.changes import LibraryChange
    from app.services import annotations as notes
    from ui.operations import Operations
    from ui.vocabulary_window import VocabularyWindow

    vocabulary = VocabularyWindow(library, Operations(), QUndoStack())
    qtbot.addWidget(vocabulary)
    timeline = vocabulary.show_timeline()
    assert timeline.view.items_by_id()[story["publication"]].text.endswith("(1)")
    tagged = notes.set_tags(library, story["news_uuid"], [story["navalny"], story["publication"]])
    vocabulary.library_changed(LibraryChange.of_annotations([tagged]))  # as the window hands each change on
    assert timeline.view.items_by_id()[story["publication"]].text.endswith("(2)")


def test_fit_all_keeps_a_long_title_inside_the_view_and_cuts_it_short(qtbot, library):
    load_sample_events(library)
    long_title = "Adoption of the amendments to the law on the execution of criminal sentences " * 3
    tags.create_tag(library, TagFields(kind="event", label=long_title.strip(), date_start="2025-11-30",
                                       event_type="legislation"))
    window = TimelineWindow(library)
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    view = window.view
    view.fit()
    scene_right = view.scene().sceneRect().right()
    assert scene_right <= view.viewport().width(), "Fit all leaves part of the timeline beyond the view's edge"
    assert not view.horizontalScrollBar().isVisible() or view.horizontalScrollBar().maximum() == 0
    [item] = [item for item in view.items_by_id().values() if item.placed.event.label == long_title.strip()]
    assert item.shown.endswith("\u2026") and len(item.shown) < len(item.text)
    assert long_title.strip() in item.toolTip()
