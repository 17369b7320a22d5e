"""Making a rename durable: it lives in the folder's entry, not in the file, so the folder is synced."""

from __future__ import annotations

import os
from pathlib import Path


def sync_folder(folder: Path) -> None:
    """fsync ``folder`` itself; raises OSError when the folder cannot be opened or synced."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
