"""Accepting a response's replies as links to the report's recommendations: one undoable step, whether
one reply or all of them, calling :mod:`app.services.responses`."""

from __future__ import annotations

from collections.abc import Sequence

from app.changes import LibraryChange
from app.library import Library
from app.services import responses
from ui.undo import UndoableEdit


def _change(accepted: responses.Accepted) -> LibraryChange:
    # The documents too: a recommendation given a passage is read again by the Recommendations view.
    return LibraryChange(documents=frozenset(accepted.annotations),
                         annotations={document: uuids for document, uuids in accepted.annotations.items()})


class AcceptReplies(UndoableEdit):
    """Undo takes back the links and the passages it made; redo makes them again under the same names."""

    def __init__(self, library: Library, suggestions: Sequence[responses.Suggestion]) -> None:
        count = len(suggestions)
        super().__init__(library, "Accept a reply as a response" if count == 1 else f"Accept {count} replies")
        self.suggestions = tuple(suggestions)
        self.accepted: responses.Accepted | None = None

    def do(self) -> LibraryChange:
        names = self.accepted.names if self.accepted is not None else ()
        self.accepted = responses.accept(self.library, self.suggestions, names)
        return _change(self.accepted)

    def undo_change(self) -> LibraryChange:
        assert self.accepted is not None
        responses.withdraw(self.library, self.accepted)
        return _change(self.accepted)
