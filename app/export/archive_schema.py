"""What a backup's library.json may hold, checked in full before anything is written.

The JSON Schema is built from the models' metadata, so a column added later is checked by
its type without a change here; what the metadata cannot say (the shape of a JSON column,
a colour, a UUID) is declared below by table and column. Uniqueness and references between
tables are checked in code after the schema, as JSON Schema cannot express them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from sqlalchemy import JSON, Boolean, CheckConstraint, Column, DateTime, Float, Integer, String, Table, UniqueConstraint

from app.export.writing import ExportError
from app.services.annotations import PALETTE
from app.store.models import Document, stored_tables

FORMAT = "rights-annotator-backup"
VERSION = 1
NOTHING = "Nothing was changed."

_INT64 = {"minimum": -(2**63), "maximum": 2**63 - 1}
_NUMBER = {"type": "number"}
_PAGE = {"type": "integer", "minimum": 0, "maximum": _INT64["maximum"]}
_HEX_COLOUR = r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}"
# Partial ISO 8601, as dates of publications and events are often vague ("2013", "2013-07").
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?")

# Formats of text columns, each with what the value should be, for the message. They end in \Z, not $:
# jsonschema runs Python's re, where $ also matches before a final newline ("yellow\n").
_FORMATS: dict[tuple[str, str], dict[str, Any]] = {
    ("annotations", "uuid"): {"pattern": r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\Z", "x-meaning": "a UUID"},
    ("annotations", "color"): {"pattern": rf"^({'|'.join(PALETTE)}|{_HEX_COLOUR})\Z", "x-meaning": "a colour"},
    ("tags", "color"): {"pattern": rf"^({_HEX_COLOUR})?\Z", "x-meaning": "a colour"},
    ("documents", "sha256"): {"pattern": r"^[0-9a-f]{64}\Z", "x-meaning": "a SHA-256 in hexadecimal"},
    ("documents", "file_name"): {"pattern": r"^[0-9a-f]{64}\.pdf\Z", "x-meaning": "the library's name for a file"},
    **{("documents", name): {"format": "partial-date", "x-meaning": "an ISO 8601 date"}
       for name in ("pdf_created", "pdf_modified")},
    **{("tags", name): {"format": "partial-date", "x-meaning": "an ISO 8601 date"}
       for name in ("adopted", "in_force", "date_start", "date_end")},
}


def _list_of(item: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "array", "items": item, **extra}


def _shape(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(properties), "properties": properties}


_QUAD = _list_of(_NUMBER, minItems=8, maxItems=8)
_TEXTS = _list_of({"type": "string"})
# The JSON columns as the app writes them (see the models' comments and app.services.annotations).
_SHAPES: dict[tuple[str, str], dict[str, Any]] = {
    ("annotations", "targets"): _list_of(_shape({"page": _PAGE, "quads": _list_of(_QUAD)})),
    ("annotations", "paragraphs"): _TEXTS,
    ("paragraphs", "boxes"): _list_of(_shape({"page": _PAGE, "rect": _list_of(_NUMBER, minItems=4, maxItems=4)})),
    ("documents", "outline"): _list_of({"type": "array", "minItems": 3, "prefixItems": [
        {"type": "integer"}, {"type": "string"}, {"type": ["integer", "null"], "minimum": 0}]}),
    ("documents", "page_labels"): _TEXTS,
    ("documents", "user_fields"): _TEXTS,
    ("documents", "pdf_metadata"): {"type": "object"},
    ("tags", "parties"): _list_of({"anyOf": [{"type": "string"}, _shape({"treaty": {"type": "string"}})]}),
    ("saved_searches", "filters"): {"type": "object"},
}

_TYPE_NAMES = {"integer": "a whole number", "number": "a number", "string": "text", "boolean": "true or false",
               "array": "a list", "object": "an object", "null": "empty"}


def _is_iso(value: object) -> bool:
    try:
        datetime.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True


_FORMAT_CHECKER = FormatChecker(formats=())
_FORMAT_CHECKER.checks("iso-datetime")(lambda value: not isinstance(value, str) or _is_iso(value))
_FORMAT_CHECKER.checks("partial-date")(lambda value: not isinstance(value, str) or bool(_PARTIAL_DATE.fullmatch(value)))

# JSON's 1.0 is an integer to JSON Schema; a column of whole numbers takes only whole numbers.
_Validator = validators.extend(Draft202012Validator, type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
    "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)))


def _column_schema(table: Table, column: Column) -> dict[str, Any]:
    key = (table.name, column.name)
    if isinstance(column.type, JSON):
        schema = dict(_SHAPES.get(key, {"type": ["array", "object"]}))
    elif isinstance(column.type, DateTime):
        schema = {"type": "string", "format": "iso-datetime", "x-meaning": "an ISO 8601 date and time"}
    elif isinstance(column.type, Boolean):
        schema = {"type": "boolean"}
    elif isinstance(column.type, Integer):
        schema = {"type": "integer", **_INT64}
    elif isinstance(column.type, Float):
        schema = dict(_NUMBER)
    elif isinstance(column.type, String):
        schema = {"type": "string", **_FORMATS.get(key, {})}
    else:
        schema = {}
    choices = _choices(table, column.name)
    if choices:
        schema["enum"] = [*choices, *([None] if column.nullable else [])]
        schema["x-meaning"] = f"one of {', '.join(choices)}"
    if column.nullable and "type" in schema:
        schema["type"] = [schema["type"], "null"] if isinstance(schema["type"], str) else [*schema["type"], "null"]
    return schema


def _choices(table: Table, name: str) -> list[str]:
    """The values a CHECK constraint ``name IN ('a', 'b')`` allows."""
    for constraint in table.constraints:
        if isinstance(constraint, CheckConstraint):
            match = re.search(rf"\b{name} IN \(([^)]*)\)", str(constraint.sqltext))
            if match:
                return re.findall(r"'([^']*)'", match.group(1))
    return []


def _required(column: Column) -> bool:
    return column.primary_key or (not column.nullable and column.default is None and column.server_default is None)


def _row_schema(table: Table) -> dict[str, Any]:
    return {
        "type": "object",
        "required": [column.name for column in table.columns if _required(column)],
        "properties": {column.name: _column_schema(table, column) for column in table.columns},
    }


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of a whole library.json (extra keys are allowed: they are not restored)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["format", "version", "tables"],
        "properties": {
            "format": {"const": FORMAT},
            "version": {"const": VERSION},
            "tables": {"type": "object", "properties": {
                table.name: _list_of(_row_schema(table)) for table in stored_tables()}},
        },
    }


@cache
def _validator() -> Draft202012Validator:
    return _Validator(schema(), format_checker=_FORMAT_CHECKER)


def check_data(data: Any) -> dict[str, list[dict[str, Any]]]:
    """The backup's tables, or :class:`ExportError` naming the first table, row and field that is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ExportError(f"This is not a backup this version can read. {NOTHING}")
    try:
        error = next(iter(_validator().iter_errors(data)), None)
    except RecursionError:
        raise ExportError(f"The backup's library.json is nested too deeply to be read. {NOTHING}") from None
    if error is not None:
        raise ExportError(f"The backup's library.json is not valid: {describe(error)}. {NOTHING}")
    tables = {table.name: data["tables"].get(table.name, []) for table in stored_tables()}
    for problem in _problems(tables):
        raise ExportError(f"The backup's library.json is not valid: {problem}. {NOTHING}")
    return tables


def describe(error: ValidationError) -> str:
    """``annotations row 12: color '=cmd' is not a colour`` (rows count from 1)."""
    path = list(error.absolute_path)
    if len(path) < 2:
        return f"{'.'.join(map(str, path)) or 'the whole file'} {_reason(error)}"
    table = path[1]
    if len(path) == 2:
        return f"table {table} {_reason(error)}"
    row = f"{table} row {path[2] + 1}" if isinstance(path[2], int) else f"{table} {path[2]}"
    if len(path) == 3:
        if error.validator == "required":
            return f"{row}: {_missing(error)} is missing"
        return f"{row} {_reason(error)}"
    field = str(path[3]) + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path[4:])
    return f"{row}: {field} {_reason(error)}"


def _reason(error: ValidationError) -> str:
    shown = _shown(error.instance)
    if error.validator == "required":
        return f"lacks {_missing(error)}"
    if error.validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return f"{shown} is not {' or '.join(_TYPE_NAMES.get(t, t) for t in wanted)}"
    if error.validator in ("pattern", "format", "enum") and "x-meaning" in error.schema:
        return f"{shown} is not {error.schema['x-meaning']}"
    if error.validator in ("minItems", "maxItems"):
        return f"{shown} does not have the right number of items"
    return f"{shown} is not allowed ({error.validator})"


def _missing(error: ValidationError) -> str:
    return next((name for name in error.validator_value if name not in error.instance), "a field")


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return f"'{text[:60]}\u2026'" if len(text) > 60 else f"'{text}'"


def _problems(tables: dict[str, list[dict[str, Any]]]) -> Iterator[str]:
    yield from _file_names(tables[Document.__tablename__])
    for table in stored_tables():
        yield from _duplicates(table, tables[table.name])
    for table in stored_tables():
        yield from _dangling(table, tables)
        yield from _loops(table, tables[table.name])


def _file_names(documents: list[dict[str, Any]]) -> Iterator[str]:
    # The importer's own naming: anything else could point a document at a file outside the library.
    for number, row in enumerate(documents, 1):
        if row["file_name"] != f"{row['sha256']}.pdf":
            yield f"documents row {number}: file_name {_shown(row['file_name'])} is not its SHA-256 followed by .pdf"


def _unique_keys(table: Table) -> list[tuple[str, ...]]:
    keys = [tuple(column.name for column in table.primary_key.columns)]
    keys += [tuple(column.name for column in c.columns) for c in table.constraints if isinstance(c, UniqueConstraint)]
    keys += [tuple(column.name for column in index.columns) for index in table.indexes if index.unique]
    return list(dict.fromkeys(keys))


def _duplicates(table: Table, rows: list[dict[str, Any]]) -> Iterator[str]:
    for key in _unique_keys(table):
        seen: dict[tuple[Any, ...], int] = {}
        for number, row in enumerate(rows, 1):
            value = tuple(row.get(name) for name in key)
            if None in value:
                continue  # SQL lets several rows leave a unique column empty
            if value in seen:
                shown = ", ".join(f"{name} {_shown(part)}" for name, part in zip(key, value))
                yield f"{table.name} row {number}: {shown} is already in row {seen[value]}"
                return
            seen[value] = number


def _dangling(table: Table, tables: dict[str, list[dict[str, Any]]]) -> Iterator[str]:
    for key in table.foreign_keys:
        target = key.column
        known = {row.get(target.name) for row in tables[target.table.name]}
        for number, row in enumerate(tables[table.name], 1):
            value = row.get(key.parent.name)
            if value is not None and value not in known:
                yield f"{table.name} row {number}: {key.parent.name} {_shown(value)} names no row of {target.table.name}"
                return


def _loops(table: Table, rows: list[dict[str, Any]]) -> Iterator[str]:
    """A parent chain that comes back on itself (a tag its own ancestor) would never end when followed."""
    for key in table.foreign_keys:
        if key.column.table is not table:
            continue
        parent = {row.get(key.column.name): row.get(key.parent.name) for row in rows}
        settled: set[Any] = set()
        for number, row in enumerate(rows, 1):
            chain: set[Any] = set()
            current = row.get(key.column.name)
            while current is not None and current not in settled:
                if current in chain:
                    yield f"{table.name} row {number}: {key.parent.name} makes a loop of rows each the other's parent"
                    return
                chain.add(current)
                current = parent.get(current)
            settled |= chain
