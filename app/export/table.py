"""Tabular exports (CSV, XLSX) straight from one SQL query: a cell per column, no Python per row.

The query is the search's own (its words, filters and order) with exactly the chosen
columns: dates as ISO text, the citation filled by the template turned into one SQL
expression, each passage's tag ids (named from a table made once per set of tags). Python
then works a column at a time, in C: the names of the tags; the rare cell SQL leaves NULL
(a passage over several paragraphs), made through :mod:`app.export.rows`; and, for CSV,
an apostrophe before a cell that would run as a formula.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from operator import add, itemgetter

from sqlalchemy import ColumnElement, String, Text, case, cast, func, literal, null, select, type_coerce
from sqlalchemy.orm import aliased

from app.export.fields import getters
from app.export.rows import (
    Citations,
    LinkCell,
    TagCell,
    events_of,
    few_links,
    iter_rows,
    link_cells,
    link_readings,
    linked_ids,
    names_of,
    tag_cells,
    treaties_of,
)
from app.export.scope import ExportScope, scope_query
from app.library import Library
from app.store.models import Annotation, AnnotationTag, Document, PageText
from app.text.addresses import annotation_address
from app.text.citations import (
    LOCATOR_FIELDS,
    RECOMMENDATION_MARK,
    SECTION_MARK,
    Field,
    Optional,
    Template,
    parse_template,
)
from app.text.printed_text import display_quote

BATCH = 2_000
# A cell starting with one of these runs as a formula in Excel and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_D = aliased(Document, name="d")
_P = aliased(PageText, name="p")


def _text(expression) -> ColumnElement[str]:  # noqa: ANN001
    return type_coerce(expression, String)


def _iso(column) -> ColumnElement[str]:  # noqa: ANN001
    # Read as "2025-01-01 12:00:00.000000" (as SQLAlchemy writes it to SQLite; PostgreSQL leaves
    # zero microseconds out): datetime.isoformat() drops zero microseconds.
    return func.replace(func.replace(cast(column, Text), " ", "T"), ".000000", "")


def _page() -> ColumnElement[str]:
    return _text(func.coalesce(func.nullif(_P.label, ""), cast(Annotation.page_index + 1, String)))


def _first_paragraph() -> ColumnElement[str]:
    return _text(func.coalesce(Annotation.paragraphs[0].as_string(), ""))


def _several_paragraphs() -> ColumnElement[bool]:
    # A comma in the stored list: several paragraphs (or one with a comma in its name, which
    # Python then cites as well, rightly). Cheaper than reading the JSON a second time.
    return cast(Annotation.paragraphs, Text).contains(",")


def _python_cites() -> ColumnElement[bool]:
    # Several paragraphs, or a section or recommendation, which Python splits into their fields.
    stored = cast(Annotation.paragraphs, Text)
    # The JSON holds "§" as it is or escaped ("\u00a7"), as the serializer wrote it.
    section = stored.contains(SECTION_MARK.strip()) | stored.contains(json.dumps(SECTION_MARK.strip())[1:-1])
    return _several_paragraphs() | section | stored.contains(RECOMMENDATION_MARK)


def _tag_ids() -> ColumnElement[str]:
    """The annotation's tag ids, "3,17": read on the link table's index alone; Python names them."""
    ids = (
        select(func.aggregate_strings(cast(AnnotationTag.tag_id, String), ","))
        .where(AnnotationTag.annotation_id == Annotation.id)
        .correlate(Annotation)
        .scalar_subquery()
    )
    return _text(func.coalesce(ids, ""))


class _TagColumn(dict):
    """Tag ids ("3,17") to a cell: made once for each set of tags, then looked up (in C, over a whole column)."""

    def __init__(self, cells: dict[int, TagCell], name: str) -> None:
        super().__init__()
        self.name = name
        # By id as the SQL gives it, in the order the window lists tags.
        self.cells = {str(tag_id): cell for tag_id, cell in sorted(cells.items(), key=lambda i: (i[1].kind, i[1].label))}
        self.order = {tag_id: rank for rank, tag_id in enumerate(self.cells)}

    def __missing__(self, key: str) -> str:
        cells, order = self.cells, self.order
        tags = [cells[i] for i in sorted((i for i in key.split(",") if i in order), key=order.__getitem__)]
        if self.name == "tags":
            value = names_of(tags)
        else:
            value = "; ".join(treaties_of(tags) if self.name == "treaties" else events_of(tags))
        self[key] = value
        return value


TAG_COLUMNS = frozenset({"tags", "treaties", "events"})
# Filled after each batch is read, from one more query for the batch's links (both ways).
LINK_COLUMNS = {"links": link_readings, "linked_ids": linked_ids}


def _citation_values() -> dict[str, ColumnElement[str]]:
    """Each template field as SQL, NULL where it is empty (so "first with a value" is a coalesce)."""
    return {
        "reference": func.nullif(_D.reference, ""),
        "title": func.nullif(_D.title, ""),
        "publisher": func.nullif(_D.publisher, ""),
        "date": func.nullif(_D.published, ""),
        "paragraphs": func.nullif(Annotation.paragraphs[0].as_string(), ""),
        "page": _page(),
        "country": func.nullif(_D.country, ""),
        "sha256": func.nullif(_D.sha256, ""),
        "added": func.substr(cast(_D.added_at, Text), 1, 10),
        # Left to Python (see _python_cites): a plain paragraph has neither.
        "section": null(),
        "recommendation": null(),
    }


def citation_sql(template: Template) -> ColumnElement[str]:
    """The template as one SQL expression; NULL for a passage over several paragraphs (Python cites those)."""
    values = _citation_values()

    def field(piece: Field) -> ColumnElement[str]:  # NULL when every field named is empty
        return values[piece.names[0]] if len(piece.names) == 1 else func.coalesce(*(values[n] for n in piece.names))

    def optional(pieces) -> ColumnElement[str]:  # noqa: ANN001
        # NULL || text is NULL: the part vanishes when a field is empty, each field computed once.
        out: ColumnElement[str] | None = None
        for piece in pieces:
            part = literal(piece, String) if isinstance(piece, str) else field(piece)
            out = part if out is None else out + part
        return _text(func.coalesce(out, "")) if out is not None else literal("", String)

    out: ColumnElement[str] | None = None
    for piece in template.pieces:
        if isinstance(piece, Optional):
            part = optional(piece.pieces)
        else:
            part = literal(piece, String) if isinstance(piece, str) else _text(func.coalesce(field(piece), ""))
        out = part if out is None else out + part
    citation = _text(func.trim(out))
    if LOCATOR_FIELDS & template.fields():
        return _text(case((_python_cites(), null()), else_=citation))
    return citation


def _column(name: str, template: Template) -> ColumnElement[str] | None:
    """A field as SQL text, or None where Python makes it."""
    columns: dict[str, Callable[[], ColumnElement[str]]] = {
        "citation": lambda: citation_sql(template),
        "quote": lambda: _text(func.coalesce(Annotation.quote, "")),
        "note": lambda: _text(func.coalesce(Annotation.note, "")),
        "tags": _tag_ids,
        "treaties": _tag_ids,
        "events": _tag_ids,
        "document": lambda: _text(func.coalesce(_D.title, "")),
        "reference": lambda: _text(func.coalesce(_D.reference, "")),
        "publisher": lambda: _text(func.coalesce(_D.publisher, "")),
        "published": lambda: _text(func.coalesce(_D.published, "")),
        "country": lambda: _text(func.coalesce(_D.country, "")),
        "page": _page,
        "paragraphs": lambda: _text(case((_several_paragraphs(), null()), else_=_first_paragraph())),
        "color": lambda: _text(Annotation.color),
        "kind": lambda: _text(Annotation.kind),
        "created": lambda: _iso(Annotation.created_at),
        "sha256": lambda: _text(_D.sha256),
        "added": lambda: _iso(_D.added_at),
        "uuid": lambda: _text(Annotation.uuid),
        "link": lambda: _text(literal(annotation_address("")).concat(Annotation.uuid)),
        **{name: (lambda: literal("", String)) for name in LINK_COLUMNS},
    }
    made = columns.get(name)
    return made() if made is not None else None


# Fields whose SQL leaves a cell NULL for Python to make (a passage over several paragraphs, in a
# section, or of a recommendation); every other column SQL makes is never NULL.
LEFT_TO_PYTHON = frozenset({"citation", "paragraphs"})


def inert(text: str) -> str:
    """The text as a spreadsheet shows it but never runs: an apostrophe before a formula start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def iter_table(library: Library, scope: ExportScope, fields: Sequence[str], template: str, *, guard: bool,
               cancelled: Callable[[], bool] = lambda: False) -> Iterator[list[tuple[str, ...]]]:
    """The cells of ``fields`` for each annotation in ``scope``, in order, a batch at a time.

    With ``guard``, a cell that would run as a formula starts with an apostrophe.
    """
    parsed = parse_template(template)
    made = [_column(name, parsed) for name in fields]
    columns = [column if column is not None else null() for column in made]
    # Where a NULL can be: looked for there alone (a whole batch's every cell took longer).
    nullable = [index for index, (name, column) in enumerate(zip(fields, made), start=1)
                if column is None or name in LEFT_TO_PYTHON]
    # Every column, ids and colours too: a restored backup or another program may have written them.
    guarded = list(range(1, len(fields) + 1)) if guard else []
    quoted = [index for index, name in enumerate(fields, start=1) if name == "quote"]
    linking = [(index, LINK_COLUMNS[name]) for index, name in enumerate(fields, start=1) if name in LINK_COLUMNS]
    citations = Citations(template) if linking else None
    with library.reading() as session:
        query = scope_query(session, scope)
        if query is None:
            return
        cells = tag_cells(session) if TAG_COLUMNS & set(fields) else {}
        named = [(index, _TagColumn(cells, name)) for index, name in enumerate(fields, start=1) if name in TAG_COLUMNS]
        # Where each cell is once the names follow the row: a tag column takes its name's place.
        after = {index: len(fields) + 1 + number for number, (index, _) in enumerate(named)}
        order = itemgetter(0, *(after.get(index, index) for index in range(1, len(fields) + 1)))
        query = (
            query.with_only_columns(Annotation.id, *columns)
            .join(_D, _D.id == Annotation.document_id)
            .outerjoin(_P, (_P.document_id == Annotation.document_id) & (_P.page_index == Annotation.page_index))
        )
        # SQLAlchemy runs the query (its parameters need its processing); the rows are read as
        # the driver's own tuples: a Row object per annotation would cost more than the CSV writing.
        connection = session.connection()
        # The links read in one go when the library has no great many, else with each batch.
        every = link_cells(connection, None, citations) if citations is not None and few_links(connection) else None
        result = connection.execute(query)
        cursor = result.cursor
        try:
            while batch := cursor.fetchmany(BATCH):
                if cancelled():
                    return
                batch = _shown_quotes(batch, quoted)
                if citations is not None:
                    links = every if every is not None else link_cells(connection, [row[0] for row in batch], citations)
                    batch = _with_links(batch, linking, links)
                yield _prepared(batch, named, order, guarded, nullable,
                                lambda rows: _finished(library, rows, fields, template))
        finally:
            result.close()


def _shown_quotes(batch: list[tuple], quoted: Sequence[int]) -> list[tuple]:
    """The quote cells as every export writes them (:func:`app.text.printed_text.display_quote`); the
    rows made again only when one changes."""
    for index in quoted:
        cells = list(map(itemgetter(index), batch))
        shown = [display_quote(cell) if cell is not None else None for cell in cells]
        if shown != cells:
            batch = [(*row[:index], quote, *row[index + 1 :]) for row, quote in zip(batch, shown)]
    return batch


def _with_links(batch: list[tuple], linking: Sequence[tuple[int, Callable]],
                links: dict[int, tuple[LinkCell, ...]]) -> list[tuple]:
    """The link cells of a batch; rows without links keep their empty cells."""
    if not links:
        return batch
    out = []
    for row in batch:
        found = links.get(row[0])
        if found:
            cells = list(row)
            for index, cell in linking:
                cells[index] = cell(found)
            row = tuple(cells)
        out.append(row)
    return out


def _prepared(batch: list[tuple], named: Sequence[tuple[int, _TagColumn]], order: Callable[[tuple], tuple],
              guarded: Sequence[int], nullable: Sequence[int], finish: Callable[[list[tuple]], list[tuple]]) -> list[tuple]:
    """A batch made ready for writing with C-level maps: no Python per row in the usual case."""
    if any(None in map(itemgetter(index), batch) for index in nullable):  # a cell SQL left to Python
        batch = finish(batch)
    if named:  # the tags' names added after the cells, then each put in its column by ``order``
        names = zip(*(map(column.__getitem__, map(itemgetter(index), batch)) for index, column in named))
        batch = list(map(order, map(add, batch, names)))
    # The formula guard, looked for a column at a time (SQL would compute each cell twice).
    if any(_FORMULA.search("\x00" + "\x00".join(map(itemgetter(index), batch))) for index in guarded):
        batch = [_inert(row, guarded) for row in batch]
    return batch


# A cell that starts as a formula, in a column joined by NULs (a NUL cannot start a formula).
_FORMULA = re.compile("\x00[" + re.escape("".join(FORMULA_STARTS)) + "]")


def _inert(row: tuple, guarded: Sequence[int]) -> tuple:
    cells = list(row)
    for index in guarded:
        cells[index] = inert(cells[index])
    return tuple(cells)


def _finished(library: Library, batch: list[tuple], fields: Sequence[str], template: str) -> list[tuple]:
    """Rows with the cells SQL left empty made in Python, from the export's full rows."""
    wanted = [row[0] for row in batch if None in row]
    cell_getters = getters(fields)
    with library.reading() as session:
        uuids = dict(session.execute(select(Annotation.id, Annotation.uuid).where(Annotation.id.in_(wanted))).all())
    made = {row.uuid: row for rows in iter_rows(library, wanted, template) for row in rows}
    out = []
    for row in batch:
        if None not in row:
            out.append(row)
            continue
        full = made.get(uuids.get(row[0], ""))  # None if it was deleted meanwhile: its cells left blank
        cells = [cell if cell is not None else (get(full) if full is not None else "") for cell, get in zip(row[1:], cell_getters)]
        out.append((row[0], *cells))
    return out
