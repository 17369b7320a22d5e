"""The treaties every library has, and the sample events, loaded from ``app/resources/vocabulary``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy import func, select

from app.library import Library
from app.store.models import Tag
from app.vocabulary import codebook
from app.vocabulary.records import CodebookImport

# Package data: inside the wheel as in the source tree.
VOCABULARY_DIR = Path(__file__).resolve().parent.parent / "resources" / "vocabulary"
TREATIES_FILE = VOCABULARY_DIR / "treaties.json"
SAMPLE_EVENTS_FILE = VOCABULARY_DIR / "sample_events.json"


@cache
def builtin_entries() -> tuple[codebook.Entry, ...]:
    """The built-in treaties and articles, read once per process."""
    return tuple(codebook.read_file(TREATIES_FILE))


# Official facts of a built-in tag, which follow the data file; colour and description are the user's.
FACTS = ("kind", "label", "code", "short_name", "organisation", "adopted", "in_force")
# Libraries whose built-in facts were brought up to date by this process.
_synced: set[str] = set()


def ensure_builtin(library: Library) -> int:
    """Add the built-in treaties the library lacks; returns how many were added.

    Idempotent and cheap once loaded (one counting query). Nothing is ever duplicated: tags
    are matched by slug. Once per library and process, corrected official facts (names, codes,
    dates) reach the built-in tags; a user's colour and description are never touched.
    """
    if not library.may("editor"):
        return 0  # a team library's vocabulary is its editors' to keep
    entries = builtin_entries()
    wanted = [entry.slug for entry in entries]
    with library.reading() as session:
        present = session.scalar(select(func.count()).select_from(Tag).where(Tag.slug.in_(wanted)))
    added = 0
    if present != len(wanted):
        # The write transaction takes the lock first, so two windows loading at once cannot both insert.
        with library.writing() as session:
            result = codebook.apply(session, list(entries), TREATIES_FILE.name, only_missing=True, builtin=True)
        added = len(result.created_ids)
    key = str(library.db_path)
    if key not in _synced:
        _sync_facts(library, entries)
        _synced.add(key)
    return added


def _sync_facts(library: Library, entries: tuple[codebook.Entry, ...]) -> int:
    """Bring built-in tags' official facts in line with the data file; returns how many changed."""
    def stale(session) -> list[tuple[Tag, codebook.Entry]]:  # noqa: ANN001
        tags = {tag.slug: tag for tag in session.scalars(select(Tag).where(Tag.builtin))}
        return [
            (tags[entry.slug], entry) for entry in entries
            if entry.slug in tags and any(getattr(tags[entry.slug], name) != getattr(entry.fields, name) for name in FACTS)
        ]

    with library.reading() as session:
        if not stale(session):
            return 0
    with library.writing() as session:
        changed = stale(session)
        for tag, entry in changed:
            for name in FACTS:
                setattr(tag, name, getattr(entry.fields, name))
        return len(changed)


def load_sample_events(library: Library) -> CodebookImport:
    """Add the sample library's dated events (and the treaties they link to); existing ones stay as they are."""
    ensure_builtin(library)
    entries = codebook.read_file(SAMPLE_EVENTS_FILE)
    return codebook.import_entries(library, entries, SAMPLE_EVENTS_FILE.name, only_missing=True)
