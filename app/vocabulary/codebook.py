"""Shared codebooks: the vocabulary as JSON, imported by slug so a team tags with the same terms.

A codebook is ``{"format": "rights-annotator-codebook", "version": 1, "tags": [...]}``;
each tag names its parent and linked treaties by slug, never by a library's row ids.
Import checks the whole file first and changes nothing when any part of it is wrong.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app.library import Library
from app.store.models import Tag
from app.vocabulary import dates, rows, rules, slugs
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
DATE_FIELDS = ("adopted", "in_force", "date_start", "date_end")
# Real hierarchies (treaty, article, paragraph) are three or four levels deep; a chain far
# deeper is a generated or broken file, refused before it can hold the library's lock.
MAX_DEPTH = 50
# Half a surrogate pair, which JSON can spell ("\\ud800") but no text file or database can hold.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


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
    except RecursionError:
        raise CodebookRefused(f"{source}: not a codebook (its JSON is nested far too deeply to be one).") from None
    except ValueError:  # a number of thousands of digits, which Python declines to read
        raise CodebookRefused(f"{source}: not valid JSON (a number in it is too long to read).") from None
    if not isinstance(data, dict):
        raise CodebookRefused(f"{source}: a codebook is a JSON object with \u201cformat\u201d and \u201ctags\u201d.")
    unknown = sorted(set(data) - TOP_FIELDS)
    if unknown:
        raise CodebookRefused(f"{source}: unknown field {_names(unknown)}.")
    if data.get("format") != FORMAT:
        raise CodebookRefused(f"{source}: not a codebook (\u201cformat\u201d should be \u201c{FORMAT}\u201d).")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > VERSION or version < 1:
        raise CodebookRefused(f"{source}: codebook version {_shown(repr(version))} is not one this version of the app reads.")
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
    if isinstance(item.get("slug"), str) and slugs.is_valid(item["slug"]):
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
    _check_characters(item, where)
    if not slugs.is_valid(item["slug"]):
        raise CodebookRefused(f"{where}: the identifier must be lower-case letters, digits and dashes.")
    _check_dates(item, where)
    values = {name: item.get(name) for name in TEXT_FIELDS if name not in ("slug", "parent")}
    values["description"] = values["description"] or ""
    fields = TagFields(**values, actors=tuple(item.get("actors", [])), treaties=tuple(item.get("treaties", [])))
    return Entry(slug=item["slug"], parent=item.get("parent") or None, fields=rules.normalised(fields))


def _check_characters(item: dict[str, Any], where: str) -> None:
    for name in (*TEXT_FIELDS, *LIST_FIELDS):
        value = item.get(name)
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and (broken := _LONE_SURROGATE.search(text)):
                raise CodebookRefused(
                    f"{where}: \u201c{name}\u201d holds a broken character ({_shown(broken.group())}), "
                    "half of a pair that cannot stand alone."
                )


def _check_dates(item: dict[str, Any], where: str) -> None:
    """Each date field, named, so a bad date is not reported as some other problem later."""
    for name in DATE_FIELDS:
        value = item.get(name)
        if value and value.strip():
            try:
                dates.span(value)
            except dates.BadDate as error:
                raise CodebookRefused(f"{where}: \u201c{name}\u201d: {_shown(str(error))}.") from None


def _names(names: list[str]) -> str:
    return ", ".join(f"\u201c{_shown(name)}\u201d" for name in names)


def _shown(text: str, limit: int = 80) -> str:
    """``text`` as a message can print it: broken characters escaped, a long text cut short."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


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
    # Planned and checked on a snapshot first, so a refused file never takes the write lock
    # and other windows wait only for the writes themselves.
    with library.reading() as session:
        known = _Known.read(session)
    plan = _plan(known, entries, source, only_missing=only_missing, builtin=builtin)
    with library.writing() as session:
        now = _Known.read(session)
        if now.rows != known.rows:  # another window changed the vocabulary meanwhile
            plan = _plan(now, entries, source, only_missing=only_missing, builtin=builtin)
        return _write(session, plan)


def apply(
    session: Session, entries: list[Entry], source: str, *, only_missing: bool = False, builtin: bool = False
) -> CodebookImport:
    """Import ``entries`` within the caller's write transaction."""
    plan = _plan(_Known.read(session), entries, source, only_missing=only_missing, builtin=builtin)
    return _write(session, plan)


@dataclass
class _Known:
    """The library's tags, read in one query; every check of an import runs against this."""

    rows: tuple[Any, ...]
    by_slug: dict[str, Any] = field(default_factory=dict)
    by_id: dict[int, Any] = field(default_factory=dict)
    with_children: set[int] = field(default_factory=set)

    @classmethod
    def read(cls, session: Session) -> _Known:
        found = tuple(session.execute(select(Tag.__table__).order_by(Tag.id)).all())
        return cls(
            found, {row.slug: row for row in found}, {row.id: row for row in found},
            {row.parent_id for row in found if row.parent_id is not None},
        )

    def parent_slug(self, row: Any) -> str | None:
        parent = self.by_id.get(row.parent_id)
        return parent.slug if parent is not None else None


@dataclass
class _Step:
    """What importing one entry does: create its tag, update it, or leave it as it is."""

    number: int
    entry: Entry
    existing: Any | None
    fields: TagFields  # as the tag will be; parent_id is filled in when the parent's id is known
    parent: str | None  # the slug of the tag it will sit under
    action: str = "keep"  # "create", "update" or "keep"
    checked: bool = True  # built-in data is checked by the tests, not on every new library
    depth: int = 0

    @property
    def where(self) -> str:
        return f"tag {self.number} (\u201c{self.entry.slug}\u201d)"


@dataclass
class _Plan:
    steps: list[_Step]  # parents before children
    known: _Known


def _plan(known: _Known, entries: list[Entry], source: str, *, only_missing: bool, builtin: bool) -> _Plan:
    """Every check of the import, in time proportional to the file and the library: nothing is written."""
    steps = {entry.slug: _step(known, number, entry, only_missing, builtin) for number, entry in enumerate(entries, 1)}
    _set_depths(steps, known, source)
    ordered = sorted(steps.values(), key=lambda step: (step.depth, step.number))
    try:
        for step in steps.values():
            _check_links(step, steps, known)
        for step in ordered:
            if step.action != "keep" and step.checked:
                _check_step(step, steps, known)
        _check_names(steps, known)
    except rules.VocabularyRefused as error:
        raise CodebookRefused(f"{source}: {error}") from None
    return _Plan(ordered, known)


def _step(known: _Known, number: int, entry: Entry, only_missing: bool, builtin: bool) -> _Step:
    row = known.by_slug.get(entry.slug)
    if row is None:
        return _Step(number, entry, None, entry.fields, entry.parent, "create", checked=not builtin)
    before = rows.fields_of(row)
    if only_missing or row.builtin:
        after = before if only_missing else before.with_changes(color=before.color or entry.fields.color)
        action = "keep" if after == before else "update"
        return _Step(number, entry, row, after, known.parent_slug(row), action)
    after = entry.fields.with_changes(color=before.color or entry.fields.color)
    parent = known.by_slug.get(entry.parent) if entry.parent else None
    same_place = parent.id == row.parent_id if parent is not None else (entry.parent is None and row.parent_id is None)
    unchanged = same_place and after.with_changes(parent_id=row.parent_id) == before
    return _Step(number, entry, row, after, entry.parent, "keep" if unchanged else "update")


def _set_depths(steps: dict[str, _Step], known: _Known, source: str) -> None:
    """Each entry's level once it is in place, refusing loops, missing parents and chains too deep."""
    depth: dict[str, int] = {}

    def parent_of(slug: str) -> str | None:
        return steps[slug].parent if slug in steps else known.parent_slug(known.by_slug[slug])

    for slug in steps:
        path: list[str] = []
        current: str | None = slug
        while current is not None and current not in depth:
            if current in path:
                loop = " \u2192 ".join(path[path.index(current):] + [current])
                raise CodebookRefused(f"{source}: the hierarchy goes round in a circle ({loop}).")
            if current not in steps and current not in known.by_slug:
                raise CodebookRefused(
                    f"{source}: {steps[path[-1]].where}: its parent \u201c{current}\u201d is neither in the file nor in the library."
                )
            path.append(current)
            current = parent_of(current)
        level = 0 if current is None else depth[current]
        for walked in reversed(path):
            level += 1
            depth[walked] = level
    for step in steps.values():
        step.depth = depth[step.entry.slug]
        if step.depth > MAX_DEPTH:
            raise CodebookRefused(
                f"{source}: {step.where}: it would sit {step.depth} levels deep, and a vocabulary may go at most "
                f"{MAX_DEPTH} levels deep (treaty, article, paragraph is three). Nothing was imported."
            )


class _ParentView:
    """A parent's kind and label as they will be, for the rules' messages."""

    def __init__(self, kind: str, label: str) -> None:
        self.kind, self.label = kind, label


def _parent_view(slug: str | None, steps: dict[str, _Step], known: _Known) -> _ParentView | None:
    if slug is None:
        return None
    if slug in steps:
        return _ParentView(steps[slug].fields.kind, steps[slug].fields.label)
    row = known.by_slug[slug]
    return _ParentView(row.kind, row.label)


def _check_step(step: _Step, steps: dict[str, _Step], known: _Known) -> None:
    fields = step.fields.with_changes(parent_id=_placeholder(step.parent))
    name = rules.display_name(fields)
    try:
        rules.check_own(fields, name)
        rules.check_parent_kind(fields, _parent_view(step.parent, steps, known), name)
        row = step.existing
        if row is not None and fields.kind != row.kind and row.id in known.with_children:
            raise rules.VocabularyRefused(
                f"it has entries under it here, so its kind cannot change from {row.kind} to {fields.kind}."
            )
    except rules.VocabularyRefused as error:
        raise rules.VocabularyRefused(f"{step.where}: {error}") from None


def _placeholder(parent: str | None) -> int | None:
    # The rules only ask whether there is a parent; its id may not exist yet.
    return None if parent is None else 0


def _check_names(steps: dict[str, _Step], known: _Known) -> None:
    """No two tags in one place share a name once the import is done (names compared casefolded)."""
    holders: dict[tuple[Any, ...], tuple[str, bool]] = {}
    places = [(row.slug, row.kind, row.label, known.parent_slug(row), False) for row in known.rows if row.slug not in steps]
    places += [(s.entry.slug, s.fields.kind, s.fields.label, s.parent, s.action != "keep" and s.checked)
               for s in sorted(steps.values(), key=lambda step: step.number)]
    for slug, kind, label, parent, checked in places:
        key = (parent, label.casefold()) if parent is not None else (None, kind, label.casefold())
        if key not in holders:
            holders[key] = (slug, checked)
            continue
        other, other_checked = holders[key]
        if checked or other_checked:
            raise _name_taken(*((slug, other) if checked else (other, slug)), steps, known)


def _name_taken(slug: str, other: str, steps: dict[str, _Step], known: _Known) -> rules.VocabularyRefused:
    step = steps[slug]
    fields = step.fields.with_changes(parent_id=_placeholder(step.parent))
    row = known.by_slug.get(other)
    shown = f"#{row.id}" if row is not None else f"\u201c{other}\u201d"
    return rules.VocabularyRefused(f"{step.where}: {rules.name_taken(fields, rules.display_name(fields), shown)}")


def _check_links(step: _Step, steps: dict[str, _Step], known: _Known) -> None:
    missing = [slug for slug in step.entry.fields.treaties if slug not in steps and slug not in known.by_slug]
    if missing:
        raise rules.VocabularyRefused(f"{step.where}: linked treaty {_names(missing)} is neither in the file nor in the library.")


def _write(session: Session, plan: _Plan) -> CodebookImport:
    """The planned writes: one statement for each level of new tags, one for all the updates."""
    ids = {row.slug: row.id for row in plan.known.rows}
    created: list[int] = []
    levels: dict[int, list[_Step]] = {}
    for step in plan.steps:
        if step.action == "create":
            levels.setdefault(step.depth, []).append(step)
    for level in sorted(levels):
        new = levels[level]
        session.execute(insert(Tag), [
            {"slug": s.entry.slug, "builtin": not s.checked, **rows.columns_of(_placed(s, ids))} for s in new
        ])
        ids.update(_ids_of(session, [s.entry.slug for s in new]))
        created += [ids[s.entry.slug] for s in new]
    changed = [step for step in plan.steps if step.action == "update"]
    previous = {step.existing.id: rows.fields_of(step.existing) for step in changed}
    if changed:
        session.execute(update(Tag), [{"id": s.existing.id, **rows.columns_of(_placed(s, ids))} for s in changed])
    unchanged = sum(step.action == "keep" for step in plan.steps)
    return CodebookImport(tuple(created), tuple(previous), unchanged, previous)


def _placed(step: _Step, ids: dict[str, int]) -> TagFields:
    return step.fields.with_changes(parent_id=ids[step.parent] if step.parent is not None else None)


def _ids_of(session: Session, slugs_wanted: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(slugs_wanted), 500):  # within SQLite's limit on parameters
        chunk = slugs_wanted[start:start + 500]
        found.update({slug: tag_id for slug, tag_id in session.execute(select(Tag.slug, Tag.id).where(Tag.slug.in_(chunk)))})
    return found


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
