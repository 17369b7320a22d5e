"""Making, editing and removing a link between two passages, each as one undoable step; and the links
the app offers (a government's replies to the report's recommendations, recommendations repeating
earlier ones) made as one step however many they are, by :mod:`app.services.passage_links`.

Every step reports the annotations at both ends (``LinkEdit.ends``), so the window showing
either end refreshes its list of links and the marks on its pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType

from app.changes import LibraryChange
from app.library import Library
from app.services import links, passage_links
from ui.undo import UndoableEdit


def link_change(edit: links.LinkEdit) -> LibraryChange:
    """The annotations at both ends of the link just made, edited or removed."""
    return LibraryChange(annotations=MappingProxyType(dict(edit.ends)))


class CreateLink(UndoableEdit):
    """Undo removes the link; redo makes the same link again, under the same uuid."""

    def __init__(self, library: Library, source_uuid: str, target_uuid: str, kind: str, note: str = "") -> None:
        super().__init__(library, f"Link: {' '.join(kind.split())[:40]}")
        self.source_uuid, self.target_uuid, self.kind, self.note = source_uuid, target_uuid, kind, note
        self.made: links.Link | None = None

    def do(self) -> LibraryChange:
        edit = links.create_link(self.library, self.source_uuid, self.target_uuid, self.kind, self.note,
                                 link_uuid=self.made.uuid if self.made is not None else None)
        self.made = edit.link
        return link_change(edit)

    def undo_change(self) -> LibraryChange:
        assert self.made is not None, "undone only after it was done"
        return link_change(links.delete_link(self.library, self.made.uuid))


class EditLink(UndoableEdit):
    """A new kind or note; undo puts back the ones it had."""

    def __init__(self, library: Library, before: links.Link, kind: str, note: str) -> None:
        super().__init__(library, "Edit link")
        self.before, self.kind, self.note = before, kind, note

    def do(self) -> LibraryChange:
        return link_change(links.edit_link(self.library, self.before.uuid, kind=self.kind, note=self.note))

    def undo_change(self) -> LibraryChange:
        return link_change(links.edit_link(self.library, self.before.uuid, kind=self.before.kind,
                                           note=self.before.note))


class DeleteLink(UndoableEdit):
    """Undo makes the same link again: same uuid, ends, kind and note."""

    def __init__(self, library: Library, before: links.Link) -> None:
        super().__init__(library, "Remove link")
        self.before = before

    def do(self) -> LibraryChange:
        return link_change(links.delete_link(self.library, self.before.uuid))

    def undo_change(self) -> LibraryChange:
        before = self.before
        return link_change(links.create_link(self.library, before.source_uuid, before.target_uuid, before.kind,
                                             before.note, link_uuid=before.uuid))


class MakeLinks(UndoableEdit):
    """Undo takes back the links and the passages it made; redo makes them again under the same names."""

    def __init__(self, library: Library, text: str, wanted: Sequence[passage_links.Wanted]) -> None:
        super().__init__(library, text)
        self.wanted = tuple(wanted)
        self.linked: passage_links.Linked | None = None

    def do(self) -> LibraryChange:
        names = self.linked.names if self.linked is not None else ()
        self.linked = passage_links.link(self.library, self.wanted, names)
        return _made_change(self.linked)

    def undo_change(self) -> LibraryChange:
        assert self.linked is not None
        passage_links.withdraw(self.library, self.linked)
        return _made_change(self.linked)


def _made_change(linked: passage_links.Linked) -> LibraryChange:
    # The documents too: a recommendation given a passage is read again by the Recommendations view.
    return LibraryChange(documents=frozenset(linked.annotations), annotations=MappingProxyType(dict(linked.annotations)))
