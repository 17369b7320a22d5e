"""Annotating in the window: from a selection to a highlight, note or tag, and back again.

Joins the page view (selection, drawing), the annotation panel and the undo stack. Every
edit goes through an undoable command that calls a service; what changed is redrawn.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QObject, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu, QMessageBox, QRubberBand, QToolTip, QWidget

from app.changes import LibraryChange
from app.errors import LibraryError
from app.library import Library
from app.services import annotations as notes
from app.services.citing import Citation, cite_annotation
from app.services.citing_passage import cite_selection
from app.services.links import LinkView, linked_uuids, links_of
from ui.annotation_commands import (
    CreateAnnotation,
    EditNote,
    GuardedEdit,
    PlaceAnnotation,
    Recolor,
    SetTags,
    TrashAnnotations,
)
from ui.annotation_panel import AnnotationPanel
from ui.conflict_dialog import ConflictDialog
from ui.link_commands import CreateLink, DeleteLink, EditLink
from ui.link_dialog import LinkDialog
from ui.note_dialog import ask_note as write_note
from ui.operations import Operations
from ui.tag_picker import TagPicker
from ui.undo import UndoableEdit, push

HIGHLIGHT_ALPHA = 150


class AnnotationController(QObject):
    passage_wanted = Signal(int, int, str)  # document id, page index, annotation uuid: the other end of a link

    def __init__(self, pages, undo_stack: QUndoStack, operations: Operations,  # noqa: ANN001 - a PageView
                 window: QWidget, show_status: Callable[[str], None] | None = None) -> None:
        super().__init__(window)
        self.show_status = show_status or (lambda _message: None)
        self.pages = pages
        self.undo_stack = undo_stack
        self.operations = operations
        operations.changed.connect(self.library_changed)
        self.window = window
        self.library: Library | None = None
        self.document_id: int | None = None
        self.shown: list[notes.AnnotationInfo] = []
        self._colours: dict[str, QColor] = {}
        self.pending_select: str | None = None  # an annotation to choose once its document is open
        self.linked: set[str] = set()  # the open document's annotations with a link: marked on the page
        self.link_dialog: LinkDialog | None = None
        self._show_when_open: str | None = None  # a link's other end, shown on its page once its document is open
        self._area_start = None  # (PagePoint, viewport point) while an area is being drawn
        self._band: QRubberBand | None = None
        self.panel = AnnotationPanel()
        self.actions: list[QAction] = []
        self._build_actions()
        self.panel.annotation_activated.connect(self.show_annotation)
        self.panel.note_requested.connect(self.edit_note)
        self.panel.tags_requested.connect(self.edit_tags)
        self.panel.color_requested.connect(self.recolor)
        self.panel.delete_requested.connect(self.delete)
        self.panel.copy_citation_requested.connect(self.copy_citation)
        self.panel.place_requested.connect(self.place)
        self.panel.tags_set_requested.connect(self.set_tags)
        self.panel.link_requested.connect(self.link_from)
        self.panel.link_followed.connect(self.follow_link)
        self.panel.link_edit_requested.connect(self.edit_link)
        self.panel.link_delete_requested.connect(self.remove_link)
        self.pages.viewport().installEventFilter(self)

    # --- wiring --------------------------------------------------------------------------

    def _action(self, text: str, shortcut: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.setProperty("needs-document", True)  # ui.window_menus.NEEDS_DOCUMENT: off with no document open
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        self.actions.append(action)
        return action

    def _build_actions(self) -> None:
        self.highlight_action = self._action("&Highlight", "H", lambda: self.annotate())
        self.underline_action = self._action("&Underline", "U", lambda: self.annotate(kind="underline"))
        self.note_action = self._action("Highlight with &note\u2026", "N", self.note_key)
        self.note_action.setToolTip("Highlight the selection with a note, or edit the note of the chosen annotation")
        self.tag_action = self._action("Highlight and &tag\u2026", "T", self.tag_key)
        self.color_actions = [
            self._action(f"Colour {number}: {name}", str(number), lambda name=name: self.colour_key(name))
            for number, name in enumerate(notes.PALETTE, start=1)
        ]
        self.delete_action = self._action("&Delete annotation", "Del", self.delete_selected)
        self.cite_action = self._action("Copy with &citation", "Ctrl+Shift+C", self.copy_selected_citation)
        self.cite_action.setToolTip("Copy the selected text, or the annotation chosen in the panel, with its citation")
        self.link_action = self._action("&Link to\u2026", "L", self.link_selected)
        self.link_action.setToolTip("Link the annotation chosen in the panel to another passage")

    def add_link_action(self) -> None:
        """Put "Link to…" after "Copy with citation" in the menus that hold it (the Annotate menu)."""
        for holder in self.cite_action.associatedObjects():
            if isinstance(holder, QMenu) and self.link_action not in holder.actions():
                actions = holder.actions()
                after = actions.index(self.cite_action) + 1
                holder.insertAction(actions[after] if after < len(actions) else None, self.link_action)

    def set_library(self, library: Library | None) -> None:
        self.library = library
        self.panel.library = library
        self.panel.model.members = library is not None and library.is_team

    def document_opened(self, document_id: int | None, labels: dict[int, str] | None = None) -> None:
        self.document_id = document_id
        self._read_linked()
        self.panel.set_document(document_id, labels)
        self._redraw()
        if self.pending_select:
            self.panel.select(self.pending_select)
            self.pending_select = None
        self._show_linked_end()

    def library_changed(self, change: LibraryChange) -> None:
        """Refresh the rows and the page marks of what changed in the open document."""
        if self.document_id is None or self.library is None:
            return
        if change.elsewhere or change.vocabulary:  # anything, or the tags every row shows
            self._read_linked()
            self.panel.reload()
            self._redraw()
            return
        self._other_ends_changed(change)
        uuids = change.uuids_in(self.document_id)
        if not uuids:
            return
        self._read_linked()  # a link made, edited or removed names its ends here
        before = [a for a in self.shown if a.uuid in uuids]
        self.panel.apply_changes(uuids, change.records)
        after = [a for a in self.panel.all_rows if a.uuid in uuids]
        self._redraw({t.page_index for a in [*before, *after] for t in a.targets})

    def _redraw(self, pages: set[int] | None = None) -> None:
        """Hand the page view its marks: all of them, or only those of ``pages``."""
        self.shown = list(self.panel.all_rows)
        by_page = {} if pages is None else {p: marks for p, marks in self.pages.highlights.items() if p not in pages}
        for annotation in self.shown:
            for target in annotation.targets:
                if pages is None or target.page_index in pages:
                    by_page.setdefault(target.page_index, []).append(
                        (self._colour(annotation.color), target.quads, annotation.kind == "underline")
                    )
        self.pages.set_highlights(by_page)
        self.pages.set_link_marks(self._link_marks())
        focused = self.pages.focused_highlight
        if focused is not None and not any(
            target.page_index == focused[0] and tuple(target.quads) == tuple(focused[1])
            for annotation in self.shown for target in annotation.targets
        ):  # its annotation is gone (deleted, undone): no box left where it was
            self.pages.focused_highlight = None
            self.pages.viewport().update()

    def _other_ends_changed(self, change: LibraryChange) -> None:
        """The other end of a listed link was edited, trashed or restored, or its document changed
        (in another document, most often): the list of links reads them again."""
        views = self.panel.link_views
        if not views:
            return
        changed = {uuid for uuids in change.annotations.values() for uuid in uuids}
        if any(view.other.annotation_uuid in changed or view.other.document_id in change.documents for view in views):
            self.panel.show_links(again=True)

    def _read_linked(self) -> None:
        """Which of the open document's annotations have a link: read on opening it and after an edit
        there (one query), never while painting."""
        if self.library is None or self.document_id is None:
            self.linked = set()
            return
        try:
            self.linked = linked_uuids(self.library, self.document_id)
        except LibraryError:
            self.linked = set()

    def _link_marks(self) -> dict[int, list[tuple[float, float]]]:
        """Page -> the top right corner (PDF points) of each linked annotation's first line there."""
        marks: dict[int, list[tuple[float, float]]] = {}
        for annotation in self.shown:
            if annotation.uuid not in self.linked:
                continue
            for target in annotation.targets:
                if target.quads:
                    quad = target.quads[0]
                    marks.setdefault(target.page_index, []).append((max(quad[0::2]), min(quad[1::2])))
        return marks

    def _colour(self, name: str) -> QColor:
        colour = self._colours.get(name)
        if colour is None:
            colour = self._colours[name] = QColor(notes.PALETTE.get(name, name))
            colour.setAlpha(HIGHLIGHT_ALPHA)
        return colour

    # --- making annotations ------------------------------------------------------------

    def annotate(self, *, kind: str = "highlight", color: str = notes.DEFAULT_COLOR,
                 ask_note: bool = False, ask_tag: bool = False) -> None:
        """Highlight the selection; with a note or a tag asked first, still as one undo step."""
        selection = self.pages.selection
        if self.library is None or selection is None or not selection.pages:
            return
        note = ""
        if ask_note:
            note, accepted = write_note(self.window)
            if not accepted:
                return
        tag_ids: list[int] = []
        if ask_tag:
            picker = TagPicker(self.library, self.window)
            picker.tag_chosen.connect(tag_ids.append)
            if not picker.exec() or not tag_ids:
                return
        draft = notes.draft_from_selection(selection, kind=kind, color=color, note=note, tag_ids=tag_ids)
        self._push(CreateAnnotation(self.library, draft, "Underline" if kind == "underline" else "Highlight"))
        self.pages.clear_selection()

    def note_key(self) -> None:
        """N: a note on the selected text (highlighting it), else on the annotation chosen in the panel
        or clicked on the page."""
        chosen = self.panel.selected()
        if self._text_first() or not chosen:
            self.annotate(ask_note=True)
        else:
            self.edit_note(chosen[0].uuid)

    def tag_key(self) -> None:
        """T: tag the selected text (highlighting it), else add a tag to the annotation chosen in the
        panel or clicked on the page, as N does for a note."""
        chosen = self.panel.selected()
        if self._text_first() or not chosen:
            self.annotate(ask_tag=True)
        else:
            self.edit_tags(chosen[0].uuid)

    def _text_first(self) -> bool:
        """Whether a key acts on the text selected on the page rather than on the annotation chosen
        in the panel: there is selected text, and the panel does not have the keyboard."""
        selection = self.pages.selection
        return selection is not None and bool(selection.pages) and not self.panel.list.hasFocus()

    def colour_key(self, name: str) -> None:
        """A digit: highlight the selection in that colour, else recolour the chosen annotations."""
        chosen = self.panel.selected()
        if self._text_first() or not chosen:
            self.annotate(color=name)
        else:
            self.recolor([a.uuid for a in chosen], name)

    # --- editing ----------------------------------------------------------------------

    def _annotation(self, uuid: str) -> notes.AnnotationInfo | None:
        return next((a for a in self.shown if a.uuid == uuid), None)

    def edit_note(self, uuid: str) -> None:
        annotation = self._annotation(uuid)
        if annotation is None or self.library is None:
            return
        text, accepted = write_note(self.window, annotation.note)
        if accepted and text != annotation.note:
            self._push(EditNote(self.library, annotation, text))

    def edit_tags(self, uuid: str) -> None:
        annotation = self._annotation(uuid)
        if annotation is None or self.library is None:
            return
        chosen: list[int] = []
        picker = TagPicker(self.library, self.window)
        picker.tag_chosen.connect(chosen.append)
        if picker.exec() and chosen:
            had = [tag.id for tag in annotation.tags]
            wanted = had + [tag_id for tag_id in chosen if tag_id not in set(had)]
            self._push(SetTags(self.library, annotation, wanted))

    def set_tags(self, uuid: str, tag_ids: list[int]) -> None:
        annotation = self._annotation(uuid)
        if annotation is not None and self.library is not None:
            self._push(SetTags(self.library, annotation, tag_ids))

    def recolor(self, uuids: list[str], color: str) -> None:
        chosen = [a for a in (self._annotation(uuid) for uuid in uuids) if a is not None]
        if chosen and self.library is not None:
            self._push(Recolor(self.library, chosen, color))

    def delete(self, uuids: list[str]) -> None:
        chosen = [a for a in (self._annotation(uuid) for uuid in uuids) if a is not None]
        if chosen and self.library is not None:
            self._push(TrashAnnotations(self.library, chosen))

    def place(self, uuid: str) -> None:
        """Attach an annotation that lost its passage to the text now selected."""
        annotation = self._annotation(uuid)
        selection = self.pages.selection
        if annotation is None or self.library is None:
            return
        if selection is None or not selection.pages:
            QMessageBox.information(self.window, "Place annotation",
                                    "Select the passage on the page first, then place the annotation on it.")
            return
        draft = notes.draft_from_selection(selection, kind=annotation.kind, color=annotation.color)
        self._push(PlaceAnnotation(self.library, annotation, draft))
        self.pages.clear_selection()

    def delete_selected(self) -> None:
        """Del: the link chosen in the panel's list of links while that list has the keyboard, else the
        annotations chosen."""
        link = self.panel.chosen_link()
        if link is not None and self.panel.links.hasFocus():
            self.remove_link(link)
            return
        self.delete([a.uuid for a in self.panel.selected()])

    # --- links between passages ------------------------------------------------------

    def link_selected(self) -> None:
        """L: link the annotation chosen in the panel (or clicked on the page) to another passage."""
        chosen = self.panel.selected()
        if not chosen:
            self.show_status("Choose an annotation in the panel, or click one on the page, to link it.")
            return
        self.link_from(chosen[0].uuid)

    def _citation(self, uuid: str) -> str:
        if self.library is None:
            return ""
        try:
            return cite_annotation(self.library, uuid).citation
        except LibraryError:
            return ""

    def link_from(self, uuid: str) -> LinkDialog | None:
        """Open the dialog that links this annotation to another passage (it stays open until the
        link is made, or says why it could not be)."""
        annotation = self._annotation(uuid)
        if annotation is None or self.library is None:
            return None
        library = self.library
        dialog = LinkDialog(library, self.operations, annotation, self._citation(uuid), self.window)

        def submitted(target: str, kind: str, note: str) -> None:
            push(self.operations, self.undo_stack, CreateLink(library, annotation.uuid, target, kind, note),
                 failed=dialog.refused, done=lambda _command: dialog.done_ok())

        return self._show_link_dialog(dialog, submitted)

    def edit_link(self, view: LinkView) -> LinkDialog | None:
        subject = self._annotation(self.panel.links_for or "")
        if subject is None or self.library is None:
            return None
        library = self.library
        dialog = LinkDialog(library, self.operations, subject, self._citation(subject.uuid), self.window, editing=view)

        def submitted(_target: str, kind: str, note: str) -> None:
            if " ".join(kind.split()) == view.link.kind and note == view.link.note:
                dialog.done_ok()  # nothing changed: no step on the undo stack
                return
            push(self.operations, self.undo_stack, EditLink(library, view.link, kind, note),
                 failed=dialog.refused, done=lambda _command: dialog.done_ok())

        return self._show_link_dialog(dialog, submitted)

    def _show_link_dialog(self, dialog: LinkDialog, submitted: Callable[[str, str, str], None]) -> LinkDialog:
        def closed(_result: int) -> None:
            if self.link_dialog is dialog:
                self.link_dialog = None
            dialog.deleteLater()

        dialog.submitted.connect(submitted)
        dialog.finished.connect(closed)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.link_dialog = dialog
        dialog.open()
        dialog.activateWindow()  # the keyboard goes to it: type the words at once
        return dialog

    def remove_link(self, view: LinkView) -> None:
        if self.library is not None:
            self._push(DeleteLink(self.library, view.link))

    def follow_link(self, view: LinkView) -> None:
        """Open the link's other end where it stands, or say what stands in the way."""
        if view.other.in_trash:
            box = QMessageBox(QMessageBox.Icon.Information, "Linked passage", view.warning,
                              QMessageBox.StandardButton.Ok, self.window)
            box.exec()
            return
        other = view.other
        self._show_when_open = other.annotation_uuid
        self.passage_wanted.emit(other.document_id, other.page_index, other.annotation_uuid)
        if self.document_id == other.document_id:  # in the document open already: shown at once
            self._show_linked_end()

    def _link_lines(self, uuid: str) -> list[str]:
        """A linked passage's links, for its tooltip on the page (read when the tooltip is asked for)."""
        if uuid not in self.linked or self.library is None:
            return []
        try:
            views = links_of(self.library, uuid)
        except LibraryError:
            return []
        return [f"Link: {view.reading}" for view in views[:8]]

    def _show_linked_end(self) -> None:
        """The passage a link was followed to, on its page and framed, as a click in the panel shows it."""
        uuid, self._show_when_open = self._show_when_open, None
        annotation = self._annotation(uuid) if uuid is not None else None
        if annotation is not None:
            self.show_annotation(annotation.uuid, annotation.page_index)

    def copy_citation(self, uuid: str) -> None:
        if self.library is None:
            return
        library = self.library
        self._copy_cited(lambda: cite_annotation(library, uuid))

    def copy_selection_citation(self) -> bool:
        """The text selected on the page, with the citation of where it stands; False if none."""
        selection = self.pages.selection
        if self.library is None or selection is None or not selection.text:
            return False
        library = self.library
        self._copy_cited(lambda: cite_selection(library, selection))
        return True

    def _copy_cited(self, citing: Callable[[], Citation]) -> None:
        try:
            citation = citing()
        except LibraryError as error:
            QMessageBox.warning(self.window, "Copy with citation", str(error))
            return
        data = QMimeData()
        data.setText(citation.plain)
        data.setHtml(citation.html)
        QGuiApplication.clipboard().setMimeData(data)
        self.show_status(f"Copied with its citation: {citation.citation}")

    def copy_selected_citation(self) -> None:
        """Ctrl+Shift+C: the text selected on the page, else the annotation chosen in the panel."""
        if self.copy_selection_citation():
            return
        chosen = self.panel.selected()
        if chosen:
            self.copy_citation(chosen[0].uuid)
        else:
            self.show_status("Select text on the page, or an annotation in the panel, to copy it with its citation.")

    def _push(self, command: UndoableEdit) -> None:
        push(self.operations, self.undo_stack, command, failed=lambda message: self._refused(command, message))

    def _refused(self, command: UndoableEdit, message: str) -> None:
        conflict = getattr(command, "conflict", None)
        if not isinstance(command, GuardedEdit) or conflict is None:
            QMessageBox.warning(self.window, "Rights Annotator", message)
            return
        theirs = conflict.theirs
        texts = (command.note, theirs.note) if isinstance(command, EditNote) else (None, None)
        if ConflictDialog(conflict, *texts, parent=self.window).exec():
            self._push(command.over(theirs))  # keep mine: saved knowingly over theirs, and undoable
        else:  # keep theirs: the window shows the passage as they left it
            self.operations.changed.emit(LibraryChange.of_annotations([theirs]))

    # --- area highlights: Shift and drag, for scans, figures and stamps -----------------

    def _area_event(self, event) -> bool:  # noqa: ANN001 - a QEvent
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            place = self.pages.point_at(QPointF(event.position()))
            if place is None:
                return False
            self._area_start = (place, event.position().toPoint())
            self._band = self._band or QRubberBand(QRubberBand.Shape.Rectangle, self.pages.viewport())
            self._band.setGeometry(QRect(self._area_start[1], QSize()))
            self._band.show()
            return True
        if self._area_start is None:
            return False
        if kind == QEvent.Type.MouseMove:
            self._band.setGeometry(QRect(self._area_start[1], event.position().toPoint()).normalized())
            return True
        if kind == QEvent.Type.MouseButtonRelease:
            start, self._area_start = self._area_start[0], None
            self._band.hide()
            end = self.pages.point_at(QPointF(event.position()))
            if end is not None and self.document_id is not None and self.library is not None:
                quad = _rect_quad(start.x, start.y, end.x, end.y) if end.page == start.page else None
                if quad is not None and quad[2] - quad[0] > 4 and quad[5] - quad[1] > 4:
                    self.annotate_area(start.page, quad)
            return True
        return False

    def annotate_area(self, page_index: int, quad: tuple[float, ...]) -> None:
        """A rectangle on a page: for a scan without text, a figure or a stamp."""
        if self.library is None or self.document_id is None:
            return
        draft = notes.AnnotationDraft(self.document_id, (notes.Target(page_index, (quad,)),), kind="area")
        self._push(CreateAnnotation(self.library, draft, "Area highlight"))

    # --- on the page ---------------------------------------------------------------------

    def show_annotation(self, uuid: str, page_index: int) -> None:
        annotation = self._annotation(uuid)
        if annotation is None:
            return
        target = annotation.targets[0] if annotation.targets else None
        top = min(target.quads[0][1::2]) if target and target.quads else 0.0
        self.pages.go_to_page(page_index, max(0.0, top - 40))
        self.pages.focused_highlight = (target.page_index, target.quads) if target else None
        self.pages.viewport().update()

    def annotation_at(self, point: QPointF) -> notes.AnnotationInfo | None:
        place = self.pages.point_at(point)
        if place is None:
            return None
        for annotation in reversed(self.shown):
            for target in annotation.targets:
                if target.page_index == place.page and any(_inside(place.x, place.y, q) for q in target.quads):
                    return annotation
        return None

    def eventFilter(self, watched, event) -> bool:  # noqa: N802, ANN001 - Qt's names
        if self._area_event(event):
            return True
        if event.type() == QEvent.Type.ToolTip:
            annotation = self.annotation_at(QPointF(event.pos()))
            if annotation is not None:
                tags = "; ".join(tag.code or tag.label for tag in annotation.tags)
                lines = [annotation.note[:500], tags, *self._link_lines(annotation.uuid)]
                QToolTip.showText(event.globalPos(), "\n".join(filter(None, lines)) or annotation.quote[:200])
                return True
        elif event.type() == QEvent.Type.ContextMenu:
            annotation = self.annotation_at(QPointF(event.pos()))
            if annotation is not None:
                self.panel.select(annotation.uuid)
                self.panel.menu_for([annotation]).exec(event.globalPos())
                return True
        elif event.type() == QEvent.Type.MouseButtonRelease and self.pages.selection is None:
            annotation = self.annotation_at(QPointF(event.position()))
            if annotation is not None:
                self.panel.select(annotation.uuid)
                self.pages.focused_highlight = (annotation.targets[0].page_index, annotation.targets[0].quads)
                self.pages.viewport().update()
        return False


def _rect_quad(x0: float, y0: float, x1: float, y1: float) -> tuple[float, ...]:
    left, right, top, bottom = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    return (left, top, right, top, left, bottom, right, bottom)


def _inside(x: float, y: float, quad: tuple[float, ...]) -> bool:
    xs, ys = quad[0::2], quad[1::2]
    return min(xs) <= x <= max(xs) and min(ys) <= y <= max(ys)
