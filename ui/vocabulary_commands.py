"""Undoable vocabulary edits: each command calls a vocabulary service and nothing else.

A command is run once with :meth:`VocabularyCommand.run` before it goes on the undo stack,
so a refused change (a duplicate name, a cycle...) never reaches the stack. After that,
Qt calls ``redo``/``undo``; a failure then is reported and the command made obsolete.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.errors import LibraryError
from app.library import Library
from app.vocabulary import codebook, tags
from app.vocabulary.codebook import Entry
from app.vocabulary.records import CodebookImport, MergeResult, TagFields, TagInfo

Notify = Callable[[], None]
Report = Callable[[str], None]


class VocabularyCommand(QUndoCommand):
    def __init__(self, library: Library, text: str, changed: Notify, report: Report) -> None:
        super().__init__(text)
        self.library = library
        self._changed = changed
        self._report = report
        self._skip_redo = False

    def run(self) -> None:
        """Do the change for the first time; raises ``LibraryError`` when it is refused."""
        self.do()
        # QUndoStack.push calls redo once: the work is done already.
        self._skip_redo = True
        self._changed()

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._guarded(self.do)

    def undo(self) -> None:
        self._guarded(self.undo_change)

    def _guarded(self, action: Callable[[], None]) -> None:
        try:
            action()
        except LibraryError as error:
            self._report(str(error))
            self.setObsolete(True)
        self._changed()

    def do(self) -> None:
        raise NotImplementedError

    def undo_change(self) -> None:
        raise NotImplementedError


class CreateTag(VocabularyCommand):
    def __init__(self, library: Library, fields: TagFields, changed: Notify, report: Report) -> None:
        super().__init__(library, f"New \u201c{fields.label}\u201d", changed, report)
        self.fields = fields
        self.created: TagInfo | None = None
        self._removed: MergeResult | None = None

    def do(self) -> None:
        if self._removed is not None:  # redo after undo: the same tag, same id and slug
            self.created = tags.restore_tag(self.library, self._removed)
        else:
            self.created = tags.create_tag(self.library, self.fields)

    def undo_change(self) -> None:
        assert self.created is not None
        self._removed = tags.delete_tag(self.library, self.created.id)


class EditTag(VocabularyCommand):
    def __init__(self, library: Library, tag: TagInfo, after: TagFields, changed: Notify, report: Report,
                 text: str | None = None) -> None:
        super().__init__(library, text or f"Edit \u201c{tag.label}\u201d", changed, report)
        self.tag_id = tag.id
        self.before = tag.fields
        self.after = after

    def do(self) -> None:
        tags.update_tag(self.library, self.tag_id, self.after)

    def undo_change(self) -> None:
        tags.update_tag(self.library, self.tag_id, self.before)


class MergeTags(VocabularyCommand):
    """Merge ``source`` into ``target``; also a delete that moves the passages (``target`` given)."""

    def __init__(self, library: Library, source: TagInfo, target: TagInfo | None, changed: Notify,
                 report: Report, text: str | None = None) -> None:
        default = (f"Merge \u201c{source.label}\u201d into \u201c{target.label}\u201d" if target
                   else f"Delete \u201c{source.label}\u201d")
        super().__init__(library, text or default, changed, report)
        self.source_id = source.id
        self.target_id = target.id if target else None
        self.result: MergeResult | None = None

    def do(self) -> None:
        self.result = tags.delete_tag(self.library, self.source_id, move_passages_to=self.target_id)

    def undo_change(self) -> None:
        assert self.result is not None
        tags.restore_tag(self.library, self.result)


class ImportCodebook(VocabularyCommand):
    def __init__(self, library: Library, entries: list[Entry], source: str, changed: Notify, report: Report) -> None:
        super().__init__(library, f"Import codebook {source}", changed, report)
        self.entries = entries
        self.source = source
        self.result: CodebookImport | None = None

    def do(self) -> None:
        self.result = codebook.import_entries(self.library, self.entries, self.source)

    def undo_change(self) -> None:
        assert self.result is not None
        codebook.undo_import(self.library, self.result)
