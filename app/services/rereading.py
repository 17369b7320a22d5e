"""Reading a document's library copy again, in the sandbox (for re-detection, its own annotations)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from app.errors import LibraryError, NotFound
from app.library import Library
from app.pdf.sandbox import Sandbox
from app.store.models import Document

T = TypeVar("T")


def reread(library: Library, document_id: int, function: Callable[..., T], *args: object, timeout: float = 60.0) -> T:
    """``function(data, *args)`` on the bytes of the document's library copy, in a worker process."""
    with library.reading() as session:
        document = session.get(Document, document_id)
        if document is None:
            raise NotFound(f"Document #{document_id} is not in the library.")
        path = library.file_path(document.file_name)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LibraryError(f"The library's copy of this document cannot be read ({error.strerror}).") from error
    with Sandbox(workers=1, timeout=timeout) as sandbox:
        try:
            return sandbox.submit(function, data, *args).result()
        except BaseException as error:
            raise LibraryError(f"The document could not be read again: {sandbox.failure_reason(error)}.") from error
