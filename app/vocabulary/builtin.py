"""The treaties every library has, and the sample events, loaded from ``resources/vocabulary``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy import func, select

from app.library import Library
from app.store.models import Tag
from app.vocabulary import codebook
from app.vocabulary.records import CodebookImport

VOCABULARY_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "vocabulary"
TREATIES_FILE = VOCABULARY_DIR / "treaties.json"
SAMPLE_EVENTS_FILE = VOCABULARY_DIR / "sample_events.json"


@cache
def builtin_entries() -> tuple[codebook.Entry, ...]:
    """The built-in treaties and articles, read once per process."""
    return tuple(codebook.read_file(TREATIES_FILE))


def ensure_builtin(library: Library) -> int:
    """Add the built-in treaties the library lacks; returns how many were added.

    Idempotent and cheap once loaded (one counting query). Existing tags are never
    touched, so a user's colours stay, and nothing is ever duplicated: tags are matched by slug.
    """
    entries = builtin_entries()
    wanted = [entry.slug for entry in entries]
    with library.reading() as session:
        present = session.scalar(select(func.count()).select_from(Tag).where(Tag.slug.in_(wanted)))
    if present == len(wanted):
        return 0
    # The write transaction takes the lock first, so two windows loading at once cannot both insert.
    with library.writing() as session:
        result = codebook.apply(session, list(entries), TREATIES_FILE.name, only_missing=True, builtin=True)
    return len(result.created_ids)


def load_sample_events(library: Library) -> CodebookImport:
    """Add the sample library's dated events (and the treaties they link to); existing ones stay as they are."""
    ensure_builtin(library)
    entries = codebook.read_file(SAMPLE_EVENTS_FILE)
    return codebook.import_entries(library, entries, SAMPLE_EVENTS_FILE.name, only_missing=True)
