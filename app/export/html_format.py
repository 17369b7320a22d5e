"""HTML: a standalone page of quotations with their citations; every text escaped, any script's direction kept."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from app.export.grouping import grouped
from app.export.options import ExportOptions
from app.export.rows import ExportRow
from app.export.writing import Steps
from app.text.addresses import annotation_address

_STYLE = """body{font-family:serif;max-width:48em;margin:2em auto;line-height:1.45}
blockquote{margin:1.2em 0 .3em;padding-left:1em;border-left:4px solid #ccc;white-space:pre-wrap}
.citation{margin:.2em 0}.tags,.note{color:#555;font-size:.9em;margin:.2em 0;white-space:pre-wrap}"""


def write(rows: Sequence[ExportRow], path: Path, options: ExportOptions, steps: Steps) -> None:
    title = escape(options.title)
    with path.open("w", encoding="utf-8", newline="\n") as file:
        file.write(f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
                   f"<style>{_STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n")
        for group in grouped(rows, options.group_by):
            if group.heading:
                file.write(f'<h2 dir="auto">{escape(group.heading)}</h2>\n')
            for row in group.rows:
                # dir="auto": Arabic or Hebrew passages read right to left, the rest left to right.
                quote = escape(row.shown_quote())
                file.write(f'<div class="passage" id="a-{escape(row.uuid)}">\n<blockquote dir="auto">{quote}</blockquote>\n')
                link = escape(annotation_address(row.uuid))  # back to the passage, where the app is registered
                file.write(f'<p class="citation" dir="auto"><a href="{link}">{escape(row.citation)}</a></p>\n')
                if row.tags:
                    file.write(f'<p class="tags" dir="auto">Tags: {escape(row.tag_names())}</p>\n')
                if row.note:
                    file.write(f'<p class="note" dir="auto">Note: {escape(row.note)}</p>\n')
                file.write("</div>\n")
                steps.step()
        file.write("</body>\n</html>\n")
