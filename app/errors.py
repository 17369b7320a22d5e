"""Errors a user can meet, each carrying a message written for that user."""

from __future__ import annotations


class LibraryError(Exception):
    """Something the user must be told about; ``str(error)`` is the message."""


class LibraryUnavailable(LibraryError):
    """The library folder or database cannot be opened or written."""


class NotFound(LibraryError):
    """A document or other record named by the user does not exist."""


class ImportRefused(LibraryError):
    """A file could not be imported; the message names the file and the reason."""


class PasswordRequired(ImportRefused):
    """The PDF is encrypted and no password was given."""


class WrongPassword(ImportRefused):
    """The PDF is encrypted and the password given does not open it."""
