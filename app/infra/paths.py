"""Where the library lives: its folder on disk, and a team library's database address."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

APP_NAME = "rights-annotator"
HOME_ENV = "RIGHTS_ANNOTATOR_HOME"
DATABASE_ENV = "RIGHTS_ANNOTATOR_DATABASE"
TEAMS_DIR = "team-libraries"
DATABASE_NAME = "library.sqlite3"
FILES_DIR = "files"


def library_dir(explicit: str | os.PathLike[str] | None = None, database: str | None = None) -> Path:
    """The library folder: ``--data-dir`` wins, then the environment, then the platform's data folder.

    A team library (``database``) without a folder given has one of its own there, named for the
    server, database and member, so it never shares the local library's folder or lock.
    """
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(HOME_ENV)
    base = Path(env).expanduser().resolve() if env else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    if database:
        parts = urlsplit(database)
        who = f"{parts.username or ''}@{parts.hostname or ''}:{parts.port or ''}{parts.path}"
        return base / TEAMS_DIR / hashlib.sha256(who.encode()).hexdigest()[:16]
    return base


def database_address(explicit: str | None = None) -> str | None:
    """A team library's address: ``--database`` wins, then the environment; None for the local library."""
    return explicit or os.environ.get(DATABASE_ENV) or None
