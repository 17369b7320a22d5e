"""What every benchmark shares: the result record, the timer, the table and the JSON file.

Standard library only: worker processes started by the app re-import ``bench.__main__``
(and so this module), and anything heavy here would be charged to the import being timed.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, overload

BENCH_DIR = Path(__file__).resolve().parent
CACHE_DIR = BENCH_DIR / ".cache"
RESULTS_PATH = BENCH_DIR / "results.json"

T = TypeVar("T")


@dataclass(frozen=True)
class Result:
    """One figure, with a baseline measured in the same run so machines compare fairly."""

    name: str
    value: float
    unit: str
    baseline: float
    target: float  # the largest acceptable value / baseline
    note: str = ""  # printed under the table only; not part of results.json

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("inf")

    @property
    def ok(self) -> bool:
        return self.ratio <= self.target

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "baseline": self.baseline,
            "ratio": self.ratio,
            "target": self.target,
        }


@overload
def sample_times(fn: Callable[[], object], repeat: int) -> list[float]: ...
@overload
def sample_times(
    fn: Callable[[T], object], repeat: int, setup: Callable[[], AbstractContextManager[T]]
) -> list[float]: ...
def sample_times(
    fn: Callable[..., object],
    repeat: int,
    setup: Callable[[], AbstractContextManager[Any]] | None = None,
) -> list[float]:
    """Seconds taken by each of ``repeat`` calls, in call order.

    With ``setup``, each call gets a fresh context (entered before the clock starts and
    left after it stops) and receives what it yields: preparation is not timed.
    """
    times: list[float] = []
    for _ in range(repeat):
        if setup is None:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
            continue
        with setup() as prepared:
            start = time.perf_counter()
            fn(prepared)
            times.append(time.perf_counter() - start)
    return times


@overload
def median_time(fn: Callable[[], object], repeat: int) -> float: ...
@overload
def median_time(
    fn: Callable[[T], object], repeat: int, setup: Callable[[], AbstractContextManager[T]]
) -> float: ...
def median_time(
    fn: Callable[..., object],
    repeat: int,
    setup: Callable[[], AbstractContextManager[Any]] | None = None,
) -> float:
    """Median seconds over ``repeat`` calls: robust to one slow run (cold caches, a busy CI box)."""
    if setup is None:
        return statistics.median(sample_times(fn, repeat))
    return statistics.median(sample_times(fn, repeat, setup))


def print_table(results: Sequence[Result]) -> None:
    headers = ("name", "value", "unit", "baseline", "ratio", "target", "")
    rows = [
        (
            r.name,
            f"{r.value:.4g}",
            r.unit,
            f"{r.baseline:.4g}",
            f"{r.ratio:.2f}",
            f"{r.target:.2f}",
            "OK" if r.ok else "OVER",
        )
        for r in results
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    numeric = {1, 3, 4, 5}
    for line in [headers, tuple("-" * w for w in widths), *rows]:
        cells = (
            cell.rjust(width) if index in numeric else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(line, widths))
        )
        print("  ".join(cells).rstrip())
    for r in results:
        if r.note:
            print(f"  note [{r.name}]: {r.note}")
    over = [r for r in results if not r.ok]
    if over:
        print()
        for r in over:
            print(f"OVER TARGET: {r.name} ratio {r.ratio:.2f} > {r.target:.2f}")
    elif results:
        print("\nAll ratios within target.")


def write_json(results: Iterable[Result], path: Path = RESULTS_PATH) -> None:
    path.write_text(json.dumps([r.as_json() for r in results], indent=2) + "\n", encoding="utf-8")


def cached_library(name: str, fill: Callable[[Path], None]) -> Path:
    """The library folder ``bench/.cache/<name>``: made once (the schema as the app makes it, then
    ``fill`` given its database file) and kept; one left half-made by an interrupted run is made again."""
    import shutil

    from app.library import Library  # here, not at the top: the app's workers import this module

    folder = CACHE_DIR / name
    if not (folder / "done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        with Library.open(folder):
            pass
        fill(folder / "library.sqlite3")
        (folder / "done").write_text("ok\n")
        print(f"  built {name} in {time.perf_counter() - started:.0f} s", flush=True)
    return folder


def settle(application: Any, seconds: float) -> None:
    """Let the window's event loop run for ``seconds``: what an open does after its first paint done."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        application.processEvents()
        time.sleep(0.005)


def seconds_to_paint(pages: Any, act: Callable[[], object], page: int | None = None) -> float | None:
    """Seconds from calling ``act`` to the paint of ``page`` by the window's page view (``pages``,
    with its ``page_painted`` signal), or of the first page painted with None; None when it does not
    come in 20 s. The clock stops in the paint itself: what the event loop does after it (nearby
    pages, the side panels) is not what the reader waits for. Qt is imported here, not at the top,
    for the reason this module gives."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    painted: list[float] = []

    def on_paint(index: int) -> None:
        if page in (index, None) and not painted:
            painted.append(time.perf_counter())
            loop.quit()

    pages.page_painted.connect(on_paint)
    limit = QTimer(singleShot=True, interval=20000)
    limit.timeout.connect(loop.quit)
    limit.start()
    start = time.perf_counter()
    act()
    if not painted:  # a page drawn already (from the image cache) is painted within ``act``
        loop.exec()
    limit.stop()
    pages.page_painted.disconnect(on_paint)
    return painted[0] - start if painted else None

