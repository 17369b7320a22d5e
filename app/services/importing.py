"""Import PDFs into a library: all or nothing per file, untrusted parsing kept in a sandbox."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select

from app.errors import LibraryUnavailable
from app.infra.durable import place_file
from app.infra.processes import process_alive
from app.library import Library
from app.pdf.extract import Extraction, extract, merge
from app.pdf.sandbox import DEFAULT_TIMEOUT, Sandbox
from app.records import DocumentInfo, ImportOutcome, printable_path
from app.services.documents import document_info
from app.services.extracted import detected_fields, page_rows, page_starts, paragraph_rows
from app.services.pdf_annotations import skipped_warning, store_imported
from app.services.recognition import queue_unreadable
from app.services.recommendations import found_in, store_found
from app.services.shared_titles import retitle, sharing_documents, titled_from_metadata
from app.store.models import Document, PageText, Paragraph

CANCELLED = "not imported: the import was cancelled"

Progress = Callable[[int, int, ImportOutcome], None]
Extractor = Callable[..., Extraction]  # (data, password, part=0, parts=1), as app.pdf.extract.extract


# Files at least this large are read by two workers at once, each taking every other page.
SPLIT_BYTES = 256 * 1024


@dataclass
class _Job:
    index: int
    path: Path
    data: bytes
    sha256: str
    parts: list[Extraction | None] = field(default_factory=list)
    failed: bool = False


def import_paths(
    library: Library,
    paths: Iterable[str | os.PathLike[str]],
    *,
    password: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    extractor: Extractor = extract,
) -> list[ImportOutcome]:
    """Import every PDF named by ``paths`` (folders are searched recursively).

    Returns one outcome per file, in the order found. ``progress(done, total, outcome)``
    is called as each file is settled; ``cancelled()`` is polled between files.
    """
    sweep_part_files(library.files_dir)
    targets = list(_expand(paths))
    total = len(targets)
    outcomes: list[ImportOutcome | None] = [None] * total
    done = 0

    def settle(index: int, outcome: ImportOutcome) -> None:
        nonlocal done
        outcomes[index] = outcome
        done += 1
        if progress is not None:
            progress(done, total, outcome)

    known = _known_hashes(library)
    first_of_hash: dict[str, int] = {}
    duplicates: list[tuple[int, str, int]] = []
    sandbox: Sandbox | None = None
    pending: dict[Future[Extraction], tuple[_Job, int]] = {}
    # Documents already in the library whose metadata title turned out to be shared.
    shared: set[int] = set()
    try:
        for index, target in enumerate(targets):
            if cancelled():
                break
            if isinstance(target, ImportOutcome):
                settle(index, target)
                continue
            read = _read(target)
            if isinstance(read, str):
                settle(index, ImportOutcome(str(target), "failed", reason=read))
                continue
            sha256 = hashlib.sha256(read).hexdigest()
            if sha256 in known:
                settle(index, ImportOutcome(str(target), "present", document=known[sha256]))
                continue
            if sha256 in first_of_hash:
                duplicates.append((index, str(target), first_of_hash[sha256]))
                continue
            first_of_hash[sha256] = index
            if sandbox is None:
                # No more workers than files need (a long file keeps two busy): each is a process start.
                wanted = total - index + (1 if len(read) >= SPLIT_BYTES else 0)
                sandbox = Sandbox(workers=workers or min(os.cpu_count() or 1, wanted), timeout=timeout)
            job = _Job(index, target, read, sha256)
            parts = 2 if len(read) >= SPLIT_BYTES and sandbox.workers > 1 else 1
            job.parts = [None] * parts
            try:
                for part in range(parts):
                    pending[sandbox.submit(extractor, read, password, part=part, parts=parts)] = (job, part)
            except Exception as error:  # the pool itself failed: report it, keep the batch going
                settle(index, ImportOutcome(str(target), "failed", reason=sandbox.failure_reason(error)))
                continue
            # Keep a few files in flight, not the whole batch in memory.
            while len(pending) >= 2 * sandbox.workers and not cancelled():
                _settle_finished(library, sandbox, pending, settle, shared)
        while pending and not cancelled():
            _settle_finished(library, sandbox, pending, settle, shared)
    finally:
        for future in pending:
            future.cancel()
        if sandbox is not None:
            sandbox.close()
    for document_id in sorted(shared):
        if cancelled():
            break
        retitle(library, document_id, password=password, timeout=timeout)

    for index, path, original in duplicates:
        first = outcomes[original]
        if first is not None and first.document is not None:
            settle(index, ImportOutcome(path, "present", document=first.document))
        else:
            settle(index, ImportOutcome(path, "failed", reason=first.reason if first else CANCELLED))
    for index, target in enumerate(targets):
        if outcomes[index] is None:
            settle(index, ImportOutcome(str(target), "failed", reason=CANCELLED))
    return [outcome for outcome in outcomes if outcome is not None]


def _settle_finished(
    library: Library,
    sandbox: Sandbox,
    pending: dict[Future[Extraction], tuple[_Job, int]],
    settle: Callable[[int, ImportOutcome], None],
    shared: set[int],
) -> None:
    """Store what the workers have finished; returns after a short wait so cancelling is prompt.

    Adds to ``shared`` the documents to title again, their metadata title being another's too."""
    finished, _ = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
    for future in sorted(finished, key=lambda f: pending[f][0].index):
        job, part = pending.pop(future)
        if job.failed:
            continue  # another part of it failed, and it was reported then
        path = str(job.path)
        try:
            extraction = future.result()
        except BaseException as error:  # anything the worker raised, or its death
            job.failed = True
            for other in [f for f, (j, _part) in pending.items() if j is job]:
                other.cancel()
            settle(job.index, ImportOutcome(path, "failed", reason=sandbox.failure_reason(error)))
            continue
        job.parts[part] = extraction
        if any(part is None for part in job.parts):
            continue  # the other worker is still reading its pages
        whole = job.parts[0] if len(job.parts) == 1 else merge(job.parts)  # type: ignore[arg-type]
        try:
            outcome = _store(library, job, whole, shared)
        except LibraryUnavailable as error:
            outcome = ImportOutcome(path, "failed", reason=str(error))
        except OSError as error:
            outcome = ImportOutcome(
                path, "failed", reason=f"could not be copied into the library: {error.strerror or error}"
            )
        settle(job.index, outcome)


def _expand(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | ImportOutcome]:
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = sorted(_pdfs_under(path))
            if not found:
                yield ImportOutcome(str(path), "failed", reason="the folder holds no PDF files")
            yield from found
        elif path.exists():
            yield path
        else:
            yield ImportOutcome(str(path), "failed", reason="no such file or folder")


def _pdfs_under(folder: Path) -> Iterator[Path]:
    # os.walk does not follow symbolic links, so a link loop cannot trap the import.
    for directory, _dirs, files in os.walk(folder):
        for name in files:
            if name.lower().endswith(".pdf"):
                yield Path(directory, name)


def _read(path: Path) -> bytes | str:
    """The file's bytes, or why they cannot be had."""
    try:
        data = path.read_bytes()
    except PermissionError:
        return "cannot be read: permission denied"
    except OSError as error:
        return f"cannot be read: {error.strerror or error}"
    if not data:
        return "empty file (0 bytes)"
    return data


def _known_hashes(library: Library) -> dict[str, DocumentInfo]:
    with library.reading() as session:
        return {document.sha256: document_info(document) for document in session.scalars(select(Document))}


def _store(library: Library, job: _Job, extraction: Extraction, shared: set[int]) -> ImportOutcome:
    """Copy the file in and write its rows in one transaction; undo the copy if the rows fail."""
    file_name = f"{job.sha256}.pdf"
    copied = place_file(library.file_path(file_name), job.data, job.sha256)
    try:
        with library.writing() as session:
            existing = session.scalar(select(Document).where(Document.sha256 == job.sha256))
            if existing is not None:  # imported meanwhile by another window or process
                return ImportOutcome(str(job.path), "present", document=document_info(existing))
            sharing = sharing_documents(session, job.sha256, extraction.metadata)
            document = _document(job, extraction, file_name, title_shared=bool(sharing))
            session.add(document)
            session.flush()
            library.share_file(session, job.sha256, job.data)
            session.execute(insert(PageText), list(page_rows(document.id, extraction)))
            if extraction.paragraphs:
                # Into the table directly: the ORM's bulk path would only add per-row work.
                session.execute(insert(Paragraph.__table__), paragraph_rows(document.id, extraction))
                store_found(session, document.id, found_in(extraction), page_starts(extraction))
            texts = [page.text for page in extraction.pages]
            # Pages without a usable text layer (a scan, a font without a Unicode map) wait for recognition.
            queue_unreadable(session, document.id, texts, hints=[document.title])
            if extraction.annotations:
                store_imported(session, document, texts, page_starts(extraction), extraction.annotations)
            info = document_info(document)
            earlier = titled_from_metadata(sharing)
    except BaseException:
        if copied:
            library.file_path(file_name).unlink(missing_ok=True)
        raise
    shared.update(earlier)
    warnings = tuple(extraction.warnings) + skipped_warning(extraction.annotations)
    return ImportOutcome(str(job.path), "imported", document=info, warnings=warnings)


def sweep_part_files(folder: Path) -> list[Path]:
    """Remove the part-written copies :func:`place_file` left when its process was killed.

    A part file names the process that wrote it; one whose process is gone can never be finished.
    """
    swept = []
    try:
        entries = [entry for entry in os.scandir(folder) if entry.name.startswith(".") and entry.name.endswith(".part")]
    except OSError:
        return swept
    for entry in entries:
        pid = entry.name.rsplit(".", 2)[-2]
        if pid.isdigit() and not process_alive(int(pid)):
            Path(entry.path).unlink(missing_ok=True)
            swept.append(Path(entry.path))
    return swept


def _document(job: _Job, extraction: Extraction, file_name: str, *, title_shared: bool) -> Document:
    text_pages = extraction.text_pages
    return Document(
        sha256=job.sha256,
        **detected_fields(extraction, printable_path(job.path.stem), title_shared=title_shared),
        pdf_created=extraction.created,
        pdf_modified=extraction.modified,
        pdf_metadata=extraction.metadata,
        page_count=len(extraction.pages),
        page_labels=[page.label or "" for page in extraction.pages] if extraction.has_labels else None,
        outline=extraction.outline,
        text_pages=text_pages,
        has_text_layer=text_pages > 0,
        encrypted=extraction.encrypted,
        file_name=file_name,
        file_size=len(job.data),
        original_path=printable_path(str(job.path.resolve())),
    )
