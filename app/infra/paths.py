"""Where the library lives on disk."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "rights-annotator"
HOME_ENV = "RIGHTS_ANNOTATOR_HOME"
DATABASE_NAME = "library.sqlite3"
FILES_DIR = "files"


def library_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The library folder: ``--data-dir`` wins, then the environment, then the platform's data folder."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
