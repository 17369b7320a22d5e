"""Where a page's text is set in bold or italics, read from MuPDF's HTML output of the page.

The CPT sets its recommendations in bold and its comments in italics inside ordinary paragraphs;
that is how they are told from the text around them. The HTML is already made for the line
geometry (``app.pdf.extract``), so reading the emphasis from it costs no second pass over the page.
"""

from __future__ import annotations

import html as html_entities
import re

BOLD = 1
ITALIC = 2

# Emphasis as (start, end, style) in the page's text: style is BOLD, ITALIC or both.
Emphasis = tuple[tuple[int, int, int], ...]

_TOKEN = re.compile(r"<(/?)(b|i)>|<[^>]*>|([^<]+)")


def emphasised(text: str, page_html: str) -> Emphasis:
    """The runs of ``text`` set in bold or italics, adjacent runs of one style joined.

    MuPDF writes one ``<p>`` per line of the text, in its order. A line whose HTML does not spell
    the same characters as the text (or a page whose line counts differ) gives no emphasis rather
    than emphasis in the wrong place.
    """
    if "<b>" not in page_html and "<i>" not in page_html:
        return ()
    lines = page_html.split("<p ")[1:]  # each line's HTML, from its attributes to the end of its <p>
    rows = text.split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    if len(lines) != len(rows):
        return ()
    runs: list[list[int]] = []
    cursor = 0
    for line, row in zip(lines, rows):
        if "<b>" not in line and "<i>" not in line:  # most lines: nothing to read in them
            cursor += len(row) + 1
            continue
        opened, closed = line.find(">") + 1, line.rfind("</p>")
        if not opened or closed < opened:
            return ()  # not the HTML MuPDF writes: better no emphasis than emphasis in the wrong place
        position, style, line_runs = cursor, 0, []
        for closing, tag, chunk in _TOKEN.findall(line, opened, closed):
            if tag:
                flag = BOLD if tag == "b" else ITALIC
                style = style & ~flag if closing else style | flag
            elif chunk:
                plain = html_entities.unescape(chunk)
                if style and plain.strip():
                    line_runs.append([position, position + len(plain), style])
                position += len(plain)
        if position - cursor == len(row):
            for run in line_runs:
                _join(runs, run, text)
        cursor += len(row) + 1
    return tuple((start, end, style) for start, end, style in runs)


def _join(runs: list[list[int]], run: list[int], text: str) -> None:
    """Add ``run``, continuing the last one when only spaces or a line break stand between them."""
    if runs and runs[-1][2] == run[2] and not text[runs[-1][1]:run[0]].strip():
        runs[-1][1] = run[1]
    else:
        runs.append(run)
