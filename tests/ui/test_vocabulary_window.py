"""The vocabulary window: trees and a table, edits through the undo stack, refusals shown."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QInputDialog, QMessageBox

from app.vocabulary import tags
from app.vocabulary.builtin import load_sample_events
from app.vocabulary.records import TagFields
from tests.ui.helpers import settle
from tests.vocabulary_helpers import add_document, add_passage
from ui.operations import Operations
from ui.vocabulary_window import VocabularyWindow


@pytest.fixture
def messages(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    return shown


@pytest.fixture
def window(qtbot, library, messages):
    opened = VocabularyWindow(library, Operations(), QUndoStack())
    qtbot.addWidget(opened)
    opened.show()
    return opened


def create(qtbot, window, fields):
    """Create a tag as the window does, and return it once made (it is then the one chosen)."""
    window.create(fields)
    settle(qtbot, window.operations)
    settle(qtbot, window.operations)
    return window.current_tag()


def names_under(model, parent_index) -> list[str]:
    return [model.index(row, 0, parent_index).data() for row in range(model.rowCount(parent_index))]


def theme_names(window) -> list[str]:
    return names_under(window.theme_model, window.theme_model.index(-1, -1))


def test_opens_with_the_builtin_treaties_as_a_tree(qtbot, window):
    model = window.treaty_model
    tops = names_under(model, model.index(-1, -1))
    assert "ECPT (ETS No. 126)" in tops and "ECHR (ETS No. 005)" in tops
    ecpt = model.index(tops.index("ECPT (ETS No. 126)"), 0)
    children = names_under(model, ecpt)
    assert children[0] == "Article 1 \u2013 Establishment of the Committee (CPT)"
    assert "ECPT Protocol No. 1 (ETS No. 151)" in children and "ECPT Protocol No. 2 (ETS No. 152)" in children
    assert model.index(0, 2, ecpt).data() == "0"
    # The standards the CPT applies sit beside the treaties, their rules under them.
    assert "Istanbul Convention (CETS No. 210)" in tops
    mandela = model.index(tops.index("Nelson Mandela Rules (A/RES/70/175)"), 0)
    assert "Rule 43 \u2013 Prohibited restrictions and disciplinary sanctions, including prolonged solitary confinement" in (
        names_under(model, mandela))


def test_new_theme_through_the_dialog_then_undo_and_redo(qtbot, window, library):
    window.tabs.setCurrentIndex(2)
    window.new_action.trigger()
    settle(qtbot, window.operations)
    window.dialog.label.setText("Solitary confinement")
    window.dialog.color.set_color("#3366cc")
    window.dialog.accept()
    settle(qtbot, window.operations)
    assert theme_names(window) == ["Solitary confinement"]
    slug = tags.list_tags(library, ["theme"])[0].slug

    window.undo_action.trigger()
    settle(qtbot, window.operations)
    assert theme_names(window) == []
    window.redo_action.trigger()
    settle(qtbot, window.operations)
    assert theme_names(window) == ["Solitary confinement"]
    assert tags.list_tags(library, ["theme"])[0].slug == slug
    assert tags.list_tags(library, ["theme"])[0].color == "#3366cc"


def test_a_refused_name_stays_in_the_dialog_and_changes_nothing(qtbot, window, library):
    window.create(TagFields(kind="theme", label="Detention"))
    settle(qtbot, window.operations)
    window.tabs.setCurrentIndex(2)
    window.new_action.trigger()
    settle(qtbot, window.operations)
    window.dialog.label.setText("detention")
    window.dialog.accept()
    settle(qtbot, window.operations)
    assert window.dialog.isVisible()
    assert "already has this name" in window.dialog.error.text()
    assert [t.label for t in tags.list_tags(library, ["theme"])] == ["Detention"]
    assert window.undo_stack.count() == 1


def test_an_event_ending_before_it_starts_is_refused_in_the_dialog(qtbot, window, library):
    window.tabs.setCurrentIndex(1)
    window.new_action.trigger()
    settle(qtbot, window.operations)
    dialog = window.dialog
    dialog.label.setText("Visit")
    dialog.date_start.setText("2024-03-10")
    dialog.date_end.setText("2024-03-01")
    dialog.accept()
    settle(qtbot, window.operations)
    assert "before it starts" in dialog.error.text()
    assert tags.list_tags(library, ["event"]) == []


def test_edit_colour_and_undo(qtbot, window, library):
    created = create(qtbot, window, TagFields(kind="theme", label="Detention"))
    window.select_tag(created.id)
    window.update(window.current_tag(), created.fields.with_changes(label="Deprivation of liberty"))
    settle(qtbot, window.operations)
    window.set_colour(created.id, "#aa0000")
    settle(qtbot, window.operations)
    assert tags.get_tag(library, created.id).color == "#aa0000"
    window.undo_action.trigger()
    settle(qtbot, window.operations)
    assert tags.get_tag(library, created.id).color is None
    window.undo_action.trigger()
    settle(qtbot, window.operations)
    assert theme_names(window) == ["Detention"]


def test_merge_moves_passages_and_undo_brings_them_back(qtbot, window, library):
    beatings = create(qtbot, window, TagFields(kind="theme", label="Beatings"))
    ill = create(qtbot, window, TagFields(kind="theme", label="Ill-treatment"))
    document = add_document(library)
    add_passage(library, document, [beatings.id])
    add_passage(library, document, [beatings.id])
    window.refresh()
    window.select_tag(beatings.id)
    assert window.passage_list.list.count() == 2

    window.merge(beatings.id, ill.id)
    settle(qtbot, window.operations)
    assert theme_names(window) == ["Ill-treatment"]
    assert window.theme_model.index(0, 2).data() == "2"

    window.undo_action.trigger()
    settle(qtbot, window.operations)
    assert sorted(theme_names(window)) == ["Beatings", "Ill-treatment"]
    assert tags.get_tag(library, beatings.id).passages == 2


def test_delete_asks_where_passages_go_and_is_undoable(qtbot, window, library, monkeypatch):
    beatings = create(qtbot, window, TagFields(kind="theme", label="Beatings"))
    window.create(TagFields(kind="theme", label="Ill-treatment"))
    settle(qtbot, window.operations)
    add_passage(library, add_document(library), [beatings.id])
    window.refresh()
    window.select_tag(beatings.id)
    asked: list[str] = []

    def choose(_parent, _title, label, items, *args):
        asked.append(label)
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    window.delete_action.trigger()
    settle(qtbot, window.operations)

    assert "used by 1 passages" in asked[0]
    assert theme_names(window) == ["Ill-treatment"]
    assert window.theme_model.index(0, 2).data() == "1"
    window.undo_action.trigger()
    settle(qtbot, window.operations)
    assert tags.get_tag(library, beatings.id).passages == 1


def test_delete_while_used_is_refused_when_no_target_is_given(qtbot, window, library, messages):
    beatings = create(qtbot, window, TagFields(kind="theme", label="Beatings"))
    add_passage(library, add_document(library), [beatings.id])
    window.refresh()
    window.delete(beatings.id)
    settle(qtbot, window.operations)
    assert "used by 1 passage" in messages[-1]
    assert theme_names(window) == ["Beatings"]


def test_events_table_sorts_filters_and_lists_passages(window, library, qtbot):
    load_sample_events(library)
    navalny = tags.find_tag(library, "event-death-of-alexei-navalny-2024")
    _, uuid = add_passage(library, add_document(library, "Visit report"), [navalny.id], "died in the colony", page=2)
    window.refresh()
    window.tabs.setCurrentIndex(1)
    view = window.event_view
    dates = [view.model().index(row, 0).data() for row in range(view.model().rowCount())]
    assert dates == sorted(dates, key=lambda d: d.removeprefix("c. "))

    window.event_type.setCurrentIndex(window.event_type.findData("death_in_custody"))
    assert view.model().rowCount() == 1
    assert view.model().index(0, 5).data() == 1
    window.event_type.setCurrentIndex(0)
    window.event_words.setText("krasnogorsk")
    assert [view.model().index(r, 1).data() for r in range(view.model().rowCount())] == ["Attack on Crocus City Hall"]
    window.event_words.clear()

    window.select_tag(navalny.id)
    assert window.passage_list.list.count() == 1
    with qtbot.waitSignal(window.passage_activated) as signal:
        window.passage_list.list.itemActivated.emit(window.passage_list.list.item(0))
    assert signal.args[1:] == [2, uuid]


def test_a_bad_codebook_is_refused_with_its_problem_and_nothing_changes(qtbot, window, library, tmp_path, messages):
    path = tmp_path / "team.json"
    path.write_text(json.dumps({"format": "rights-annotator-codebook", "version": 1,
                                "tags": [{"slug": "theme-a", "kind": "theme", "label": "A", "colour": "red"}]}))
    window.import_codebook(str(path))
    settle(qtbot, window.operations)
    assert "unknown field \u201ccolour\u201d" in messages[-1]
    assert theme_names(window) == [] and window.undo_stack.count() == 0


def test_a_codebook_import_is_one_undo_step(qtbot, window, library, tmp_path):
    path = tmp_path / "team.json"
    path.write_text(json.dumps({"format": "rights-annotator-codebook", "version": 1, "tags": [
        {"slug": "theme-a", "kind": "theme", "label": "A"},
        {"slug": "theme-a-b", "kind": "theme", "label": "B", "parent": "theme-a"}]}))
    window.import_codebook(str(path))
    settle(qtbot, window.operations)
    assert theme_names(window) == ["A"]
    window.undo_action.trigger()
    settle(qtbot, window.operations)
    assert theme_names(window) == []
    window.redo_action.trigger()
    settle(qtbot, window.operations)
    assert theme_names(window) == ["A"]
    assert names_under(window.theme_model, window.theme_model.index(0, 0)) == ["B"]


def test_builtin_treaties_cannot_be_deleted_or_merged_from_the_window(qtbot, window, library):
    window.select_tag(tags.find_tag(library, "ecpt").id)
    assert window.current_tag().slug == "ecpt"
    assert not window.delete_action.isEnabled() and not window.merge_action.isEnabled()
    assert window.colour_action.isEnabled()


def test_the_timeline_opens_from_the_window_and_follows_its_edits(window, library, qtbot):
    timeline = window.show_timeline()
    assert timeline.shown_events() == []
    window.create(TagFields(kind="event", label="Visit", event_type="monitoring_visit", date_start="2024-05"))
    settle(qtbot, window.operations)
    assert [e.label for e in timeline.shown_events()] == ["Visit"]
    tagged = tags.find_tag(library, "event-visit").id
    _, uuid = add_passage(library, add_document(library), [tagged], page=4)
    window.refresh()
    timeline.refresh()
    timeline.select_event(tagged)
    with qtbot.waitSignal(window.passage_activated) as signal:
        timeline.passage_list.list.itemActivated.emit(timeline.passage_list.list.item(0))
    assert signal.args[1:] == [4, uuid]


def test_a_treaty_shows_the_passages_of_its_articles(qtbot, window, library):
    article = tags.find_tag(library, "ecpt-art-8")
    add_passage(library, add_document(library), [article.id])
    window.refresh()
    ecpt = window.treaty_model.index_of(tags.find_tag(library, "ecpt").id)
    assert ecpt.siblingAtColumn(2).data() == "0 (+1)"
    assert window.treaty_model.index_of(article.id).siblingAtColumn(2).data() == "1"


def test_the_event_dialog_links_treaties_found_by_a_filter(qtbot, window, library):
    window.tabs.setCurrentIndex(1)
    window.new_action.trigger()
    settle(qtbot, window.operations)
    dialog = window.dialog
    dialog.label.setText("Visit to a prison")
    dialog.event_type.setCurrentIndex(dialog.event_type.findData("monitoring_visit"))
    dialog.date_start.setText("2024-05")
    dialog.treaty_filter.setText("ecpt art. 8")
    shown = [dialog.treaties.item(r) for r in range(dialog.treaties.count()) if not dialog.treaties.item(r).isHidden()]
    assert [item.data(Qt.ItemDataRole.UserRole) for item in shown] == ["ecpt-art-8"]
    shown[0].setCheckState(Qt.CheckState.Checked)
    dialog.accept()
    settle(qtbot, window.operations)
    created = tags.find_tag(library, "event-visit-to-a-prison")
    assert created.fields.treaties == ("ecpt-art-8",)
    assert (created.fields.date_precision, created.fields.event_type) == ("month", "monitoring_visit")


def test_export_writes_a_codebook_another_library_can_read(qtbot, window, library, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from app.vocabulary import codebook

    window.create(TagFields(kind="theme", label="Detention"))
    settle(qtbot, window.operations)
    path = tmp_path / "team.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    window.export_action.trigger()
    settle(qtbot, window.operations)
    assert "theme-detention" in [entry.slug for entry in codebook.read_file(path)]
    assert "written to" in window.statusBar().currentMessage()


def test_a_builtin_article_takes_a_colour_through_its_dialog(qtbot, window, library):
    article = tags.find_tag(library, "echr-art-3")
    window.select_tag(article.id)
    window.edit_action.trigger()
    settle(qtbot, window.operations)
    assert not window.dialog.label.isEnabled()
    window.dialog.color.set_color("#b00020")
    window.dialog.accept()
    settle(qtbot, window.operations)
    assert not window.dialog.isVisible(), window.dialog.error.text()
    assert tags.get_tag(library, article.id).color == "#b00020"
    window.undo_action.trigger()
    settle(qtbot, window.operations)
    assert tags.get_tag(library, article.id).color is None


def test_what_the_user_expanded_stays_expanded_after_an_edit(qtbot, window, library):
    p1 = window.treaty_model.index_of(tags.find_tag(library, "echr-p1").id)
    echr = window.treaty_model.index_of(tags.find_tag(library, "echr").id)
    window.treaty_view.expand(p1)
    window.treaty_view.collapse(echr)
    window.create(TagFields(kind="theme", label="Detention"))
    settle(qtbot, window.operations)
    assert window.treaty_view.isExpanded(window.treaty_model.index_of(tags.find_tag(library, "echr-p1").id))
    assert not window.treaty_view.isExpanded(window.treaty_model.index_of(tags.find_tag(library, "echr").id))


def test_the_event_editor_labels_show_no_ampersand_and_each_mnemonic_has_its_field(qtbot):
    from PySide6.QtWidgets import QLabel

    from app.vocabulary.records import TagFields
    from ui.vocabulary_dialogs import TagDialog

    dialog = TagDialog(TagFields(kind="event", label="Visit"), lambda fields: None, [], [])
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [label for label in dialog.findChildren(QLabel) if "&" in label.text()]
    assert labels and all(label.buddy() is not None for label in labels), [label.text() for label in labels if not label.buddy()]


def test_the_vocabulary_window_opens_no_larger_than_its_screen(qtbot, library):
    from PySide6.QtGui import QUndoStack

    from ui.operations import Operations
    from ui.vocabulary_window import VocabularyWindow

    window = VocabularyWindow(library, Operations(), QUndoStack())
    qtbot.addWidget(window)
    screen = window.screen().availableGeometry()
    assert window.height() < screen.height() and window.width() < screen.width()
