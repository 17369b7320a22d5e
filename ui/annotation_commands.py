"""Every annotation edit as one undoable step, each calling a service and reporting what it changed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from app.changes import LibraryChange
from app.library import Library
from app.services import annotations as notes
from ui.undo import UndoableEdit


def _changed(annotations: Iterable[notes.AnnotationInfo]) -> LibraryChange:
    """These annotations changed; their rows are read again (a service gave no new state)."""
    return LibraryChange.of_annotations(annotations, records=False)


def _now(annotations: Iterable[notes.AnnotationInfo]) -> LibraryChange:
    """These annotations changed, and these values are their state now."""
    return LibraryChange.of_annotations(annotations)


class CreateAnnotation(UndoableEdit):
    """Highlight (with colour, note and tags at once): undo removes it, redo makes the same one again."""

    def __init__(self, library: Library, draft: notes.AnnotationDraft, text: str = "Highlight") -> None:
        super().__init__(library, text)
        self.draft = draft
        self.made: notes.AnnotationInfo | None = None

    def do(self) -> LibraryChange:
        uuid = self.made.uuid if self.made else None
        draft = self.draft if uuid is None else replace(self.draft, uuid=uuid)
        self.made = notes.create_annotation(self.library, draft)
        return _now((self.made,))

    def undo_change(self) -> LibraryChange:
        assert self.made is not None
        notes.discard(self.library, self.made.uuid)
        return _changed((self.made,))  # gone: read again, it is found no more


class EditNote(UndoableEdit):
    def __init__(self, library: Library, before: notes.AnnotationInfo, note: str) -> None:
        super().__init__(library, "Edit note")
        self.before, self.note = before, note

    def do(self) -> LibraryChange:
        return _now((notes.set_note(self.library, self.before.uuid, self.note),))

    def undo_change(self) -> LibraryChange:
        return _now((notes.set_note(self.library, self.before.uuid, self.before.note),))


class Recolor(UndoableEdit):
    def __init__(self, library: Library, before: Iterable[notes.AnnotationInfo], color: str) -> None:
        self.before = tuple(before)
        super().__init__(library, f"Colour: {color}")
        self.color = color

    def do(self) -> LibraryChange:
        return _now([notes.set_color(self.library, annotation.uuid, self.color) for annotation in self.before])

    def undo_change(self) -> LibraryChange:
        return _now([notes.set_color(self.library, annotation.uuid, annotation.color) for annotation in self.before])


class SetTags(UndoableEdit):
    def __init__(self, library: Library, before: notes.AnnotationInfo, tag_ids: Iterable[int]) -> None:
        super().__init__(library, "Tag")
        self.before, self.tag_ids = before, tuple(tag_ids)

    def do(self) -> LibraryChange:
        return _now((notes.set_tags(self.library, self.before.uuid, self.tag_ids),))

    def undo_change(self) -> LibraryChange:
        return _now((notes.set_tags(self.library, self.before.uuid, [tag.id for tag in self.before.tags]),))


class TrashAnnotations(UndoableEdit):
    """Delete: the annotations go to the trash, and undo brings them back as they were."""

    def __init__(self, library: Library, annotations: Iterable[notes.AnnotationInfo]) -> None:
        self.annotations = tuple(annotations)
        count = len(self.annotations)
        super().__init__(library, "Delete annotation" if count == 1 else f"Delete {count} annotations")

    def do(self) -> LibraryChange:
        return _now(notes.trash(self.library, [a.uuid for a in self.annotations]))

    def undo_change(self) -> LibraryChange:
        return _now(notes.restore(self.library, [a.uuid for a in self.annotations]))


class RestoreAnnotations(TrashAnnotations):
    """Out of the trash: undo puts them back in it."""

    def __init__(self, library: Library, annotations: Iterable[notes.AnnotationInfo]) -> None:
        super().__init__(library, annotations)
        count = len(self.annotations)
        self.setText("Restore annotation" if count == 1 else f"Restore {count} annotations")

    def do(self) -> LibraryChange:
        return super().undo_change()

    def undo_change(self) -> LibraryChange:
        return super().do()


class PlaceAnnotation(UndoableEdit):
    """Attach an annotation (an orphan of a reissued document) to the passage the user selected."""

    def __init__(self, library: Library, before: notes.AnnotationInfo, draft: notes.AnnotationDraft) -> None:
        super().__init__(library, "Place annotation")
        self.before, self.draft = before, draft

    def do(self) -> LibraryChange:
        return _now((notes.set_anchor(self.library, self.before.uuid, self.draft),))

    def undo_change(self) -> LibraryChange:
        restored = notes.set_anchor(self.library, self.before.uuid, notes.draft_of(self.before),
                                    self.before.anchor_status)
        return _now((restored,))
