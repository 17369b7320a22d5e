"""How the command line prints: JSON for scripts, marked words for people.

Everything printed for people goes through :func:`say`, which shows control and bidi
characters from the library or a PDF as escapes (see app.text.display_text), so no note or
title can move the cursor, retitle the terminal, hide a link or reverse a line.
"""

from __future__ import annotations

import json
import sys
from typing import IO, Any

from app.text.display_text import UNSAFE, visible

BOLD, PLAIN = "\033[1m", "\033[0m"


def print_json(data: Any) -> None:
    """JSON with non-ASCII letters as they are; json escapes C0 controls itself, and DEL, C1,
    bidi controls and separators are escaped here too (``\\u202e``), still the same strings."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write(UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text))
    sys.stdout.write("\n")


def say(text: str, *, spans: tuple[tuple[int, int], ...] = (), bold: bool = False, indent: str = "",
        file: IO[str] | None = None) -> None:
    """Print text for people, safe to show, after ``indent``; ``spans`` of it in bold (or between brackets)."""
    print(indent + marked(text, spans, bold), file=file if file is not None else sys.stdout)


def marked(text: str, spans: tuple[tuple[int, int], ...], bold: bool) -> str:
    """``text`` made visible, with the spans in bold on a terminal, else between brackets.

    Each piece is made visible alone, so the spans still fall on the text they were found in
    and only the bold codes written here reach the terminal."""
    start, end = (BOLD, PLAIN) if bold else ("[", "]")
    out, last = [], 0
    for begin, finish in spans:
        out += [visible(text[last:begin]), start, visible(text[begin:finish]), end]
        last = finish
    out.append(visible(text[last:]))
    return "".join(out)
