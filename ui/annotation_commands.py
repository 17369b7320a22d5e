"""Every annotation edit as one undoable step, each calling a service and reporting what it changed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from app.changes import LibraryChange
from app.library import Library
from app.services import annotations as notes
from ui.undo import UndoableEdit, own_version


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


class GuardedEdit(UndoableEdit):
    """An edit of annotations that another member may have changed meanwhile: each step is saved
    only over the version this command last saw (``current``), so it never overwrites a later
    change unasked; a refusal keeps the conflict (``conflict``) for the window to offer a choice."""

    def __init__(self, library: Library, text: str, before: Iterable[notes.AnnotationInfo]) -> None:
        super().__init__(library, text)
        self.before = tuple(before)
        self.current = {annotation.uuid: annotation for annotation in self.before}
        self.conflict: notes.EditConflict | None = None
        self.stepped = False  # done once: later steps are undos and redos

    def do(self) -> LibraryChange:
        return self._guarded(lambda annotation: self.apply(annotation, False))

    def undo_change(self) -> LibraryChange:
        return self._guarded(lambda annotation: self.apply(annotation, True))

    def _guarded(self, step) -> LibraryChange:  # noqa: ANN001 - AnnotationInfo -> AnnotationInfo
        try:
            for annotation in self.before:
                self.current[annotation.uuid] = step(annotation)
        except notes.EditConflict as conflict:
            self.conflict = conflict
            raise
        self.stepped = True
        return _now(self.current[annotation.uuid] for annotation in self.before)

    def apply(self, before: notes.AnnotationInfo, undoing: bool) -> notes.AnnotationInfo:
        """Save this edit (or, ``undoing``, what ``before`` had) over the version last seen."""
        raise NotImplementedError

    def over(self, theirs: notes.AnnotationInfo) -> GuardedEdit:
        """The same edit made again over ``theirs``, the annotation as another member left it ("keep mine")."""
        raise NotImplementedError

    def _expected(self, uuid: str) -> int:
        """The version a step may be saved over: the first time, the one the edit was made from;
        at an undo or redo, the one this window's own latest write left (its later steps, undone
        or not, moved it on without anyone else's change)."""
        own = own_version(self.library, uuid) if self.stepped else None
        return own if own is not None else self.current[uuid].version


class EditNote(GuardedEdit):
    def __init__(self, library: Library, before: notes.AnnotationInfo, note: str) -> None:
        super().__init__(library, "Edit note", (before,))
        self.note = note

    def apply(self, before: notes.AnnotationInfo, undoing: bool) -> notes.AnnotationInfo:
        return notes.set_note(self.library, before.uuid, before.note if undoing else self.note,
                              expected_version=self._expected(before.uuid), undoing=undoing)

    def over(self, theirs: notes.AnnotationInfo) -> EditNote:
        return EditNote(self.library, theirs, self.note)


class Recolor(GuardedEdit):
    def __init__(self, library: Library, before: Iterable[notes.AnnotationInfo], color: str) -> None:
        before = tuple(before)
        super().__init__(library, f"Colour: {color}", before)
        self.color = color

    def apply(self, before: notes.AnnotationInfo, undoing: bool) -> notes.AnnotationInfo:
        return notes.set_color(self.library, before.uuid, before.color if undoing else self.color,
                               expected_version=self._expected(before.uuid), undoing=undoing)

    def over(self, theirs: notes.AnnotationInfo) -> Recolor:
        return Recolor(self.library, [theirs if a.uuid == theirs.uuid else self.current[a.uuid] for a in self.before],
                       self.color)


class SetTags(GuardedEdit):
    def __init__(self, library: Library, before: notes.AnnotationInfo, tag_ids: Iterable[int]) -> None:
        super().__init__(library, "Tag", (before,))
        self.tag_ids = tuple(tag_ids)

    def apply(self, before: notes.AnnotationInfo, undoing: bool) -> notes.AnnotationInfo:
        wanted = [tag.id for tag in before.tags] if undoing else self.tag_ids
        return notes.set_tags(self.library, before.uuid, wanted, expected_version=self._expected(before.uuid),
                              undoing=undoing)

    def over(self, theirs: notes.AnnotationInfo) -> SetTags:
        return SetTags(self.library, theirs, self.tag_ids)


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
