"""Run the benchmarks: ``python -m bench [name ...]`` from the project root.

Prints a table and writes ``bench/results.json``. Exits 0 even when a ratio is over its
target (benchmarks report, they do not fail the build); exits 1 only when a benchmark
itself crashed, since then there is no figure to report.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback

from bench.common import Result, print_table, write_json

# Module names under bench/, each with ``run() -> list[Result]``. Imported only when run:
# the app's worker processes re-import this module, and must not pay for the app's imports.
BENCHMARKS: list[str] = [
    "import_300_pages",
    "structure_300_pages",
    "recommendations_300_pages",
    "first_page_300",
    "follow_link_300",
    "scroll_1000_peak_mb",
    "startup",
    "search_100k",
    "pg_search_100k",
    "search_ui_latency",
    "vocabulary_load",
    "annotating",
    "export_csv_100k",
    "export_docx_10k",
    "reindex_folded",
    "ocr_30_pages",
    "recommendations_10k",
    "align_response",
]
# Run only when named (``make bench-big``, ``make bench-team``): minutes each.
NAMED_ONLY: list[str] = ["big_library", "pg_team_20", "pg_big_library"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    known = BENCHMARKS + NAMED_ONLY
    parser.add_argument("names", nargs="*", metavar="name", help=f"one of: {', '.join(known)}")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in known]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; known: {', '.join(known)}")

    results: list[Result] = []
    crashed: list[str] = []
    for name in args.names or BENCHMARKS:
        print(f"running {name} ...", flush=True)
        try:
            results.extend(importlib.import_module(f"bench.{name}").run())
        except Exception:  # noqa: BLE001 - one benchmark's crash is reported, the others still run
            traceback.print_exc()
            crashed.append(name)
    print()
    print_table(results)
    write_json(results)
    if crashed:
        print(f"\nCRASHED (no figure): {', '.join(crashed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
