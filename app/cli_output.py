"""How the command line prints: JSON for scripts, marked words for people."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def marked(text: str, spans: tuple[tuple[int, int], ...], bold: bool) -> str:
    """``text`` with the spans in bold on a terminal, else between brackets."""
    start, end = ("\033[1m", "\033[0m") if bold else ("[", "]")
    out, last = [], 0
    for begin, finish in spans:
        out += [text[last:begin], start, text[begin:finish], end]
        last = finish
    out.append(text[last:])
    return "".join(out)
