"""Undoable vocabulary edits: each command calls a vocabulary service and nothing else.

Every one of them changes what the vocabulary shows and, through the tags on each row, what the
annotation views show: each reports ``LibraryChange(vocabulary=True)``.
"""

from __future__ import annotations

from app.changes import LibraryChange
from app.library import Library
from app.vocabulary import codebook, tags
from app.vocabulary.codebook import Entry
from app.vocabulary.records import CodebookImport, MergeResult, TagFields, TagInfo
from ui.undo import UndoableEdit

VOCABULARY = LibraryChange(vocabulary=True)


class VocabularyCommand(UndoableEdit):
    def do(self) -> LibraryChange:
        self.change()
        return VOCABULARY

    def undo_change(self) -> LibraryChange:
        self.revert()
        return VOCABULARY

    def change(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class CreateTag(VocabularyCommand):
    def __init__(self, library: Library, fields: TagFields) -> None:
        super().__init__(library, f"New \u201c{fields.label}\u201d")
        self.fields = fields
        self.created: TagInfo | None = None
        self._removed: MergeResult | None = None

    def change(self) -> None:
        if self._removed is not None:  # redo after undo: the same tag, same id and slug
            self.created = tags.restore_tag(self.library, self._removed)
        else:
            self.created = tags.create_tag(self.library, self.fields)

    def revert(self) -> None:
        assert self.created is not None
        self._removed = tags.delete_tag(self.library, self.created.id)


class EditTag(VocabularyCommand):
    def __init__(self, library: Library, tag: TagInfo, after: TagFields,
                 text: str | None = None) -> None:
        super().__init__(library, text or f"Edit \u201c{tag.label}\u201d")
        self.tag_id = tag.id
        self.before = tag.fields
        self.after = after

    def change(self) -> None:
        tags.update_tag(self.library, self.tag_id, self.after)

    def revert(self) -> None:
        tags.update_tag(self.library, self.tag_id, self.before)


class MergeTags(VocabularyCommand):
    """Merge ``source`` into ``target``; also a delete that moves the passages (``target`` given)."""

    def __init__(self, library: Library, source: TagInfo, target: TagInfo | None, text: str | None = None) -> None:
        default = (f"Merge \u201c{source.label}\u201d into \u201c{target.label}\u201d" if target
                   else f"Delete \u201c{source.label}\u201d")
        super().__init__(library, text or default)
        self.source_id = source.id
        self.target_id = target.id if target else None
        self.result: MergeResult | None = None

    def change(self) -> None:
        self.result = tags.delete_tag(self.library, self.source_id, move_passages_to=self.target_id)

    def revert(self) -> None:
        assert self.result is not None
        tags.restore_tag(self.library, self.result)


class ImportCodebook(VocabularyCommand):
    def __init__(self, library: Library, entries: list[Entry], source: str) -> None:
        super().__init__(library, f"Import codebook {source}")
        self.entries = entries
        self.source = source
        self.result: CodebookImport | None = None

    def change(self) -> None:
        self.result = codebook.import_entries(self.library, self.entries, self.source)

    def revert(self) -> None:
        assert self.result is not None
        codebook.undo_import(self.library, self.result)
