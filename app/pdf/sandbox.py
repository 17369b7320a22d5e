"""Run PDF parsing in worker processes, so a crash or a hang in MuPDF costs one file, not the app."""

from __future__ import annotations

import multiprocessing
import os
import resource
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool

from app.pdf.extract import ExtractError

T = TypeVar("T")

DEFAULT_TIMEOUT = 60.0
# Far above what a real report needs; a hostile file that asks for more fails cleanly.
MEMORY_LIMIT = 4 * 1024**3


class Sandbox:
    """A pool of PDF workers; each job is bounded in time and memory."""

    def __init__(self, workers: int | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self.workers = max(1, workers or os.cpu_count() or 1)
        # forkserver: workers never inherit the threads of a running Qt app, and start
        # quickly because the server has already imported PyMuPDF.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["app.pdf.extract"])
        self._pool = ProcessPool(
            max_workers=self.workers,
            initializer=_limit_memory,
            initargs=(MEMORY_LIMIT,),
            context=context,
        )

    def submit(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
        return self._pool.schedule(function, args=args, kwargs=kwargs, timeout=self.timeout)

    def close(self) -> None:
        self._pool.stop()
        self._pool.join()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def failure_reason(self, error: BaseException) -> str:
        """Why a job failed, in words for the user."""
        if isinstance(error, ExtractError):
            return str(error)
        if isinstance(error, TimeoutError):
            return f"reading it took longer than {self.timeout:g} s; it was stopped"
        if isinstance(error, ProcessExpired):
            return "the PDF reader crashed on it"
        if isinstance(error, MemoryError):
            return "reading it needed too much memory"
        return f"it could not be read ({type(error).__name__}: {' '.join(str(error).split())[:160]})"


def _limit_memory(limit: int) -> None:
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass
