"""Text from a library or a PDF, made safe to show: what could steer a terminal or hide text is shown as an escape.

A note, a title or a link's address may hold terminal escape codes (``ESC [``, OSC 8
hyperlinks, a bell, backspaces, carriage returns, C1 controls) or bidi controls such as
U+202E RIGHT-TO-LEFT OVERRIDE, which make text read differently from what it is. Every
place that shows such text to a person goes through :func:`visible`, so there is one rule
of what is shown as an escape (``\\x1b``, ``\\u202e``). Letters of every script stay as they are.
"""

from __future__ import annotations

import re
import unicodedata

# Bidi controls: marks, embeddings, overrides and isolates, which reorder the text around them.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Line and paragraph separators break lines as a newline does, unseen in the text.
_SEPARATORS = "\u2028\u2029"
# C0 (but newline and tab, which lay text out), DEL, C1, bidi, separators, and lone surrogates
# (which cannot even be written out as UTF-8).
UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}\ud800-\udfff]")


def visible(text: str, *, strict: bool = False) -> str:
    """``text`` with control, bidi and line-separating characters written as escapes.

    ``strict`` (for addresses, where nothing may hide): newlines, tabs, every invisible
    formatting character (zero-width spaces, joiners, soft hyphens, tag characters) and
    every space but the plain one are shown too. Without it those stay, as Persian needs
    its zero-width non-joiner and a note its line breaks.
    """
    if strict:
        return "".join(escape(char) if _hidden(char) else char for char in text)
    return UNSAFE.sub(lambda found: escape(found.group()), text)


def escape(char: str) -> str:
    """One character as Python writes it in a string: ``\\x1b``, ``\\u202e``, ``\\U000e0041``; a byte
    of a file name that is not UTF-8 as that byte."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8, as Python decodes it
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _hidden(char: str) -> bool:
    if UNSAFE.match(char) or char in "\n\t":
        return True
    category = unicodedata.category(char)
    return category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") or (category == "Zs" and char != " ")
