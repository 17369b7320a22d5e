"""The ``rights-annotator`` command: with no command, the window, reached without loading the
command line's modules (the database layer and the export libraries take seconds to import).

It lives beside ``app`` and ``ui``, not in either: it is the one module that names both (the
import contract in pyproject.toml keeps the core from importing the window)."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    data_dir, rest = None, args
    if rest[:1] == ["--data-dir"] and len(rest) >= 2:
        data_dir, rest = rest[1], rest[2:]
    elif rest[:1] and rest[0].startswith("--data-dir="):
        data_dir, rest = rest[0].split("=", 1)[1], rest[1:]
    if rest:
        from app.cli import main as command_line  # noqa: PLC0415 - the command line's modules only for a command

        return command_line(args)
    gc.disable()  # until the window has painted (ui.main._collect_from_now says why)
    try:
        from ui.main import main as window  # noqa: PLC0415 - Qt only for the window
    except ImportError as error:
        gc.enable()
        print(f"rights-annotator: the window needs PySide6, which could not be loaded ({error}). "
              "The commands work without it: see --help.", file=sys.stderr)
        return 3
    return int(window(data_dir))


if __name__ == "__main__":
    sys.exit(main())
