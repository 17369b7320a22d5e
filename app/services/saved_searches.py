"""Saved searches: kept in the library, so every window and every user of it sees them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime

from sqlalchemy import select

from app.errors import LibraryError, NotFound
from app.library import Library
from app.services.search import AnnotationFilters
from app.store.models import SavedSearch

SCOPES = ("annotations", "documents")


@dataclass(frozen=True)
class SavedSearchInfo:
    id: int
    name: str
    scope: str
    query: str
    filters: AnnotationFilters


def save_search(library: Library, name: str, query: str, filters: AnnotationFilters, scope: str = "annotations") -> SavedSearchInfo:
    """Save (or replace, under the same name) a search."""
    name = " ".join(name.split())
    if not name:
        raise LibraryError("A saved search needs a name.")
    if scope not in SCOPES:
        raise LibraryError(f"Unknown place to search \u201c{scope}\u201d.")
    with library.writing() as session:
        row = session.scalar(select(SavedSearch).where(SavedSearch.name == name))
        if row is None:
            row = SavedSearch(name=name)
            session.add(row)
        row.scope, row.query, row.filters = scope, query, _to_json(filters)
        session.flush()
        return _info(row)


def list_saved_searches(library: Library) -> list[SavedSearchInfo]:
    with library.reading() as session:
        return [_info(row) for row in session.scalars(select(SavedSearch).order_by(SavedSearch.name))]


def delete_saved_search(library: Library, search_id: int) -> SavedSearchInfo:
    """Remove one; the returned record lets an undo save it again."""
    with library.writing() as session:
        row = session.get(SavedSearch, search_id)
        if row is None:
            raise NotFound("This saved search is no longer in the library.")
        info = _info(row)
        session.delete(row)
        return info


def _to_json(filters: AnnotationFilters) -> dict:
    data = asdict(filters)
    for key, value in data.items():
        if isinstance(value, datetime):
            data[key] = value.isoformat()
        elif isinstance(value, tuple):
            data[key] = list(value)
    return data


def _from_json(data: dict) -> AnnotationFilters:
    known = {field.name: field for field in fields(AnnotationFilters)}
    values = {}
    for key, value in data.items():
        if key not in known:
            continue  # a field of a newer version: ignored rather than refused
        if isinstance(value, list):
            value = tuple(value)
        elif key in ("created_from", "created_to") and isinstance(value, str):
            value = datetime.fromisoformat(value)
        values[key] = value
    return AnnotationFilters(**values)


def _info(row: SavedSearch) -> SavedSearchInfo:
    return SavedSearchInfo(row.id, row.name, row.scope, row.query, _from_json(row.filters or {}))
