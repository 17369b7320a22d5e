"""What the viewer needs from the library: page sizes and labels (layout without the PDF), the
file to open, and putting back a library file that went missing."""

from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.errors import LibraryError, NotFound
from app.library import Library
from app.records import DocumentInfo, OutlineEntry
from app.services.documents import document_info
from app.store.models import Document, PageText


@dataclass(frozen=True)
class PageGeometry:
    width: float  # PDF points, after the page's rotation
    height: float
    label: str  # what is printed on the page: its label, else its number
    start_offset: int  # where its text starts in the document's text


@dataclass(frozen=True)
class DocumentView:
    info: DocumentInfo
    pages: tuple[PageGeometry, ...]
    outline: tuple[OutlineEntry, ...]
    path: Path

    @property
    def file_present(self) -> bool:
        return self.path.is_file()

    @functools.cached_property
    def page_starts(self) -> tuple[int, ...]:
        return tuple(page.start_offset for page in self.pages)

    def page_label(self, page_index: int) -> str:
        return self.pages[page_index].label


class FileMismatch(LibraryError):
    """The file offered in place of a missing one holds other bytes."""


def open_view(library: Library, document_id: int, info: DocumentInfo | None = None) -> DocumentView:
    """Everything to lay out a document's pages, read without opening the PDF.

    ``info``, when the caller has it already (the library list does), spares reading the
    document's whole row: this is on the path between a click and the first page.
    """
    with library.reading() as session:
        if info is None or info.id != document_id:
            document = session.get(Document, document_id)
            if document is None:
                raise NotFound(f"Document #{document_id} is not in the library.")
            info = document_info(document)
            stored_outline = document.outline
        else:
            stored_outline = session.scalar(select(Document.outline).where(Document.id == document_id))
            if stored_outline is None:
                raise NotFound(f"Document #{document_id} is not in the library.")
        rows = session.execute(
            select(PageText.width, PageText.height, PageText.label, PageText.start_offset)
            .where(PageText.document_id == document_id)
            .order_by(PageText.page_index)
        ).all()
        outline = tuple(OutlineEntry(level, title, page) for level, title, page in stored_outline)
    pages = tuple(
        PageGeometry(float(width), float(height), label or str(index + 1), start)
        for index, (width, height, label, start) in enumerate(rows)
    )
    return DocumentView(info=info, pages=pages, outline=outline, path=library.file_path(info.file_name))


def page_text(library: Library, document_id: int, page_index: int) -> str:
    with library.reading() as session:
        text = session.scalar(
            select(PageText.text).where(PageText.document_id == document_id, PageText.page_index == page_index)
        )
    if text is None:
        raise NotFound(f"Page {page_index + 1} of document #{document_id} is not in the library.")
    return text


def page_for(view: DocumentView, wanted: str) -> int | None:
    """The page a reader means by ``wanted``: its printed label first ("iv", "12"), else its number."""
    wanted = wanted.strip()
    if not wanted:
        return None
    for index, page in enumerate(view.pages):
        if page.label.casefold() == wanted.casefold():
            return index
    if re.fullmatch(r"#?\d+", wanted):
        number = int(wanted.lstrip("#"))
        if 1 <= number <= len(view.pages):
            return number - 1
    return None


def relink_file(library: Library, document_id: int, candidate: str | os.PathLike[str]) -> DocumentInfo:
    """Put a copy of ``candidate`` back as the library's file of a document whose file went missing.

    Only the very same bytes are accepted (same SHA-256): annotations point into them.
    """
    with library.reading() as session:
        document = session.get(Document, document_id)
        if document is None:
            raise NotFound(f"Document #{document_id} is not in the library.")
        info = document_info(document)
    source = Path(candidate)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise LibraryError(f"{source} cannot be read: {error.strerror or error}") from error
    if hashlib.sha256(data).hexdigest() != info.sha256:
        raise FileMismatch(
            f"{source.name} is not the same file as \u201c{info.title}\u201d: its contents differ. "
            "Choose the file that was imported, or import this one as a new document."
        )
    target = library.file_path(info.file_name)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        partial.write_bytes(data)
        partial.chmod(0o444)
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise LibraryError(f"Could not copy {source.name} into the library: {error.strerror or error}") from error
    return info
