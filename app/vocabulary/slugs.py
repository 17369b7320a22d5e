"""Slugs: a tag's name across libraries. Made once from the name, then never recomputed."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.models import Tag

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_LENGTH = 200


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def new_slug(session: Session, label: str, kind: str, parent_slug: str | None) -> str:
    """A slug no tag in the library has yet, readable from the tag's name and parent."""
    base = slugify(label)[:60].strip("-") or kind
    if parent_slug:
        base = f"{parent_slug}-{base}"
    elif kind in ("event", "theme", "place", "actor"):
        base = f"{kind}-{base}"
    base = base[: MAX_LENGTH - 8]
    taken = set(session.scalars(select(Tag.slug).where(Tag.slug.startswith(base))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def is_valid(slug: str) -> bool:
    return len(slug) <= MAX_LENGTH and SLUG.fullmatch(slug) is not None
