"""vocabulary_load: the cost of making sure the built-in treaties are in a library.

``ensure_builtin`` runs whenever the vocabulary window, the timeline or a vocabulary command
opens, so once loaded it must cost about one small query. Value: ``ensure_builtin`` on a
library that has them (with 10,000 tagged passages). Baseline: one read transaction counting
the tags. Second figure: the first load into a new library, against opening that library.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import func, select

from app.library import Library
from app.store.models import Annotation, AnnotationTag, Document, Tag
from app.vocabulary.builtin import ensure_builtin
from app.vocabulary.tags import list_tags
from bench.common import Result, median_time, print_table

REPEAT = 30


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as folder:
        with Library.open(Path(folder) / "loaded") as library:
            ensure_builtin(library)
            _tag_passages(library, 10_000)

            def count() -> int:
                with library.reading() as session:
                    return session.scalar(select(func.count()).select_from(Tag))

            loaded = median_time(lambda: ensure_builtin(library), REPEAT)
            baseline = median_time(count, REPEAT)
            listing = median_time(lambda: list_tags(library), 10)

        first = median_time(lambda opened: ensure_builtin(opened), 5, lambda: _fresh(folder))
        opening = median_time(lambda _path: Library.open(_path).close(), 5, lambda: _fresh_path(folder))
    return [
        Result("vocabulary_builtin_loaded", loaded, "s", baseline, 3.0,
               note=f"list_tags with passage counts over 10,000 passages: {listing * 1000:.1f} ms"),
        Result("vocabulary_builtin_first_load", first, "s", opening, 2.0),
    ]


def _tag_passages(library: Library, count: int) -> None:
    with library.writing() as session:
        document = Document(sha256=uuid.uuid4().hex * 2, title="Bench", page_count=1, file_name="x.pdf",
                            file_size=1, pdf_metadata={})
        session.add(document)
        session.flush()
        tag_ids = list(session.scalars(select(Tag.id)))
        annotations = [Annotation(uuid=str(uuid.uuid4()), document_id=document.id, page_index=0, quote="q")
                       for _ in range(count)]
        session.add_all(annotations)
        session.flush()
        session.add_all(AnnotationTag(annotation_id=a.id, tag_id=tag_ids[i % len(tag_ids)])
                        for i, a in enumerate(annotations))


@contextmanager
def _fresh(folder: str) -> Iterator[Library]:
    with Library.open(Path(folder) / uuid.uuid4().hex) as library:
        yield library


@contextmanager
def _fresh_path(folder: str) -> Iterator[Path]:
    yield Path(folder) / uuid.uuid4().hex


if __name__ == "__main__":
    print_table(run())
