"""Text made safe for the XML inside DOCX and XLSX files, which cannot hold every character."""

from __future__ import annotations

import re

# XML 1.0 allows tab, newline and carriage return among the C0 controls, and nothing else:
# a page break inside a quote (form feed) or a pasted bell becomes a space.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Halves of a surrogate pair on their own and the two non-characters U+FFFE and U+FFFF are
# not characters at all: the replacement character shows that something stood there.
_NOT_CHARACTERS = re.compile("[\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced, so a writer never refuses it."""
    return _NOT_CHARACTERS.sub("\ufffd", _CONTROLS.sub(" ", text))
