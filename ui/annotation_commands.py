"""Every annotation edit as one undoable step, each calling a service.

The commands report what changed through ``notify(document_id, uuids)`` so the page and
the panel refresh only that; one user action is one step on the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from PySide6.QtGui import QUndoCommand, QUndoStack

from app.errors import LibraryError
from app.library import Library
from app.services import annotations as notes

Notify = Callable[[int, tuple[str, ...]], None]


class _AnnotationCommand(QUndoCommand):
    """Subclasses implement ``apply`` and ``revert``; :func:`push` runs the first apply itself."""

    def __init__(self, library: Library, notify: Notify, text: str) -> None:
        super().__init__(text)
        self.library = library
        self.notify = notify
        self._applied = False

    def redo(self) -> None:
        if self._applied:  # done already by push(), which reported any refusal
            self._applied = False
            return
        self.apply()

    def undo(self) -> None:
        self.revert()

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def _changed(self, annotations: tuple[notes.AnnotationInfo, ...]) -> None:
        """Report these annotations (all of one document) as changed."""
        if annotations:
            self.notify(annotations[0].document_id, tuple(a.uuid for a in annotations))


def push(stack: QUndoStack, command: _AnnotationCommand) -> str | None:
    """Do the edit, then put it on the undo stack; a refusal is returned as the user's message.

    Running it before pushing keeps a failed edit (a read-only library, a full disk) off the
    stack, instead of an undo step that never happened.
    """
    try:
        command.apply()
    except LibraryError as error:
        return str(error)
    command._applied = True
    stack.push(command)
    return None


class CreateAnnotation(_AnnotationCommand):
    """Highlight (with colour, note and tags at once): undo removes it, redo makes the same one again."""

    def __init__(self, library: Library, notify: Notify, draft: notes.AnnotationDraft, text: str = "Highlight") -> None:
        super().__init__(library, notify, text)
        self.draft = draft
        self.made: notes.AnnotationInfo | None = None

    def apply(self) -> None:
        uuid = self.made.uuid if self.made else None
        draft = self.draft if uuid is None else replace(self.draft, uuid=uuid)
        self.made = notes.create_annotation(self.library, draft)
        self._changed((self.made,))

    def revert(self) -> None:
        assert self.made is not None
        notes.discard(self.library, self.made.uuid)
        self._changed((self.made,))


class EditNote(_AnnotationCommand):
    def __init__(self, library: Library, notify: Notify, before: notes.AnnotationInfo, note: str) -> None:
        super().__init__(library, notify, "Edit note")
        self.before, self.note = before, note

    def apply(self) -> None:
        notes.set_note(self.library, self.before.uuid, self.note)
        self._changed((self.before,))

    def revert(self) -> None:
        notes.set_note(self.library, self.before.uuid, self.before.note)
        self._changed((self.before,))


class Recolor(_AnnotationCommand):
    def __init__(self, library: Library, notify: Notify, before: Iterable[notes.AnnotationInfo], color: str) -> None:
        self.before = tuple(before)
        super().__init__(library, notify, f"Colour: {color}")
        self.color = color

    def apply(self) -> None:
        for annotation in self.before:
            notes.set_color(self.library, annotation.uuid, self.color)
        self._changed(self.before)

    def revert(self) -> None:
        for annotation in self.before:
            notes.set_color(self.library, annotation.uuid, annotation.color)
        self._changed(self.before)


class SetTags(_AnnotationCommand):
    def __init__(self, library: Library, notify: Notify, before: notes.AnnotationInfo, tag_ids: Iterable[int]) -> None:
        super().__init__(library, notify, "Tag")
        self.before, self.tag_ids = before, tuple(tag_ids)

    def apply(self) -> None:
        notes.set_tags(self.library, self.before.uuid, self.tag_ids)
        self._changed((self.before,))

    def revert(self) -> None:
        notes.set_tags(self.library, self.before.uuid, [tag.id for tag in self.before.tags])
        self._changed((self.before,))


class TrashAnnotations(_AnnotationCommand):
    """Delete: the annotations go to the trash, and undo brings them back as they were."""

    def __init__(self, library: Library, notify: Notify, annotations: Iterable[notes.AnnotationInfo]) -> None:
        self.annotations = tuple(annotations)
        count = len(self.annotations)
        super().__init__(library, notify, "Delete annotation" if count == 1 else f"Delete {count} annotations")

    def apply(self) -> None:
        notes.trash(self.library, [a.uuid for a in self.annotations])
        self._changed(self.annotations)

    def revert(self) -> None:
        notes.restore(self.library, [a.uuid for a in self.annotations])
        self._changed(self.annotations)


class PlaceAnnotation(_AnnotationCommand):
    """Attach an annotation (an orphan of a reissued document) to the passage the user selected."""

    def __init__(self, library: Library, notify: Notify, before: notes.AnnotationInfo, draft: notes.AnnotationDraft) -> None:
        super().__init__(library, notify, "Place annotation")
        self.before, self.draft = before, draft

    def apply(self) -> None:
        notes.set_anchor(self.library, self.before.uuid, self.draft)
        self._changed((self.before,))

    def revert(self) -> None:
        notes.set_anchor(self.library, self.before.uuid, notes.draft_of(self.before), self.before.anchor_status)
        self._changed((self.before,))
