"""What an import tells the window: the change it made, a summary, and which files want a password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.changes import LibraryChange

if TYPE_CHECKING:
    from app.records import ImportOutcome


def imported_change(outcomes: list[ImportOutcome]) -> LibraryChange:
    return LibraryChange(documents=frozenset(o.document.id for o in outcomes if o.document is not None))


def summary(outcomes: list[ImportOutcome]) -> tuple[str, str]:
    """A one-line summary and the details of each failure, in words for the user."""
    imported = sum(o.status == "imported" for o in outcomes)
    present = sum(o.status == "present" for o in outcomes)
    failed = [o for o in outcomes if o.status == "failed"]
    parts = [f"{imported} imported"]
    if present:
        parts.append(f"{present} already in the library")
    parts.append(f"{len(failed)} failed")
    details = "\n".join(o.message for o in failed)
    line = ", ".join(parts)
    from app.services.responses import RESPONSE  # here: loaded by the import already, and not at start

    if any(o.status == "imported" and o.document is not None and o.document.kind == RESPONSE for o in outcomes):
        line += " \u00b7 a government response: Document \u203a Align with the report it answers\u2026 (Ctrl+Shift+A)"
    return line, details


def needs_password(outcome: ImportOutcome) -> bool:
    return outcome.status == "failed" and outcome.reason.startswith("password-protected")
