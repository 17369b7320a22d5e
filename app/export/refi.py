"""REFI-QDA, the exchange standard of QualCoder, ATLAS.ti, MAXQDA and NVivo: codebooks (``.qdc``)
and projects (``.qdpx``), both ways, written and read with lxml and checked against the schemas
in :mod:`app.export.refi_schema` before anything is written (a file, or the library).

* A codebook is the tag tree: each tag a ``Code`` with its name (the tag's code where it has one,
  else its name), colour and description. A code's GUID is derived from the tag's slug, so a
  codebook read back into a library that has the tag finds it again.
* A project is a zip: ``project.qde`` and the PDFs under ``sources/``. Each document is a
  ``PDFSource``; each passage a ``PDFSelection`` whose GUID is the annotation's identity, whose
  name is its quote and whose description is its address (``rights-annotator://annotation/...``),
  with a ``Coding`` per tag and a ``NoteRef`` to its note in ``Notes``. ``page`` counts from 1;
  ``firstX``/``firstY`` and ``secondX``/``secondY`` are the top-left and bottom-right corners of the
  passage on that page, in PDF points from the page's top-left corner (as PyMuPDF and most
  viewers measure). The standard's schema says no more than "integers"; this is this app's reading.

Reading a project: its codes join the vocabulary (as :func:`import_codebook` does), its PDFs not
yet in the library are imported, and each selection is anchored by its quote near its page, or,
given no quote, by the words inside its rectangle (else kept as an area).
"""

from __future__ import annotations

import hashlib
import math
import re
import tempfile
import uuid as uuids
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]
from sqlalchemy import select

from app import __version__
from app.export.annotation_import import (
    AnnotationImportRefused,
    AnnotationImportResult,
    Incoming,
    IncomingTag,
    import_annotations,
)
from app.export.options import ExportOptions
from app.export.refi_schema import CODEBOOK_XSD, PROJECT_XSD
from app.export.rows import ExportRow
from app.export.writing import ExportError, Steps
from app.library import Library
from app.store.models import Document, Tag
from app.text.addresses import annotation_address
from app.vocabulary import slugs
from app.vocabulary.codebook import CodebookRefused, Entry, import_entries
from app.vocabulary.records import CodebookImport, TagFields

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = f"Rights Annotator {__version__}"
NEEDS_LIBRARY = True  # the project holds the library's PDFs
# GUIDs this app derives, so the same tag, document or note gets the same one each export.
_NAMESPACE = uuids.UUID("9a3e61c2-4f0b-4d8e-b7a5-2c6d0e1f8b34")
# A project's XML and each PDF inside it are read whole; beyond these it is not a project to read.
MAX_XML = 200 * 1024 * 1024
MAX_MEMBER = 2 * 1024 * 1024 * 1024
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=True)
_RGB = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def code_guid(slug: str) -> str:
    return str(uuids.uuid5(_NAMESPACE, f"tag:{slug}"))


def source_guid(sha256: str) -> str:
    return str(uuids.uuid5(_NAMESPACE, f"pdf:{sha256}"))


@cache
def _schema(text: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.fromstring(text.encode("utf-8")))


def problems(root: etree._Element, kind: str) -> list[str]:
    """What makes ``root`` not a REFI-QDA ``kind`` ("project" or "codebook") document; [] when it is one."""
    schema = _schema(PROJECT_XSD if kind == "project" else CODEBOOK_XSD)
    if schema.validate(root):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _stamp(moment: datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    """Text XML 1.0 can hold: page breaks become line breaks, other control characters go."""
    return _CONTROL.sub("", text.replace("\f", "\n"))


# ---- the codebook -------------------------------------------------------------------------------

def _tags(library: Library) -> list[Tag]:
    with library.reading() as session:
        tags = list(session.scalars(select(Tag).order_by(Tag.id)))
        session.expunge_all()
        return tags


def _codes(parent: etree._Element, namespace: str, tags: Sequence[Tag], wanted: set[int] | None = None) -> int:
    """The tags (those in ``wanted`` and their ancestors, or all) as nested ``Code`` elements."""
    by_id = {tag.id: tag for tag in tags}
    keep = set(by_id) if wanted is None else set()
    for tag_id in wanted or ():
        while tag_id is not None and tag_id in by_id and tag_id not in keep:
            keep.add(tag_id)
            tag_id = by_id[tag_id].parent_id  # type: ignore[assignment]
    children: dict[int | None, list[Tag]] = {}
    for tag in tags:
        if tag.id in keep:
            parent_id = tag.parent_id if tag.parent_id in keep else None
            children.setdefault(parent_id, []).append(tag)
    codes = etree.SubElement(parent, _q(namespace, "Codes"))

    def add(into: etree._Element, parent_id: int | None, depth: int) -> None:
        for tag in children.get(parent_id, []):
            code = etree.SubElement(into, _q(namespace, "Code"), guid=code_guid(tag.slug),
                                    name=_xml(tag.code or tag.label), isCodable="true")
            if tag.color and _RGB.fullmatch(tag.color):
                code.set("color", tag.color)
            description = tag.description or (tag.label if tag.code else "")
            if description:
                etree.SubElement(code, _q(namespace, "Description")).text = _xml(description)
            if depth < 60:
                add(code, tag.id, depth + 1)

    add(codes, None, 0)
    return len(keep)


def codebook_document(library: Library, tag_ids: Iterable[int] | None = None) -> tuple[etree._Element, int]:
    root = etree.Element(_q(CODEBOOK_NS, "CodeBook"), nsmap={None: CODEBOOK_NS}, origin=ORIGIN)
    count = _codes(root, CODEBOOK_NS, _tags(library), None if tag_ids is None else set(tag_ids))
    return root, count


def export_codebook(library: Library, path: str | Path) -> int:
    """Write the whole vocabulary as a REFI-QDA codebook (never half-written); returns the code count."""
    path = Path(path)
    root, count = codebook_document(library)
    if count == 0:
        raise CodebookRefused(f"{path}: the vocabulary is empty; a REFI-QDA codebook needs at least one code.")
    check_written(root, "codebook", CodebookRefused)
    temporary = path.with_name(path.name + ".part")
    try:
        temporary.write_bytes(xml_bytes(root))
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise CodebookRefused(f"{path}: cannot be written ({error.strerror or error}).") from None
    return count


def xml_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def check_written(root: etree._Element, kind: str, error: type[Exception]) -> None:
    found = problems(root, kind)
    if found:  # this app's own fault: said plainly, and nothing written
        raise error(f"The REFI-QDA {kind} made is not valid ({found[0]}); nothing was written.")


@dataclass(frozen=True)
class Code:
    guid: str
    name: str
    color: str | None
    description: str
    children: tuple[Code, ...] = ()


def _read_codes(codes: etree._Element | None, namespace: str) -> tuple[Code, ...]:
    if codes is None:
        return ()
    found = []
    for code in codes.iterchildren(_q(namespace, "Code")):
        description = code.find(_q(namespace, "Description"))
        found.append(Code(
            guid=code.get("guid", "").strip("{}").lower(), name=(code.get("name") or "").strip(),
            color=code.get("color"), description=(description.text or "") if description is not None else "",
            children=_read_codes(code, namespace),
        ))
    return tuple(found)


def _parse(data: bytes, source: str, kind: str, error: type[Exception]) -> etree._Element:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as problem:
        raise error(f"{source}: not XML ({problem}); nothing was imported.") from None
    expected = _q(PROJECT_NS if kind == "project" else CODEBOOK_NS, "Project" if kind == "project" else "CodeBook")
    if root.tag != expected:
        raise error(f"{source}: not a REFI-QDA {kind} (its root is {root.tag}, not {expected}); nothing was imported.")
    found = problems(root, kind)
    if found:
        raise error(f"{source}: not a valid REFI-QDA {kind}: {found[0]}; nothing was imported.")
    return root


def read_codebook(path: str | Path) -> tuple[Code, ...]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CodebookRefused(f"{path}: no such file.") from None
    except OSError as error:
        raise CodebookRefused(f"{path}: cannot be read ({error.strerror or error}).") from None
    root = _parse(data, path.name, "codebook", CodebookRefused)
    return _read_codes(root.find(_q(CODEBOOK_NS, "Codes")), CODEBOOK_NS)


@dataclass
class _Plan:
    entries: list[Entry] = field(default_factory=list)
    slug_of: dict[str, str] = field(default_factory=dict)  # code GUID -> the tag's slug


def _plan_codes(library: Library, codes: Sequence[Code]) -> _Plan:
    """Codes as codebook entries: one whose GUID or name the library knows is that tag; the others new themes."""
    tags = _tags(library)
    known_guid = {code_guid(tag.slug): tag for tag in tags}
    themes = {tag.label.casefold(): tag for tag in tags if tag.kind == "theme"}
    named = {name.casefold(): tag for tag in tags for name in (tag.code, tag.label) if name}
    taken = {tag.slug for tag in tags}
    plan = _Plan()

    def walk(found: Sequence[Code], parent_slug: str | None, parent_is_theme: bool, depth: int) -> None:
        for code in found:
            if not code.name:
                raise CodebookRefused(f"code {code.guid}: a code needs a name; nothing was imported.")
            tag = known_guid.get(code.guid) or themes.get(code.name.casefold()) or named.get(code.name.casefold())
            if tag is not None:
                slug, is_theme = tag.slug, tag.kind == "theme"
            else:
                base = slugs.slugify(code.name)[:60].strip("-") or "code"
                base = f"{parent_slug}-{base}" if parent_slug and parent_is_theme else f"theme-{base}"
                base = base[: slugs.MAX_LENGTH - 8]
                slug, number = base, 2
                while slug in taken:
                    slug, number = f"{base}-{number}", number + 1
                taken.add(slug)
                color = code.color if code.color and _RGB.fullmatch(code.color) else None
                if color and len(color) == 4:
                    color = "#" + "".join(c * 2 for c in color[1:])
                plan.entries.append(Entry(slug, parent_slug if parent_is_theme else None, TagFields(
                    kind="theme", label=code.name[:500], description=code.description, color=color.lower() if color else None)))
                is_theme = True
            plan.slug_of[code.guid] = slug
            if depth > 50:
                raise CodebookRefused("the codes nest more than 50 deep; nothing was imported.")
            walk(code.children, slug, is_theme, depth + 1)

    walk(codes, None, True, 0)
    return plan


def import_codebook(library: Library, path: str | Path) -> CodebookImport:
    """Merge a REFI-QDA codebook into the vocabulary: known tags are left as they are, new codes become themes."""
    codes = read_codebook(path)
    plan = _plan_codes(library, codes)
    return import_entries(library, plan.entries, Path(path).name)


# ---- the project --------------------------------------------------------------------------------

def _source_paths(rows: Sequence[ExportRow]) -> dict[str, ExportRow]:
    return {row.sha256: row for row in rows}


def _box(quads: Sequence[Sequence[float]]) -> tuple[int, int, int, int]:
    xs = [value for quad in quads for value in quad[0::2]]
    ys = [value for quad in quads for value in quad[1::2]]
    return math.floor(min(xs)), math.floor(min(ys)), math.ceil(max(xs)), math.ceil(max(ys))


def project_document(library: Library, rows: Sequence[ExportRow], title: str) -> etree._Element:
    user = str(uuids.uuid5(_NAMESPACE, "user:rights-annotator"))
    root = etree.Element(_q(PROJECT_NS, "Project"), nsmap={None: PROJECT_NS}, name=_xml(title) or "Annotations",
                         origin=ORIGIN, creatingUserGUID=user, creationDateTime=_now())
    users = etree.SubElement(root, _q(PROJECT_NS, "Users"))
    etree.SubElement(users, _q(PROJECT_NS, "User"), guid=user, name="Rights Annotator")
    with library.reading() as session:
        tag_ids = dict(session.execute(select(Tag.slug, Tag.id)).all())
    used = {tag_ids[tag.slug] for row in rows for tag in row.tags if tag.slug in tag_ids}
    if used:
        codebook = etree.SubElement(root, _q(PROJECT_NS, "CodeBook"))
        _codes(codebook, PROJECT_NS, _tags(library), used)
    sources = etree.SubElement(root, _q(PROJECT_NS, "Sources"))
    notes: list[tuple[str, ExportRow]] = []
    by_document: dict[str, list[ExportRow]] = {}
    for row in rows:
        by_document.setdefault(row.sha256, []).append(row)
    for sha256, passages in by_document.items():
        first = passages[0]
        guid = source_guid(sha256)
        source = etree.SubElement(sources, _q(PROJECT_NS, "PDFSource"), guid=guid, name=_xml(first.document_title),
                                  path=f"internal://{guid}.pdf", creatingUser=user,
                                  creationDateTime=_stamp(first.added_at))
        for row in passages:
            targets = [(page, quads) for page, quads in row.targets() if quads]
            page, quads = targets[0] if targets else (row.page_index, ((0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0),))
            x0, y0, x1, y1 = _box(quads)
            selection = etree.SubElement(
                source, _q(PROJECT_NS, "PDFSelection"), guid=row.uuid, name=_xml(row.quote), page=str(page + 1),
                firstX=str(x0), firstY=str(y0), secondX=str(x1), secondY=str(y1), creatingUser=user,
                creationDateTime=_stamp(row.created_at), modifiedDateTime=_stamp(row.updated_at))
            etree.SubElement(selection, _q(PROJECT_NS, "Description")).text = annotation_address(row.uuid)
            for tag in row.tags:
                coding = etree.SubElement(selection, _q(PROJECT_NS, "Coding"),
                                          guid=str(uuids.uuid5(_NAMESPACE, f"coding:{row.uuid}:{tag.slug}")),
                                          creatingUser=user, creationDateTime=_stamp(row.created_at))
                etree.SubElement(coding, _q(PROJECT_NS, "CodeRef"), targetGUID=code_guid(tag.slug))
            if row.note:
                note_guid = str(uuids.uuid5(_NAMESPACE, f"note:{row.uuid}"))
                etree.SubElement(selection, _q(PROJECT_NS, "NoteRef"), targetGUID=note_guid)
                notes.append((note_guid, row))
    if notes:
        holder = etree.SubElement(root, _q(PROJECT_NS, "Notes"))
        for note_guid, row in notes:
            note = etree.SubElement(holder, _q(PROJECT_NS, "Note"), guid=note_guid,
                                    name=_xml(f"Note: {row.citation}"), creatingUser=user,
                                    creationDateTime=_stamp(row.updated_at))
            etree.SubElement(note, _q(PROJECT_NS, "PlainTextContent")).text = _xml(row.note)
    return root


def write(rows: Sequence[ExportRow], path: Path, options: ExportOptions, steps: Steps, library: Library) -> None:
    """The ``qdpx`` export format: the passages, their documents' PDFs, codes and notes, in one zip."""
    root = project_document(library, rows, options.title)
    check_written(root, "project", ExportError)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml_bytes(root))
        for sha256, row in _source_paths(rows).items():
            file_path = library.file_path(row.file_name)
            try:
                archive.write(file_path, f"sources/{source_guid(sha256)}.pdf", compress_type=zipfile.ZIP_STORED)
            except OSError as error:
                raise ExportError(f"The library's copy of \u201c{row.document_title}\u201d cannot be read "
                                  f"({error.strerror or error}); nothing was written.") from None
        steps.step(len(rows))


# ---- reading a project --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Project:
    root: etree._Element
    pdfs: dict[str, str]  # PDFSource GUID -> its member in the zip
    hashes: dict[str, str]  # PDFSource GUID -> the SHA-256 of that member


def _member_of(path_attribute: str | None, names: set[str]) -> str | None:
    if not path_attribute:
        return None
    if path_attribute.startswith("internal://"):
        wanted = f"sources/{path_attribute[len('internal://'):]}"
        return next((name for name in names if name.lower() == wanted.lower()), None)
    return None


def _sha256(archive: zipfile.ZipFile, member: str) -> str:
    digest = hashlib.sha256()
    with archive.open(member) as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _open_project(path: Path) -> _Project:
    source = path.name
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise AnnotationImportRefused(f"{path}: no such file.") from None
    except (zipfile.BadZipFile, OSError) as error:
        raise AnnotationImportRefused(f"{source}: not a REFI-QDA project (not a zip file: {error}).") from None
    with archive:
        infos = {info.filename: info for info in archive.infolist()}
        qde = next((name for name in infos if name.lower() == "project.qde"), None)
        if qde is None:
            raise AnnotationImportRefused(f"{source}: not a REFI-QDA project (no project.qde inside); nothing was imported.")
        if infos[qde].file_size > MAX_XML:
            raise AnnotationImportRefused(f"{source}: project.qde is too large to read; nothing was imported.")
        try:
            data = archive.read(qde)
        except (zipfile.BadZipFile, OSError, RuntimeError) as error:
            raise AnnotationImportRefused(f"{source}: project.qde cannot be read ({error}); nothing was imported.") from None
        root = _parse(data, source, "project", AnnotationImportRefused)
        pdfs, hashes = {}, {}
        names = set(infos)
        for pdf in root.iter(_q(PROJECT_NS, "PDFSource")):
            member = _member_of(pdf.get("path"), names)
            if member is None or infos[member].file_size > MAX_MEMBER:
                continue
            guid = pdf.get("guid", "").strip("{}").lower()
            pdfs[guid] = member
            try:
                hashes[guid] = _sha256(archive, member)
            except (zipfile.BadZipFile, OSError, RuntimeError) as error:
                raise AnnotationImportRefused(f"{source}: {member} cannot be read ({error}); nothing was imported.") from None
    return _Project(root, pdfs, hashes)


def _items(project: _Project, slug_of: dict[str, str], names_of: dict[str, str]) -> list[Incoming]:
    notes = {note.get("guid", "").strip("{}").lower(): "".join(note.findtext(_q(PROJECT_NS, "PlainTextContent")) or "")
             for note in project.root.iter(_q(PROJECT_NS, "Note"))}
    found = []
    for pdf in project.root.iter(_q(PROJECT_NS, "PDFSource")):
        guid = pdf.get("guid", "").strip("{}").lower()
        for number, selection in enumerate(pdf.iterchildren(_q(PROJECT_NS, "PDFSelection")), start=1):
            identity = selection.get("guid", "").strip("{}").lower()
            page = int(selection.get("page", "1"))
            x0, y0, x1, y1 = (int(selection.get(name, "0")) for name in ("firstX", "firstY", "secondX", "secondY"))
            codings = [coding.find(_q(PROJECT_NS, "CodeRef")) for coding in selection.iterchildren(_q(PROJECT_NS, "Coding"))]
            tags = []
            for ref in codings:
                target = (ref.get("targetGUID") or "").strip("{}").lower() if ref is not None else ""
                if target in names_of:
                    tags.append(IncomingTag(names_of[target], slug_of.get(target)))
            note_text = "\n\n".join(notes[ref.get("targetGUID", "").strip("{}").lower()]
                                    for ref in selection.iterchildren(_q(PROJECT_NS, "NoteRef"))
                                    if ref.get("targetGUID", "").strip("{}").lower() in notes)
            created = selection.get("creationDateTime")
            found.append(Incoming(
                source_id=f"{pdf.get('name') or guid}, selection {number}", quote=selection.get("name") or "",
                page_index=max(0, page - 1), rect=(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)),
                note=note_text, tags=tuple(tags), uuid=identity,
                created=datetime.fromisoformat(created.replace("Z", "+00:00")) if created else None,
                sha256=project.hashes.get(guid), title=pdf.get("name") or "",
            ))
    return found + _unreadable(project.root)


# The sources this app has no document for, with the selections each holds (a transcript's too).
_OTHER_SOURCES = {"TextSource": ("a text", ("PlainTextSelection",)),
                  "PictureSource": ("a picture", ("PictureSelection",)),
                  "AudioSource": ("a recording", ("AudioSelection", "TranscriptSelection")),
                  "VideoSource": ("a video", ("VideoSelection", "TranscriptSelection"))}


def _unreadable(root: etree._Element) -> list[Incoming]:
    """Each selection in a text, picture, audio or video source: listed as not anchored, with why."""
    found = []
    sources = root.find(_q(PROJECT_NS, "Sources"))
    for source in () if sources is None else sources.iterchildren(*(_q(PROJECT_NS, n) for n in _OTHER_SOURCES)):
        kind, selections = _OTHER_SOURCES[etree.QName(source).localname]
        named = source.get("name") or source.get("guid", "")
        for number, selection in enumerate((s for name in selections for s in source.iter(_q(PROJECT_NS, name))),
                                           start=1):
            found.append(Incoming(
                source_id=f"{named}, selection {number}", quote=selection.get("name") or "",
                uuid=selection.get("guid", "").strip("{}").lower() or None,
                unreadable=f"it is in {kind} source, and this app anchors passages in PDFs only",
            ))
    return found


def read_project_annotations(path: str | Path) -> list[Incoming]:
    """The project's selections as annotations to anchor (codes named, not yet in the vocabulary)."""
    project = _open_project(Path(path))
    names = {code.guid: code.name for code in _walk(_read_codes(
        project.root.find(f"{_q(PROJECT_NS, 'CodeBook')}/{_q(PROJECT_NS, 'Codes')}"), PROJECT_NS))}
    return _items(project, {}, names)


def _walk(codes: Iterable[Code]) -> Iterator[Code]:
    for code in codes:
        yield code
        yield from _walk(code.children)


def import_project(library: Library, path: str | Path) -> AnnotationImportResult:
    """Codes into the vocabulary, the PDFs the library lacks into the library, then the selections anchored."""
    from app.services.importing import import_paths  # noqa: PLC0415 - only a project brings PDFs

    path = Path(path)
    project = _open_project(path)
    codes = _read_codes(project.root.find(f"{_q(PROJECT_NS, 'CodeBook')}/{_q(PROJECT_NS, 'Codes')}"), PROJECT_NS)
    try:
        plan = _plan_codes(library, codes)
    except CodebookRefused as error:
        raise AnnotationImportRefused(f"{path.name}: {error}") from None
    with library.reading() as session:
        known = set(session.scalars(select(Document.sha256)))
    missing = {guid: member for guid, member in project.pdfs.items() if project.hashes.get(guid) not in known}
    if plan.entries:
        try:
            import_entries(library, plan.entries, path.name)
        except CodebookRefused as error:
            raise AnnotationImportRefused(f"{path.name}: its codes: {error}") from None
    if missing:
        with tempfile.TemporaryDirectory(prefix="rights-annotator-qdpx-") as folder, zipfile.ZipFile(path) as archive:
            files = []
            names = {pdf.get("guid", "").strip("{}").lower(): pdf.get("name") or ""
                     for pdf in project.root.iter(_q(PROJECT_NS, "PDFSource"))}
            for number, (guid, member) in enumerate(missing.items()):
                # Named as the project names the source: a PDF without a title is called after its file.
                shown = re.sub(r"[^\w\- .,()]+", "_", names.get(guid, "")).strip(" .")[:100] or guid
                (Path(folder) / str(number)).mkdir()
                target = Path(folder) / str(number) / f"{shown}.pdf"
                with archive.open(member) as source, target.open("wb") as out:
                    for chunk in iter(lambda: source.read(1 << 20), b""):
                        out.write(chunk)
                files.append(target)
            import_paths(library, files)
    names = {code.guid: code.name for code in _walk(codes)}
    return import_annotations(library, _items(project, plan.slug_of, names), "refi")
