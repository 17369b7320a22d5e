"""A recommendation's follow-up edits (status, note, evidence), each one undoable step calling
:mod:`app.services.follow_up`; each reports the recommendation's document, whose views read it again."""

from __future__ import annotations

from app.changes import LibraryChange
from app.library import Library
from app.services import follow_up
from ui.undo import UndoableEdit


def follow_up_change(state: follow_up.FollowUp) -> LibraryChange:
    return LibraryChange(documents=frozenset({state.document_id}))


class SetStatus(UndoableEdit):
    """Undo puts back the status it had."""

    def __init__(self, library: Library, recommendation_id: int, before: str, status: str) -> None:
        super().__init__(library, f"Status: {status}")
        self.recommendation_id, self.before, self.status = recommendation_id, before, status

    def do(self) -> LibraryChange:
        return follow_up_change(follow_up.set_status(self.library, self.recommendation_id, self.status))

    def undo_change(self) -> LibraryChange:
        return follow_up_change(follow_up.set_status(self.library, self.recommendation_id, self.before))


class SetNote(UndoableEdit):
    """Undo puts back the note it had."""

    def __init__(self, library: Library, recommendation_id: int, before: str, note: str) -> None:
        super().__init__(library, "Follow-up note")
        self.recommendation_id, self.before, self.note = recommendation_id, before, note

    def do(self) -> LibraryChange:
        return follow_up_change(follow_up.set_note(self.library, self.recommendation_id, self.note))

    def undo_change(self) -> LibraryChange:
        return follow_up_change(follow_up.set_note(self.library, self.recommendation_id, self.before))


class AddEvidence(UndoableEdit):
    """Undo removes the passage from the evidence, unless it was there before (then both change nothing)."""

    def __init__(self, library: Library, before: follow_up.FollowUp, annotation_uuid: str) -> None:
        super().__init__(library, "Add evidence")
        self.before, self.annotation_uuid = before, annotation_uuid
        self.was_there = any(e.annotation_uuid == annotation_uuid for e in before.evidence)

    def do(self) -> LibraryChange:
        return follow_up_change(follow_up.add_evidence(self.library, self.before.recommendation_id,
                                                       self.annotation_uuid))

    def undo_change(self) -> LibraryChange:
        if self.was_there:
            return follow_up_change(self.before)
        return follow_up_change(follow_up.remove_evidence(self.library, self.before.recommendation_id,
                                                          self.annotation_uuid))


class RemoveEvidence(UndoableEdit):
    def __init__(self, library: Library, before: follow_up.FollowUp, annotation_uuid: str) -> None:
        super().__init__(library, "Remove evidence")
        self.before, self.annotation_uuid = before, annotation_uuid

    def do(self) -> LibraryChange:
        return follow_up_change(follow_up.remove_evidence(self.library, self.before.recommendation_id,
                                                          self.annotation_uuid))

    def undo_change(self) -> LibraryChange:
        return follow_up_change(follow_up.add_evidence(self.library, self.before.recommendation_id,
                                                       self.annotation_uuid))
