"""Recognised text (OCR) for pages without a usable text layer: the queue, its processing, and the
recognised text made a text layer like any other.

Import queues the pages whose text layer is missing or unreadable (:func:`queue_unreadable`);
:func:`process_queue` recognises them in worker processes (``app.pdf.sandbox``), one page per
transaction, so a page is searchable the moment it is stored and a killed run loses only the
pages in flight (their rows are taken again by the next run). A recognised page's text becomes
its ``page_texts`` text (the search index follows through its triggers), its words are kept in
``recognised_pages`` for selection and find (:func:`recognised_words`, through
``app.pdf.page_source``), and once a document has no page left waiting its paragraphs and page
labels are found again with the recognised text in.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from app.errors import LibraryError, NotFound
from app.infra.processes import process_alive
from app.library import Library
from app.pdf.extract import Extraction, PageInfo, complete
from app.pdf.recognise import Recognised, RecognitionUnavailable, native_pages, recognise_page, tessdata_for
from app.pdf.sandbox import Sandbox
from app.services.extracted import detected_fields, page_starts, paragraph_rows
from app.services.recommendations import found_in, store_found
from app.services.structure import paragraph_numbers
from app.store.models import (
    PAGE_SEPARATOR,
    Annotation,
    Document,
    DocumentLanguage,
    PageText,
    Paragraph,
    RecognisedPage,
    RecognitionJob,
)
from app.text.anchoring import locate
from app.text.page_numbers import printed_number
from app.text.paragraphs import page_layout
from app.text.recognised_text import LANGUAGES, guess_language, lines_of, page_words, usable
from app.text.selection import PageWords

# A page at 300 dpi takes a second or two; a huge or hostile one is stopped.
PAGE_TIMEOUT = 300.0
Progress = Callable[[int, int, str], None]  # done, total, what was just done
_CONTEXT = 32  # characters of context kept around a quote, as annotations keep them


@dataclass
class RecognitionReport:
    recognised: int = 0
    failed: list[str] = field(default_factory=list)  # "“Title” page 3: why"
    notes: list[str] = field(default_factory=list)  # "“Title” page 3: turned 90°": pages not read as they came
    documents: set[int] = field(default_factory=set)
    cancelled: bool = False


# --- The queue -----------------------------------------------------------------------


def queue_unreadable(session: Session, document_id: int, texts: list[str], hints: Iterable[str] = ()) -> int:
    """At import: queue the pages whose text is missing or garbage; returns how many.

    The document's language is guessed from the text it has (and ``hints``: its title...) and
    remembered; with too little text it is guessed from the first page recognised."""
    pages = [index for index, text in enumerate(texts) if not usable(text)]
    if not pages:
        return 0
    language = guess_language([text for text in texts if usable(text)] + list(hints))
    if language is not None:
        session.merge(DocumentLanguage(document_id=document_id, language=language, source="guessed"))
    session.execute(insert(RecognitionJob), [
        {"document_id": document_id, "page_index": index, "language": None, "state": "queued"} for index in pages
    ])
    return len(pages)


def queue_pages(library: Library, document_id: int, pages: Iterable[int] | None = None,
                language: str | None = None) -> int:
    """Queue pages to be recognised, or recognised again: ``pages``, else those without a usable text
    layer of their own (recognised before or not). ``language``, when given, is remembered as the
    document's (the user's choice). Returns how many are queued."""
    if language is not None and language not in LANGUAGES:
        raise LibraryError(f"Text can be recognised in {', '.join(LANGUAGES)}, not \u201c{language}\u201d.")
    with library.writing() as session:
        document = session.get(Document, document_id)
        if document is None:
            raise NotFound(f"Document #{document_id} is not in the library.")
        if pages is None:
            recognised = set(recognised_pages(session, document_id))
            texts = session.execute(select(PageText.page_index, PageText.text).where(
                PageText.document_id == document_id)).all()
            pages = recognised | {index for index, text in texts if not usable(text)}
        wanted = sorted(set(pages))
        outside = [page + 1 for page in wanted if not 0 <= page < document.page_count]
        if outside:
            raise LibraryError(f"The document has {document.page_count} pages; there is no page {outside[0]}.")
        if language is not None:
            session.merge(DocumentLanguage(document_id=document_id, language=language, source="user"))
        session.execute(delete(RecognitionJob).where(
            RecognitionJob.document_id == document_id, RecognitionJob.page_index.in_(wanted)))
        if wanted:
            session.execute(insert(RecognitionJob), [
                {"document_id": document_id, "page_index": page, "language": language, "state": "queued"}
                for page in wanted
            ])
        return len(wanted)


def set_language(library: Library, document_id: int, language: str) -> None:
    """The user's choice of a document's language; pages still waiting are recognised in it."""
    if language not in LANGUAGES:
        raise LibraryError(f"Text can be recognised in {', '.join(LANGUAGES)}, not \u201c{language}\u201d.")
    with library.writing() as session:
        session.merge(DocumentLanguage(document_id=document_id, language=language, source="user"))


def document_language(library: Library, document_id: int) -> tuple[str, str] | None:
    """(language, "guessed" or "user") of a document, or None when nothing has told it yet."""
    with library.reading() as session:
        row = session.get(DocumentLanguage, document_id)
        return None if row is None else (row.language, row.source)


def waiting(library: Library, document_id: int | None = None) -> int:
    """How many pages wait to be recognised (queued or taken by a run), in the library or one document."""
    with library.reading() as session:
        query = select(func.count()).select_from(RecognitionJob).where(RecognitionJob.state != "failed")
        if document_id is not None:
            query = query.where(RecognitionJob.document_id == document_id)
        return session.scalar(query) or 0


def failures(library: Library, document_id: int | None = None) -> list[tuple[int, int, str]]:
    """(document, page index, why) of the pages that could not be recognised."""
    with library.reading() as session:
        query = select(RecognitionJob.document_id, RecognitionJob.page_index, RecognitionJob.reason).where(
            RecognitionJob.state == "failed")
        if document_id is not None:
            query = query.where(RecognitionJob.document_id == document_id)
        return [(d, p, r or "") for d, p, r in session.execute(query.order_by(RecognitionJob.id))]


def recognised_counts(library: Library) -> dict[int, int]:
    """How many pages of each document have recognised text (documents with none left out)."""
    with library.reading() as session:
        rows = session.execute(select(RecognisedPage.document_id, func.count()).group_by(RecognisedPage.document_id))
        return {document_id: count for document_id, count in rows}


def release_abandoned(library: Library) -> int:
    """Put back in the queue the pages a run took and never finished (it was killed): their process is gone."""
    with library.reading() as session:
        taken = session.execute(select(RecognitionJob.id, RecognitionJob.worker).where(
            RecognitionJob.state == "running")).all()
    # This process's own rows are left over too: one process runs one queue at a time, and a pid of
    # a run killed before may have been given to this process since.
    gone = [row_id for row_id, worker in taken if worker is None or worker == os.getpid() or not process_alive(worker)]
    if gone:
        with library.writing() as session:
            session.execute(update(RecognitionJob).where(RecognitionJob.id.in_(gone), RecognitionJob.state == "running")
                            .values(state="queued", worker=None))
    return len(gone)


# --- The recognised text, read ---------------------------------------------------------


def recognised_words(library: Library, document_id: int) -> dict[int, PageWords]:
    """The words of a document's recognised pages, by page: what ``LayeredWords`` puts over the PDF's."""
    with library.reading() as session:
        rows = session.execute(select(RecognisedPage.page_index, RecognisedPage.words, RecognisedPage.text).where(
            RecognisedPage.document_id == document_id)).all()
    return {index: page_words(index, words, text) for index, words, text in rows}


def recognised_pages(session: Session, document_id: int) -> dict[int, str]:
    """The document's recognised pages, with the language each was recognised in."""
    return dict(session.execute(select(RecognisedPage.page_index, RecognisedPage.language).where(
        RecognisedPage.document_id == document_id)).all())


def from_recognised_text(session: Session, document_id: int, pages: Iterable[int | None]) -> bool:
    """Whether a passage on these pages was quoted from recognised text (to mark in citations and exports)."""
    wanted = [page for page in pages if page is not None]
    if not wanted:
        return False
    count = session.scalar(select(func.count()).select_from(RecognisedPage).where(
        RecognisedPage.document_id == document_id, RecognisedPage.page_index.in_(wanted)))
    return bool(count)


# --- Processing the queue ------------------------------------------------------------


@dataclass
class _Document:
    title: str
    path: str
    total: int  # pages of it this run means to recognise
    done: int = 0
    language: str | None = None
    in_flight: int = 0


def process_queue(
    library: Library,
    *,
    document_id: int | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    timeout: float = PAGE_TIMEOUT,
    recogniser: Callable[..., Recognised] = recognise_page,
    stored: Callable[[int, int], None] | None = None,
) -> RecognitionReport:
    """Recognise the pages waiting (of one document, or all), two workers at once by default.

    ``progress(done, total, "Recognising page 3 of 12 of “Title”")`` after each page; pages queued
    meanwhile (an import) are taken too. Cancelled (or interrupted: Ctrl+C), the pages in flight
    go back to the queue; those stored stay. ``stored(document, page)`` is called as each page is stored."""
    release_abandoned(library)
    report = RecognitionReport()
    documents: dict[int, _Document] = {}
    pending: dict[Future[Recognised], tuple[int, int, int]] = {}  # future: (job, document, page)
    sandbox: Sandbox | None = None
    structured: set[int] = set()
    done = 0
    try:
        while not cancelled():
            running = sandbox.workers if sandbox else workers or min(os.cpu_count() or 1, 2)
            jobs = _claim(library, document_id, documents, pending, 2 * running, running)
            if not jobs and not pending:
                break
            if jobs and sandbox is None:
                sandbox = Sandbox(workers=running, timeout=timeout)
            for job_id, doc_id, page_index, language in jobs:
                pending[sandbox.submit(recogniser, documents[doc_id].path, page_index, language)] = (  # type: ignore[union-attr]
                    job_id, doc_id, page_index)
                documents[doc_id].in_flight += 1
            if not pending:
                break
            finished, _ = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=lambda f: pending[f][0]):
                job_id, doc_id, page_index = pending.pop(future)
                state = documents[doc_id]
                state.in_flight -= 1
                state.done += 1
                state.total = max(state.total, state.done)
                done += 1
                try:
                    result = future.result()
                except BaseException as error:  # noqa: BLE001 - the worker's failure, its death or its time out
                    if cancelled():  # Ctrl+C reaches the workers too: not the page's fault
                        _release(library, [job_id])
                        report.cancelled = True
                        continue
                    reason = _failure(sandbox, error)  # type: ignore[arg-type]
                    _fail(library, job_id, reason)
                    report.failed.append(f"\u201c{state.title}\u201d page {page_index + 1}: {reason}")
                else:
                    if store_recognised(library, doc_id, result, job_id=job_id):
                        report.recognised += 1
                        report.documents.add(doc_id)
                        structured.discard(doc_id)
                        if stored is not None:
                            stored(doc_id, page_index)
                        state.language = state.language or result.language
                        if result.note:
                            report.notes.append(f"\u201c{state.title}\u201d page {page_index + 1}: {result.note}")
                if progress is not None:
                    total = sum(d.total for d in documents.values())
                    progress(done, total, f"Recognising page {state.done} of {state.total} of \u201c{state.title}\u201d")
                if state.in_flight == 0 and waiting(library, doc_id) == 0 and doc_id in report.documents:
                    _structure(library, doc_id, sandbox, report)
                    structured.add(doc_id)
    finally:
        for future in pending:
            future.cancel()
        if sandbox is not None:
            sandbox.close()
        if pending:  # taken but not finished: back in the queue for the next run
            _release(library, [job for job, _doc, _page in pending.values()])
            report.cancelled = True
    report.cancelled = report.cancelled or cancelled()
    # A document whose last pages were cancelled still gets its structure for what was recognised.
    for doc_id in sorted(report.documents - structured):
        _structure(library, doc_id, None, report)
    return report


def _structure(library: Library, document_id: int, sandbox: Sandbox | None, report: RecognitionReport) -> None:
    """:func:`refresh_structure`, a failure reported rather than ending the run (the text stays stored)."""
    try:
        refresh_structure(library, document_id, sandbox)
    except LibraryError as error:
        report.failed.append(f"document #{document_id}: its paragraphs could not be found again ({error})")


def _claim(library: Library, document_id: int | None, documents: dict[int, _Document],
           pending: Mapping[Future[Recognised], tuple[int, int, int]], room: int,
           guessing: int) -> list[tuple[int, int, int, str | None]]:
    """Take queued pages for this run: (job, document, page, language). A document whose language is
    not known yet has at most ``guessing`` pages in flight (one a worker), each guessing it, and the
    first done tells it for the others: a guess costs nearly a page's reading, and a worker left
    waiting for the first page costs a whole one."""
    room -= len(pending)
    if room <= 0:
        return []
    taken: list[tuple[int, int, int, str | None]] = []
    with library.writing() as session:
        query = select(RecognitionJob).where(RecognitionJob.state == "queued").order_by(RecognitionJob.id)
        if document_id is not None:
            query = query.where(RecognitionJob.document_id == document_id)
        for job in session.scalars(query.limit(room * 4)):
            state = documents.get(job.document_id)
            if state is None:
                document = session.get(Document, job.document_id)
                if document is None:
                    continue
                known = session.get(DocumentLanguage, job.document_id)
                state = documents[job.document_id] = _Document(
                    document.title, str(library.file_path(document.file_name)), 0,
                    language=known.language if known is not None else None)
                state.total = session.scalar(select(func.count()).select_from(RecognitionJob).where(
                    RecognitionJob.document_id == job.document_id, RecognitionJob.state == "queued")) or 0
            language = job.language or state.language
            if language is None and state.in_flight + sum(t[1] == job.document_id for t in taken) >= guessing:
                continue
            job.state, job.worker = "running", os.getpid()
            taken.append((job.id, job.document_id, job.page_index, language))
            if len(taken) >= room:
                break
    return taken


def _release(library: Library, job_ids: list[int]) -> None:
    try:
        with library.writing() as session:
            session.execute(update(RecognitionJob).where(RecognitionJob.id.in_(job_ids)).values(
                state="queued", worker=None))
    except LibraryError:
        pass  # the next run takes them back anyway: their process is gone by then


def _fail(library: Library, job_id: int, reason: str) -> None:
    with library.writing() as session:
        session.execute(update(RecognitionJob).where(RecognitionJob.id == job_id).values(
            state="failed", worker=None, reason=reason))


def _failure(sandbox: Sandbox, error: BaseException) -> str:
    if isinstance(error, RecognitionUnavailable):
        return str(error)
    return sandbox.failure_reason(error)


def store_recognised(library: Library, document_id: int, result: Recognised, *, job_id: int | None = None) -> bool:
    """Make ``result`` the page's text layer: its words kept, its text the page's (the index follows),
    the pages after it and their annotations moved by the change in length. False when the
    document or its queued page is gone meanwhile."""
    with library.writing() as session:
        if job_id is not None and session.get(RecognitionJob, job_id) is None:
            return False  # taken out of the queue meanwhile (the document was removed, or queued again)
        row = session.scalar(select(PageText).where(
            PageText.document_id == document_id, PageText.page_index == result.page_index))
        if row is None:
            return False
        if not result.text.strip() and not row.text.strip():
            # A blank page, or a picture without words: nothing recognised, nothing to keep.
            if job_id is not None:
                session.execute(delete(RecognitionJob).where(RecognitionJob.id == job_id))
            return False
        old_start, old_end = row.start_offset, row.start_offset + len(row.text)
        delta = len(result.text) - len(row.text)
        on_page = session.scalars(select(Annotation).where(
            Annotation.document_id == document_id, Annotation.start_offset.is_not(None),
            Annotation.start_offset >= old_start, Annotation.start_offset <= old_end)).all()
        row.text = result.text
        if delta:
            session.execute(update(PageText).where(
                PageText.document_id == document_id, PageText.page_index > result.page_index)
                .values(start_offset=PageText.start_offset + delta))
            session.execute(update(Annotation).where(
                Annotation.document_id == document_id, Annotation.start_offset > old_end)
                .values(start_offset=Annotation.start_offset + delta, end_offset=Annotation.end_offset + delta))
        session.flush()
        if on_page:
            _reanchor(session, document_id, on_page)
        existing = session.scalar(select(RecognisedPage).where(
            RecognisedPage.document_id == document_id, RecognisedPage.page_index == result.page_index))
        if existing is None:
            existing = RecognisedPage(document_id=document_id, page_index=result.page_index)
            session.add(existing)
        existing.language, existing.engine = result.language, result.engine
        existing.words, existing.text = result.words, result.text
        if session.get(DocumentLanguage, document_id) is None:
            session.add(DocumentLanguage(document_id=document_id, language=result.language, source="guessed"))
        if job_id is not None:
            session.execute(delete(RecognitionJob).where(RecognitionJob.id == job_id))
        document = session.get(Document, document_id)
        if document is not None:
            document.text_pages = session.scalar(select(func.count()).select_from(PageText).where(
                PageText.document_id == document_id, func.trim(PageText.text) != "")) or 0
    return True


def _reanchor(session: Session, document_id: int, annotations: Iterable[Annotation]) -> None:
    """Annotations on a page read again: their quote found in its new text, else left where they were."""
    text = PAGE_SEPARATOR.join(session.scalars(
        select(PageText.text).where(PageText.document_id == document_id).order_by(PageText.page_index)))
    for annotation in annotations:
        if annotation.kind == "area" or not annotation.quote:
            continue
        match = locate(text, annotation.quote, annotation.prefix, annotation.suffix, annotation.start_offset)
        if match is None:
            continue
        annotation.start_offset, annotation.end_offset = match.start, match.end
        annotation.prefix = text[max(0, match.start - _CONTEXT):match.start]
        annotation.suffix = text[match.end:match.end + _CONTEXT]


# --- Structure with the recognised text in --------------------------------------------


def refresh_structure(library: Library, document_id: int, sandbox: Sandbox | None = None) -> None:
    """Find the document's paragraphs and printed page labels again, recognised pages included, and
    the paragraphs its annotations lie in."""
    with library.reading() as session:
        document = session.get(Document, document_id)
        if document is None:
            return
        path = str(library.file_path(document.file_name))
        rows = session.execute(select(PageText.page_index, PageText.text, PageText.width, PageText.height)
                               .where(PageText.document_id == document_id).order_by(PageText.page_index)).all()
        recognised = {index: (words, text) for index, words, text in session.execute(
            select(RecognisedPage.page_index, RecognisedPage.words, RecognisedPage.text)
            .where(RecognisedPage.document_id == document_id))}
        stored_labels = document.page_labels
    native_text = any(usable(text) for index, text, _w, _h in rows if index not in recognised)
    if native_text:
        native, own_labels = _native(library, path, sandbox)
    else:
        # No page has text of its own, so labels stored at import are the PDF's, not printed numbers read.
        own_labels = stored_labels is not None
        native = [PageInfo("", (stored_labels[i] or None) if stored_labels and i < len(stored_labels) else None,
                           float(w), float(h)) for i, _t, w, h in rows]
    pages = []
    for index, text, width, height in rows:
        if index in recognised:
            words, recognised_text = recognised[index]
            lines = lines_of(words)
            pages.append(PageInfo(recognised_text, native[index].label if own_labels else None, float(width),
                                  float(height), page_layout(recognised_text, float(height), lines),
                                  (None, None) if own_labels else printed_number(recognised_text, float(height), lines)))
        else:
            page = native[index]
            pages.append(page if page.text == text else PageInfo(text, page.label, float(width), float(height)))
    extraction = complete(Extraction(None, None, None, None, {}, pages, own_labels, [], False), True)
    with library.writing() as session:
        document = session.get(Document, document_id)
        if document is None:
            return
        if not native_text:
            # Import found nothing to detect from: the recognised text may tell the title, the symbol,
            # the date... What it finds fills what the user has not corrected, and nothing is erased.
            for name, value in detected_fields(extraction, document.title, recognised=True).items():
                if value is not None and name not in document.user_fields:
                    setattr(document, name, value)
        session.execute(delete(Paragraph).where(Paragraph.document_id == document_id))
        if extraction.paragraphs:
            session.execute(insert(Paragraph), paragraph_rows(document_id, extraction))
        store_found(session, document_id, found_in(extraction), page_starts(extraction))
        if extraction.has_labels and not own_labels:
            labels = [page.label or "" for page in extraction.pages]
            document.page_labels = labels
            for row in session.scalars(select(PageText).where(PageText.document_id == document_id)):
                row.label = labels[row.page_index] or None
        session.flush()
        for annotation in session.scalars(select(Annotation).where(
                Annotation.document_id == document_id, Annotation.start_offset.is_not(None))):
            start = annotation.start_offset or 0
            annotation.paragraphs = paragraph_numbers(session, document_id, start, annotation.end_offset or start)


def _native(library: Library, path: str, sandbox: Sandbox | None) -> tuple[list[PageInfo], bool]:
    if sandbox is not None:
        try:
            return sandbox.submit(native_pages, path).result()
        except BaseException as error:
            raise LibraryError(f"The document could not be read again: {sandbox.failure_reason(error)}.") from error
    with Sandbox(workers=1) as own:
        try:
            return own.submit(native_pages, path).result()
        except BaseException as error:
            raise LibraryError(f"The document could not be read again: {own.failure_reason(error)}.") from error


def check_available(languages: Iterable[str] = LANGUAGES) -> str | None:
    """Why recognition cannot run here (its language data is missing), or None when it can."""
    try:
        for language in languages:
            tessdata_for(language)
    except RecognitionUnavailable as error:
        return str(error)
    return None
