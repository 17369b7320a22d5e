"""Markdown: each passage a block quote with its citation, tags and note, under group headings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from app.export.grouping import grouped
from app.export.options import ExportOptions
from app.export.rows import ExportRow
from app.export.writing import Steps
from app.text.addresses import annotation_address

# Characters Markdown would read as markup inside a line of text.
_MARKUP = re.compile(r"([\\`*_{}\[\]<>#|!~])")


_LINE_START = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+=])")


def escape(text: str) -> str:
    """Text shown as written: markup characters, and list or heading starts, escaped."""
    text = _MARKUP.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: f"{m[1]}{m[2]}\\{m[3]}" if m[2] else f"{m[4]}\\{m[5]}", text)


def quoted(text: str) -> str:
    """A block quote of several lines; a page break or blank line stays inside the quote."""
    return "\n".join("> " + escape(line) if line.strip() else ">" for line in text.replace("\f", "\n").splitlines())


def write(rows: Sequence[ExportRow], path: Path, options: ExportOptions, steps: Steps) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as file:
        file.write(f"# {escape(options.title)}\n")
        for group in grouped(rows, options.group_by):
            if group.heading:
                file.write(f"\n## {escape(group.heading)}\n")
            for row in group.rows:
                file.write("\n" + quoted(row.shown_quote()) + "\n\n")
                file.write(f"\u2014 [{escape(row.citation)}]({annotation_address(row.uuid)})\n")  # back to the passage
                if row.tags:
                    file.write(f"\nTags: {escape(row.tag_names())}\n")
                if row.note:
                    note = "\n".join(escape(line) for line in row.note.splitlines())
                    file.write(f"\nNote: {note}\n")
                steps.step()
