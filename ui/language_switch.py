"""Document › Open in another language: the same report under its symbol in another language,
at the paragraph the reader is at (the chosen passage's, else the first on the page in view)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog

from app.errors import LibraryError
from app.services.language_versions import LanguageVersion, paragraph_on_page, paragraph_place, versions_of
from ui.context import WindowContext


def open_other_language(context: WindowContext, document_id: int, page_index: int, paragraph: str | None,
                        open_at: Callable[[int, int], None]) -> LanguageVersion | None:
    """Open the other version of ``document_id`` at ``paragraph`` (or the first paragraph of
    ``page_index``), asking which when there are several; says in the status bar what it did.
    ``open_at(document_id, page_index)`` shows a page of a document."""
    shell = context.shell
    try:
        versions = versions_of(context.library, document_id)
        if not versions:
            title = shell.document_title(document_id) or "this document"
            shell.show_status(f"No other language version of \u201c{title}\u201d is in the library "
                              "(a document with the same symbol in another language).", 10000)
            return None
        chosen = versions[0] if len(versions) == 1 else _choose(context, versions)
        if chosen is None:
            return None
        number = paragraph or paragraph_on_page(context.library, document_id, page_index)
        place = paragraph_place(context.library, chosen.document_id, number, page_index)
    except LibraryError as error:
        shell.show_status(str(error), 10000)
        return None
    open_at(chosen.document_id, place.page_index)
    if place.found:
        shell.show_status(f"{chosen.language_name.capitalize()} version, para. {number}, p. {place.page_index + 1}")
    elif number:
        shell.show_status(f"Para. {number} is not in the {chosen.language_name} version: opened at the same "
                          f"page, p. {place.page_index + 1}.", 10000)
    else:
        shell.show_status(f"{chosen.language_name.capitalize()} version, p. {place.page_index + 1}")
    return chosen


def _choose(context: WindowContext, versions: list[LanguageVersion]) -> LanguageVersion | None:
    names = [f"{v.language_name}: {v.title}" for v in versions]
    text, accepted = QInputDialog.getItem(context.window, "Open in another language", "Version:", names, 0, False)
    return versions[names.index(text)] if accepted and text in names else None
