"""Writing the library's files durably: a whole file or none under its name, and a rename that
lives in the folder's entry, not in the file, so the folder is synced."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path


def sync_folder(folder: Path) -> None:
    """fsync ``folder`` itself; raises OSError when the folder cannot be opened or synced."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def place_file(target: Path, data: bytes, sha256: str) -> bool:
    """Write the library's read-only copy, atomically; False when an intact copy was already there.

    A copy that differs from ``sha256`` (left empty by a killed run, say) is replaced. The restore of
    a whole-library backup stores its files through this too."""
    if target.exists():
        try:
            if hashlib.sha256(target.read_bytes()).hexdigest() == sha256:
                return False
        except OSError:
            pass
        target.chmod(0o644)
        target.unlink()
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(0o444)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # the copy is whole and named; only its entry's durability is at stake
        sync_folder(target.parent)
    return True
