"""Writing the library's files durably: a whole file or none under its name, and a rename that
lives in the folder's entry, not in the file, so the folder is synced."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path


def sync_path(path: Path) -> None:
    """fsync the file or folder at ``path`` (a folder, for the names it holds); raises OSError when it
    cannot be opened or synced."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class NotTheFile(ValueError):
    """The bytes given do not have the SHA-256 that names them: nothing was put in place."""


# Files are read this much at a time when their hash is checked.
CHUNK = 2**20


def place_file(target: Path, data: bytes, sha256: str) -> bool:
    """Write the library's read-only copy, atomically; False when an intact copy was already there.

    A copy that differs from ``sha256`` (left empty by a killed run, say) is replaced. The restore of
    a whole-library backup stores its files through this too."""
    if _intact(target, sha256):
        return False
    place_parts(target, (data,), sha256)
    return True


def place_parts(target: Path, parts: Iterable[bytes], sha256: str) -> None:
    """Write the copy from ``parts`` as they come (a file from a server, never whole in memory),
    hashing them on the way: put in place only if it is ``sha256``'s, else :class:`NotTheFile`.
    Whatever stops the parts (an exception from their iterator) leaves nothing behind."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    digest = hashlib.sha256()
    try:
        with open(temporary, "wb") as handle:
            for part in parts:
                digest.update(part)
                handle.write(part)
            if digest.hexdigest() != sha256:
                raise NotTheFile(target.name)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(0o444)
        if target.exists():  # a damaged copy: the read-only file goes first where renaming over it is refused
            target.chmod(0o644)
            target.unlink()
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # the copy is whole and named; only its entry's durability is at stake
        sync_path(target.parent)


def _intact(target: Path, sha256: str) -> bool:
    digest = hashlib.sha256()
    try:
        with open(target, "rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except OSError:  # none there, or unreadable: written anew
        return False
    return digest.hexdigest() == sha256
