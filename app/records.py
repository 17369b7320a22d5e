"""Plain frozen records that services hand to the UI and the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    sha256: str
    title: str
    kind: str
    reference: str | None
    publisher: str | None
    country: str | None
    published: str | None
    author: str | None
    page_count: int
    text_pages: int
    has_text_layer: bool
    encrypted: bool
    file_name: str
    file_size: int
    original_path: str | None
    added_at: datetime


@dataclass(frozen=True)
class OutlineEntry:
    level: int
    title: str
    page_index: int | None


@dataclass(frozen=True)
class DocumentDetails:
    info: DocumentInfo
    page_labels: tuple[str, ...] | None
    outline: tuple[OutlineEntry, ...]
    pdf_created: str | None
    pdf_modified: str | None
    metadata: dict[str, str] = field(default_factory=dict)
    source_url: str | None = None
    # Fields the user corrected, which detection leaves alone.
    corrected: tuple[str, ...] = ()
    paragraph_count: int = 0
    visit_start: str | None = None
    visit_end: str | None = None

    def page_label(self, page_index: int) -> str:
        """What the reader sees printed on the page: its label when the PDF has one, else its number."""
        if self.page_labels and 0 <= page_index < len(self.page_labels) and self.page_labels[page_index]:
            return self.page_labels[page_index]
        return str(page_index + 1)


ImportStatus = Literal["imported", "present", "failed"]


def printable_path(path: str) -> str:
    """``path`` as text that can always be printed or stored: bytes that are not UTF-8 show as ``\\xe9``."""
    # A name the file system gave as bytes comes back as lone surrogates (PEP 383), which
    # neither a UTF-8 terminal nor SQLite accepts; the real name is kept for opening the file.
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "backslashreplace")
    return raw.decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class ImportOutcome:
    path: str
    status: ImportStatus
    document: DocumentInfo | None = None
    reason: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def shown_path(self) -> str:
        return printable_path(self.path)

    @property
    def message(self) -> str:
        if self.status == "failed":
            return f"{self.shown_path}: {self.reason}"
        assert self.document is not None
        verb = "imported" if self.status == "imported" else "already in the library"
        return f"{self.shown_path}: {verb} as #{self.document.id} \u201c{self.document.title}\u201d"


@dataclass(frozen=True)
class TextHit:
    """A page whose text matches a search; ``highlights`` are (start, end) spans in ``snippet``."""

    document_id: int
    document_title: str
    page_index: int
    page_label: str
    snippet: str
    highlights: tuple[tuple[int, int], ...]
