"""Errors a user can meet, each carrying a message written for that user."""

from __future__ import annotations


class LibraryError(Exception):
    """Something the user must be told about; ``str(error)`` is the message."""


class LibraryUnavailable(LibraryError):
    """The library folder or database cannot be opened or written."""


class LibraryDamaged(LibraryUnavailable):
    """The library database failed its check; it is left untouched for a backup to replace."""

    def __init__(self, db_path, verdict: str) -> None:  # noqa: ANN001 - a Path
        super().__init__(
            f"The library database {db_path} is damaged ({verdict[:200]}). It was not opened, so nothing "
            "more is written to it. Restore the latest backup (rights-annotator restore) or move the file aside."
        )
        self.db_path = db_path
        self.verdict = verdict


class LibraryMissing(LibraryDamaged):
    """The database is missing or empty in a folder that shows a library was there: damaged, not new."""

    def __init__(self, db_path, what: str, evidence: str) -> None:  # noqa: ANN001 - a Path
        LibraryUnavailable.__init__(
            self,
            f"The library database {db_path} is {what}, but the library folder holds {evidence}: the library is "
            "damaged, not new, so an empty one was not made in its place. Restore the latest backup "
            "(rights-annotator restore), or choose another folder for a new library (--data-dir).",
        )
        self.db_path = db_path
        self.verdict = f"the database is {what}"


class LibraryInUse(LibraryUnavailable):
    """The library is open in another process, so it cannot be replaced now."""


class NotYours(LibraryError):
    """A team library's server kept a member from changing a row their role does not let them change."""

    def __init__(self) -> None:
        super().__init__("This was not saved: the passage is another member's, not yours to change in your role, "
                         "or it was removed meanwhile. Nothing was changed.")


class NotFound(LibraryError):
    """A document or other record named by the user does not exist."""


class ImportRefused(LibraryError):
    """A file could not be imported; the message names the file and the reason."""


class PasswordRequired(ImportRefused):
    """The PDF is encrypted and no password was given."""


class WrongPassword(ImportRefused):
    """The PDF is encrypted and the password given does not open it."""
