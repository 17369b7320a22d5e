"""Every undoable edit of the window (annotations, vocabulary, document properties) on one base.

A command is a pair of core calls, :meth:`UndoableEdit.do` and :meth:`UndoableEdit.undo_change`,
each returning the :class:`LibraryChange` it made; they run through :class:`ui.operations.Operations`,
off the UI thread and in order. :func:`push` runs the first ``do`` and puts the command on the
stack only once it succeeded, so a refused edit (a read-only library, a full disk, a duplicate
name) never becomes a step that did not happen. One user action is one command.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack

from app.changes import LibraryChange
from app.library import Library
from app.services import annotations as notes
from ui.operations import Operations, Report

# The version of each annotation after this window's own latest write to it, by library: a step
# saved over a later version than this (and than the view it was made from) would overwrite
# someone else's change (app.services.annotations.EditConflict).
_OWN_VERSIONS: dict[tuple[int, str], int] = {}


def own_version(library: Library, uuid: str) -> int | None:
    return _OWN_VERSIONS.get((id(library), uuid))


def _wrote(library: Library, step: Callable[[], LibraryChange]) -> Callable[[], LibraryChange]:
    """``step``, noting the versions it left (on the edit thread, so a step queued next sees them)."""

    def run() -> LibraryChange:
        change = step()
        given = {record.uuid: record.version for record in change.records}
        unread = [uuid for uuids in change.annotations.values() for uuid in uuids if uuid not in given]
        if unread:
            given.update(notes.versions(library, unread))
        for uuid, version in given.items():
            _OWN_VERSIONS[(id(library), uuid)] = version
        return change

    return run


class UndoableEdit(QUndoCommand):
    """Subclasses implement :meth:`do` and :meth:`undo_change`; both run on the edit thread."""

    def __init__(self, library: Library, text: str) -> None:
        super().__init__(text)
        self.library = library
        self.operations: Operations | None = None
        self._done_by_push = False

    def do(self) -> LibraryChange:
        raise NotImplementedError

    def undo_change(self) -> LibraryChange:
        raise NotImplementedError

    def redo(self) -> None:
        if self._done_by_push:  # QUndoStack.push calls redo at once: the work is done already
            self._done_by_push = False
            return
        self._queue(self.do)

    def undo(self) -> None:
        self._queue(self.undo_change)

    def _queue(self, step: Callable[[], LibraryChange]) -> None:
        assert self.operations is not None, "a command reaches the stack through push()"
        self.operations.edit(_wrote(self.library, step), changes=lambda change: change, failed=self._refused)

    def _refused(self, message: str) -> None:
        # Undoing or redoing it again would meet the same refusal: the step leaves the stack.
        self.setObsolete(True)
        assert self.operations is not None
        self.operations.failed.emit(message)


def push(operations: Operations, stack: QUndoStack, command: UndoableEdit, *, failed: Report | None = None,
         done: Callable[[UndoableEdit], None] | None = None) -> None:
    """Do the edit, then put it on ``stack``; a refusal goes to ``failed`` (else the window's report)."""
    command.operations = operations

    def succeeded(_change: LibraryChange) -> None:
        command._done_by_push = True  # noqa: SLF001 - its own flag, set for the push below
        stack.push(command)
        if done is not None:
            done(command)

    operations.edit(_wrote(command.library, command.do), changes=lambda change: change, done=succeeded, failed=failed)


def undo_actions(stack: QUndoStack, parent: QObject) -> tuple[QAction, QAction]:
    """Undo and redo of ``stack`` with the app's keys (Ctrl+Z; Ctrl+Shift+Z or Ctrl+Y), for a window to add."""
    undo = stack.createUndoAction(parent, "&Undo")
    undo.setShortcut(QKeySequence("Ctrl+Z"))
    redo = stack.createRedoAction(parent, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    return undo, redo
