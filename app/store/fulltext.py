"""The seam between the search and the database's own full-text index.

Each side (``sqlite_search``, ``postgres_search``) offers the same functions, answering
the same parsed query (``app.text.query``) and filters (``app.store.filters``) with the
same passages: ``annotation_ids``, ``page_ids``, ``ranking_tier``, ``ranked_passages``,
``annotation_passages``, ``document_passages``, ``tag_rows``, ``search_pages`` and ``result_converters``.
"""

from __future__ import annotations

from types import ModuleType

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from app.store import postgres_search, sqlite_search


def side(bind: Connection | Engine | Session) -> ModuleType:
    """The full-text side for the database under ``bind``."""
    dialect = (bind.get_bind() if isinstance(bind, Session) else bind).dialect.name
    if dialect == "postgresql":
        return postgres_search
    return sqlite_search


def is_index_table(name: str | None) -> bool:
    """True for the tables of either side's index, which the models do not describe."""
    return sqlite_search.is_index_table(name) or postgres_search.is_index_table(name)
