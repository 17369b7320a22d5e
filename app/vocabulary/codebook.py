"""Shared codebooks: the vocabulary as JSON, imported by slug so a team tags with the same terms.

A codebook is ``{"format": "rights-annotator-codebook", "version": 1, "tags": [...]}``;
each tag names its parent and linked treaties by slug, never by a library's row ids.
Import checks the whole file first and changes nothing when any part of it is wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.library import Library
from app.store.models import Tag
from app.vocabulary import rows, rules, slugs
from app.vocabulary.records import CodebookImport, TagFields
from app.vocabulary.rules import VocabularyRefused
from app.vocabulary.tags import delete_tag

FORMAT = "rights-annotator-codebook"
VERSION = 1
TOP_FIELDS = {"format", "version", "exported", "tags"}
TEXT_FIELDS = (
    "slug", "kind", "label", "parent", "code", "description", "color", "short_name", "organisation",
    "adopted", "in_force", "event_type", "date_start", "date_end", "date_precision", "place", "country",
)
LIST_FIELDS = ("actors", "treaties")
REQUIRED = ("slug", "kind", "label")


class CodebookRefused(VocabularyRefused):
    """A codebook file that cannot be imported; the message names the file and the problem."""


@dataclass(frozen=True)
class Entry:
    """One tag of a codebook: its slug, its parent's slug and its fields (``parent_id`` unset)."""

    slug: str
    parent: str | None
    fields: TagFields


# ---- reading ------------------------------------------------------------------------------------

def read_file(path: str | Path) -> list[Entry]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CodebookRefused(f"{path}: no such file.") from None
    except UnicodeDecodeError:
        raise CodebookRefused(f"{path}: not a codebook (the file is not UTF-8 text).") from None
    except OSError as error:
        raise CodebookRefused(f"{path}: cannot be read ({error.strerror or error}).") from None
    return parse(text, path.name)


def parse(text: str, source: str = "codebook") -> list[Entry]:
    """The entries of a codebook, or ``CodebookRefused`` naming the first problem found."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CodebookRefused(
            f"{source}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    if not isinstance(data, dict):
        raise CodebookRefused(f"{source}: a codebook is a JSON object with \u201cformat\u201d and \u201ctags\u201d.")
    unknown = sorted(set(data) - TOP_FIELDS)
    if unknown:
        raise CodebookRefused(f"{source}: unknown field {_names(unknown)}.")
    if data.get("format") != FORMAT:
        raise CodebookRefused(f"{source}: not a codebook (\u201cformat\u201d should be \u201c{FORMAT}\u201d).")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > VERSION or version < 1:
        raise CodebookRefused(f"{source}: codebook version {version!r} is not one this version of the app reads.")
    tags = data.get("tags")
    if not isinstance(tags, list):
        raise CodebookRefused(f"{source}: \u201ctags\u201d must be a list, not {_type(tags)}.")
    entries: list[Entry] = []
    seen: set[str] = set()
    for number, item in enumerate(tags, 1):
        entry = _entry(item, f"{source}: tag {number}")
        if entry.slug in seen:
            raise CodebookRefused(f"{source}: tag {number}: the identifier \u201c{entry.slug}\u201d appears twice.")
        seen.add(entry.slug)
        entries.append(entry)
    return entries


def _entry(item: Any, where: str) -> Entry:
    if not isinstance(item, dict):
        raise CodebookRefused(f"{where}: must be an object, not {_type(item)}.")
    if isinstance(item.get("slug"), str):
        where = f"{where} (\u201c{item['slug']}\u201d)"
    unknown = sorted(set(item) - set(TEXT_FIELDS) - set(LIST_FIELDS))
    if unknown:
        raise CodebookRefused(f"{where}: unknown field {_names(unknown)}.")
    for name in REQUIRED:
        if item.get(name) in (None, ""):
            raise CodebookRefused(f"{where}: \u201c{name}\u201d is missing.")
    for name in TEXT_FIELDS:
        if name in item and item[name] is not None and not isinstance(item[name], str):
            raise CodebookRefused(f"{where}: \u201c{name}\u201d must be text, not {_type(item[name])}.")
    for name in LIST_FIELDS:
        value = item.get(name, [])
        if not isinstance(value, list) or not all(isinstance(part, str) for part in value):
            raise CodebookRefused(f"{where}: \u201c{name}\u201d must be a list of texts.")
    if not slugs.is_valid(item["slug"]):
        raise CodebookRefused(f"{where}: the identifier must be lower-case letters, digits and dashes.")
    values = {name: item.get(name) for name in TEXT_FIELDS if name not in ("slug", "parent")}
    values["description"] = values["description"] or ""
    fields = TagFields(**values, actors=tuple(item.get("actors", [])), treaties=tuple(item.get("treaties", [])))
    return Entry(slug=item["slug"], parent=item.get("parent") or None, fields=rules.normalised(fields))


def _names(names: list[str]) -> str:
    return ", ".join(f"\u201c{name}\u201d" for name in names)


def _type(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "an object", type(None): "null"}.get(type(value), type(value).__name__)


# ---- writing into a library ---------------------------------------------------------------------

def import_file(library: Library, path: str | Path) -> CodebookImport:
    # Built-in treaties first, so a codebook naming them merges into them rather than copying them.
    from app.vocabulary.builtin import ensure_builtin  # noqa: PLC0415 - builtin reads files with this module

    entries = read_file(path)
    ensure_builtin(library)
    return import_entries(library, entries, Path(path).name)


def import_entries(
    library: Library, entries: list[Entry], source: str = "codebook", *, only_missing: bool = False,
    builtin: bool = False,
) -> CodebookImport:
    """Add the entries whose slugs are new; update the others from the file, keeping local colours.

    Built-in tags keep their facts (only a missing colour is taken). With ``only_missing`` existing
    tags are left alone. All or nothing: any problem refuses the whole import.
    """
    with library.writing() as session:
        return apply(session, entries, source, only_missing=only_missing, builtin=builtin)


def apply(
    session: Session, entries: list[Entry], source: str, *, only_missing: bool = False, builtin: bool = False
) -> CodebookImport:
    existing = {tag.slug: tag for tag in session.scalars(select(Tag).where(Tag.slug.in_([e.slug for e in entries])))}
    ordered = _parents_first(session, entries, source)
    created: list[int] = []
    updated: list[int] = []
    previous: dict[int, TagFields] = {}
    unchanged = 0
    ids: dict[str, int] = {}
    for number, entry in ordered:
        where = f"{source}: tag {number} (\u201c{entry.slug}\u201d)"
        parent_id = ids.get(entry.parent) if entry.parent else None
        if entry.parent and parent_id is None:
            parent_id = session.scalar(select(Tag.id).where(Tag.slug == entry.parent))
        fields = entry.fields.with_changes(parent_id=parent_id)
        _check_links(session, fields, where)
        tag = existing.get(entry.slug)
        try:
            if tag is None:
                # The built-in data is checked once by the tests, not on every new library.
                if not builtin:
                    rules.check(session, fields)
                tag = Tag(slug=entry.slug, builtin=builtin)
                rows.write_fields(tag, fields)
                session.add(tag)
                session.flush()
                created.append(tag.id)
            else:
                before = rows.fields_of(tag)
                if only_missing:
                    after = before
                elif tag.builtin:
                    after = before.with_changes(color=before.color or fields.color)
                else:
                    after = fields.with_changes(color=before.color or fields.color)
                if after == before:
                    unchanged += 1
                elif after.kind != before.kind and tag.children:
                    raise VocabularyRefused(
                        f"it has entries under it here, so its kind cannot change from {before.kind} to {after.kind}."
                    )
                else:
                    rules.check(session, after, tag.id)
                    rows.write_fields(tag, after)
                    session.flush()
                    previous[tag.id] = before
                    updated.append(tag.id)
        except VocabularyRefused as error:
            raise CodebookRefused(f"{where}: {error}") from None
        ids[entry.slug] = tag.id
    return CodebookImport(tuple(created), tuple(updated), unchanged, previous)


def _parents_first(session: Session, entries: list[Entry], source: str) -> list[tuple[int, Entry]]:
    by_slug = {entry.slug: (number, entry) for number, entry in enumerate(entries, 1)}
    ordered: list[tuple[int, Entry]] = []
    state: dict[str, str] = {}

    def visit(slug: str, chain: list[str]) -> None:
        if state.get(slug) == "done":
            return
        number, entry = by_slug[slug]
        if state.get(slug) == "visiting":
            loop = " \u2192 ".join(chain[chain.index(slug):] + [slug])
            raise CodebookRefused(f"{source}: the hierarchy goes round in a circle ({loop}).")
        state[slug] = "visiting"
        if entry.parent:
            if entry.parent in by_slug:
                visit(entry.parent, chain + [slug])
            elif session.scalar(select(Tag.id).where(Tag.slug == entry.parent)) is None:
                raise CodebookRefused(
                    f"{source}: tag {number} (\u201c{slug}\u201d): its parent \u201c{entry.parent}\u201d is neither in the file nor in the library."
                )
        state[slug] = "done"
        ordered.append((number, entry))

    for slug in by_slug:
        visit(slug, [])
    return ordered


def _check_links(session: Session, fields: TagFields, where: str) -> None:
    if not fields.treaties:
        return
    known = set(session.scalars(select(Tag.slug).where(Tag.slug.in_(fields.treaties))))
    missing = [slug for slug in fields.treaties if slug not in known]
    if missing:
        raise CodebookRefused(f"{where}: linked treaty {_names(missing)} is neither in the file nor in the library.")


def undo_import(library: Library, result: CodebookImport) -> None:
    """Take back an import: remove the tags it added and put back the fields it changed."""
    # Fields first: an updated tag may have been moved under a tag the import added.
    for tag_id, fields in result.previous.items():
        with library.writing() as session:
            tag = session.get(Tag, tag_id)
            if tag is not None:
                rows.write_fields(tag, fields)
    for tag_id in reversed(result.created_ids):
        delete_tag(library, tag_id)


# ---- export -------------------------------------------------------------------------------------

def export_data(library: Library) -> dict[str, Any]:
    """The whole vocabulary as a codebook, parents before children."""
    with library.reading() as session:
        tags = list(session.scalars(select(Tag).order_by(Tag.id)))
    slug_of = {tag.id: tag.slug for tag in tags}
    depth: dict[int, int] = {}
    parent_of = {tag.id: tag.parent_id for tag in tags}

    def level(tag_id: int) -> int:
        if tag_id not in depth:
            parent = parent_of.get(tag_id)
            depth[tag_id] = 0 if parent is None else level(parent) + 1
        return depth[tag_id]

    items = []
    for tag in sorted(tags, key=lambda t: (level(t.id), t.id)):
        fields = rows.fields_of(tag)
        item: dict[str, Any] = {"slug": tag.slug, "kind": fields.kind, "label": fields.label}
        if tag.parent_id is not None:
            item["parent"] = slug_of[tag.parent_id]
        for name in TEXT_FIELDS[4:]:
            value = getattr(fields, name)
            if value:
                item[name] = value
        for name in LIST_FIELDS:
            if getattr(fields, name):
                item[name] = list(getattr(fields, name))
        items.append(item)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "tags": items,
    }


def export_file(library: Library, path: str | Path) -> int:
    """Write the codebook to ``path`` (replacing it whole, never half-written); returns the tag count."""
    path = Path(path)
    data = export_data(library)
    temporary = path.with_name(path.name + ".part")
    try:
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise CodebookRefused(f"{path}: cannot be written ({error.strerror or error}).") from None
    return len(data["tags"])
