"""Stand-ins for a PDF parser that crashes, hangs or runs out of memory, run in the sandbox."""

from __future__ import annotations

import os
import signal
import time


def crash(_data: bytes, _password: str | None, **_parts: int) -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def hang(_data: bytes, _password: str | None, **_parts: int) -> None:
    time.sleep(3600)


def exhaust_memory(_data: bytes, _password: str | None, **_parts: int) -> None:
    raise MemoryError


def crash_on_marked(data: bytes, password: str | None, **parts: int):
    """The real parser, except that it dies on files whose title says CRASH-ME."""
    from app.pdf.extract import extract

    if b"CRASH-ME" in data:
        crash(data, password)
    return extract(data, password, **parts)


def recognise_or_hang(path: str, page_index: int, language: str | None, *args: object, **kwargs: object):
    """Recognition as the queue runs it, except that it never ends on the second page."""
    from app.pdf.recognise import recognise_page

    if page_index == 1:
        time.sleep(3600)
    return recognise_page(path, page_index, language, *args, **kwargs)  # type: ignore[arg-type]


def recognise_or_crash(path: str, page_index: int, language: str | None, *args: object, **kwargs: object):
    """Recognition as the queue runs it, except that the engine dies on the first page."""
    from app.pdf.recognise import recognise_page

    if page_index == 0:
        os.kill(os.getpid(), signal.SIGSEGV)
    return recognise_page(path, page_index, language, *args, **kwargs)  # type: ignore[arg-type]


def recognise_and_tell(path: str, page_index: int, language: str | None, *args: object, **kwargs: object):
    """Recognition as the queue runs it, each page's language as it was asked noted in ``path``.calls."""
    from app.pdf.recognise import recognise_page

    with open(f"{path}.calls", "a", encoding="utf-8") as calls:
        calls.write(f"{page_index} {language}\n")
    return recognise_page(path, page_index, language, *args, **kwargs)  # type: ignore[arg-type]
