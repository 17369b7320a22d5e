"""Tabular exports (CSV, XLSX) straight from one SQL query: a cell per column, no Python per row.

The query is the search's own (its words, filters and order) with exactly the chosen
columns: tags joined in SQL, dates as ISO text, the citation filled by the template turned
into one SQL expression, and, for CSV, the formula guard. Python only finishes the rare
cell SQL leaves empty (NULL): a passage over several paragraphs, or a column SQL does not
make (treaties, events); those rows go through :mod:`app.export.rows`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import chain

from sqlalchemy import ColumnElement, String, Text, and_, case, cast, func, literal, null, select, type_coerce
from sqlalchemy.orm import aliased

from app.citations import Field, Optional, Template, parse_template
from app.export.fields import FIELDS
from app.export.rows import iter_rows
from app.export.scope import ExportScope, scope_query
from app.library import Library
from app.store.models import Annotation, AnnotationTag, Document, PageText, Tag

BATCH = 2_000
# A cell starting with one of these runs as a formula in Excel and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Cells of the library's own making (ids, hashes, dates, colours) never start so: no guard needed.
_PLAIN = frozenset({"uuid", "sha256", "created", "added", "color", "kind"})

_D = aliased(Document, name="d")
_P = aliased(PageText, name="p")


def _text(expression) -> ColumnElement[str]:  # noqa: ANN001
    return type_coerce(expression, String)


def _iso(column) -> ColumnElement[str]:  # noqa: ANN001
    # Stored as "2025-01-01 12:00:00.000000" (SQLAlchemy's SQLite format): datetime.isoformat() drops zero microseconds.
    return func.replace(func.replace(type_coerce(column, Text), " ", "T"), ".000000", "")


def _page() -> ColumnElement[str]:
    return _text(func.coalesce(func.nullif(_P.label, ""), cast(Annotation.page_index + 1, String)))


def _first_paragraph() -> ColumnElement[str]:
    return _text(func.coalesce(Annotation.paragraphs[0].as_string(), ""))


def _several_paragraphs() -> ColumnElement[bool]:
    return Annotation.paragraphs[1].as_string().is_not(None)


def _tags() -> ColumnElement[str]:
    names = (
        select(func.coalesce(Tag.code, Tag.label).label("name"))
        .join(AnnotationTag, AnnotationTag.tag_id == Tag.id)
        .where(AnnotationTag.annotation_id == Annotation.id)
        .order_by(Tag.kind, Tag.label)  # as the window lists them
        .correlate(Annotation)
        .subquery()
    )
    return _text(func.coalesce(select(func.aggregate_strings(names.c.name, "; ")).scalar_subquery(), ""))


def _citation_values() -> dict[str, ColumnElement[str]]:
    return {
        "reference": _text(func.coalesce(_D.reference, "")),
        "title": _text(func.coalesce(_D.title, "")),
        "publisher": _text(func.coalesce(_D.publisher, "")),
        "date": _text(func.coalesce(_D.published, "")),
        "paragraphs": _first_paragraph(),
        "page": _page(),
        "country": _text(func.coalesce(_D.country, "")),
        "sha256": _text(func.coalesce(_D.sha256, "")),
        "added": _text(func.substr(type_coerce(_D.added_at, Text), 1, 10)),
    }


def citation_sql(template: Template) -> ColumnElement[str]:
    """The template as one SQL expression; NULL for a passage over several paragraphs (Python cites those)."""
    values = _citation_values()

    def field(piece: Field) -> ColumnElement[str]:
        if len(piece.names) == 1:
            return values[piece.names[0]]
        return _text(func.coalesce(*(func.nullif(values[name], "") for name in piece.names), ""))

    def joined(pieces) -> ColumnElement[str]:  # noqa: ANN001
        parts = [literal(p, String) if isinstance(p, str) else field(p) for p in pieces]
        out = parts[0] if parts else literal("", String)
        for part in parts[1:]:
            out = out + part
        return out

    parts = []
    for piece in template.pieces:
        if isinstance(piece, Optional):
            fields = [field(p) for p in piece.pieces if isinstance(p, Field)]
            present = and_(*(f != "" for f in fields)) if fields else literal(True)
            parts.append(_text(case((present, joined(piece.pieces)), else_="")))
        else:
            parts.append(joined((piece,)))
    out = parts[0]
    for part in parts[1:]:
        out = out + part
    citation = _text(func.trim(out))
    if "paragraphs" in template.fields():
        return _text(case((_several_paragraphs(), null()), else_=citation))
    return citation


def _column(name: str, template: Template) -> ColumnElement[str] | None:
    """A field as SQL text, or None where Python makes it."""
    columns: dict[str, Callable[[], ColumnElement[str]]] = {
        "citation": lambda: citation_sql(template),
        "quote": lambda: _text(func.coalesce(Annotation.quote, "")),
        "note": lambda: _text(func.coalesce(Annotation.note, "")),
        "tags": _tags,
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
    }
    made = columns.get(name)
    return made() if made is not None else None


def _guarded(cell: ColumnElement[str]) -> ColumnElement[str]:
    return _text(case((func.substr(cell, 1, 1).in_(FORMULA_STARTS), literal("'", String) + cell), else_=cell))


def inert(text: str) -> str:
    """The text as a spreadsheet shows it but never runs: an apostrophe before a formula start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def iter_table(library: Library, scope: ExportScope, fields: Sequence[str], template: str, *, guard: bool,
               cancelled: Callable[[], bool] = lambda: False) -> Iterator[list[tuple[str, ...]]]:
    """The cells of ``fields`` for each annotation in ``scope``, in order, a batch at a time.

    With ``guard``, a cell that would run as a formula starts with an apostrophe.
    """
    parsed = parse_template(template)
    columns = []
    for name in fields:
        column = _column(name, parsed)
        if column is None:
            columns.append(null())
        else:
            columns.append(_guarded(column) if guard and name not in _PLAIN else column)
    with library.reading() as session:
        query = scope_query(session, scope)
        if query is None:
            return
        query = (
            query.with_only_columns(Annotation.id, *columns)
            .join(_D, _D.id == Annotation.document_id)
            .outerjoin(_P, (_P.document_id == Annotation.document_id) & (_P.page_index == Annotation.page_index))
        )
        # SQLAlchemy runs the query (its parameters need its processing); the rows are read as
        # the driver's own tuples: a Row object per annotation would cost more than the CSV writing.
        result = session.connection().execute(query)
        cursor = result.cursor
        try:
            while batch := cursor.fetchmany(BATCH):
                if cancelled():
                    return
                if None in chain.from_iterable(batch):  # checked in C: no Python per row when nothing is missing
                    batch = _finished(library, batch, fields, template, guard)
                yield batch
        finally:
            result.close()


def _finished(library: Library, batch: list[tuple], fields: Sequence[str], template: str,
              guard: bool) -> list[tuple]:
    """Rows with the cells SQL left empty made in Python, from the export's full rows."""
    wanted = [row[0] for row in batch if None in row]
    getters = [FIELDS[name][1] for name in fields]
    with library.reading() as session:
        uuids = dict(session.execute(select(Annotation.id, Annotation.uuid).where(Annotation.id.in_(wanted))).all())
    made = {row.uuid: row for rows in iter_rows(library, wanted, template) for row in rows}
    out = []
    for row in batch:
        if None not in row:
            out.append(row)
            continue
        full = made[uuids[row[0]]]
        cells = [cell if cell is not None else (inert(get(full)) if guard and name not in _PLAIN else get(full))
                 for cell, get, name in zip(row[1:], getters, fields)]
        out.append((row[0], *cells))
    return out
