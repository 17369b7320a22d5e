"""Searches that read only the page shown: by date off the index of the newest live passages, and
ranked in tiers of the newest when very many passages match. Each way gives exactly the passages
its definition names, page after page, whatever the order of ids and dates.

The thresholds are lowered here so that a few dozen passages take every way a million would.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text, update

from app.services import annotations as notes
from app.services.importing import import_paths
from app.services.search import AnnotationFilters, search_annotations
from app.store import sqlite_search
from app.store.models import Annotation
from tests.app.test_annotations import selection
from tests.pdfs import make_pdf

COUNT = 36


@pytest.fixture
def passages(library, tmp_path):
    """``COUNT`` passages with "police" (some twice, a few with "restraint"), their dates shuffled
    against their ids, three of them in the trash."""
    lines = [f"{n}. The police {'police ' * (n % 3)}held person {n} {'under restraint ' if n % 4 == 0 else ''}in custody."
             for n in range(COUNT)]
    document = import_paths(library, [make_pdf(tmp_path / "many.pdf", ["\n".join(lines[:18]), "\n".join(lines[18:])])])
    document_id = document[0].document.id
    made = [notes.create_annotation(library, notes.draft_from_selection(selection(library, document_id, line)))
            for line in lines]
    order = list(range(COUNT))
    random.Random(7).shuffle(order)
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    with library.writing() as session:
        for info, minutes in zip(made, order):
            session.execute(update(Annotation).where(Annotation.id == info.id)
                            .values(created_at=start + timedelta(minutes=minutes)))
    notes.trash(library, [made[5].uuid, made[20].uuid, made[33].uuid])
    return library


def pages(library, words, sort, filters=AnnotationFilters(), size=5):
    """Every result, read a page of ``size`` at a time."""
    ids, offset = [], 0
    while hits := search_annotations(library, words, filters, sort=sort, limit=size, offset=offset).hits:
        ids += [hit.annotation.id for hit in hits]
        offset += size
    return ids


def live_matches(library, word):
    """(id, creation time) of the live passages whose quote holds ``word``."""
    with library.reading() as session:
        rows = session.execute(select(Annotation.id, Annotation.quote, Annotation.created_at)
                               .where(Annotation.deleted_at.is_(None))).all()
    return [(id_, created.replace(tzinfo=timezone.utc)) for id_, quote, created in rows if word in quote.lower()]


@pytest.mark.parametrize("sort_up_to, dense", [(1000, 0.05), (3, 0.0), (3, 2.0)],
                         ids=["sorted", "walked, each row checked", "walked, the matches probed"])
@pytest.mark.parametrize("word", ["police", "restraint"])
def test_by_date_every_way_gives_the_newest_first(passages, monkeypatch, sort_up_to, dense, word):
    monkeypatch.setattr(sqlite_search, "SORT_UP_TO", sort_up_to)
    monkeypatch.setattr(sqlite_search, "DENSE", dense)
    expected = [id_ for id_, _ in sorted(live_matches(passages, word), key=lambda row: (row[1], row[0]), reverse=True)]
    assert len(expected) >= 8
    assert pages(passages, word, "date") == expected


def test_by_date_with_a_filter_outside_the_index(passages, monkeypatch):
    monkeypatch.setattr(sqlite_search, "SORT_UP_TO", 3)
    since = datetime(2025, 1, 1, 0, 20, tzinfo=timezone.utc)
    expected = [id_ for id_, created in sorted(live_matches(passages, "police"), key=lambda r: (r[1], r[0]), reverse=True)
                if created >= since]
    assert expected
    assert pages(passages, "police", "date", AnnotationFilters(created_from=since)) == expected


def test_many_matches_are_ranked_in_tiers_of_the_newest(passages, monkeypatch):
    exact = pages(passages, "police", "relevance")
    assert not search_annotations(passages, "police").hints[1:]  # all ranked together: no word about tiers
    monkeypatch.setattr(sqlite_search, "RANK_ALL_UP_TO", 10)
    monkeypatch.setattr(sqlite_search, "TIER", 7)
    newest_first = sorted(exact, reverse=True)
    tier_of = {id_: position // 7 for position, id_ in enumerate(newest_first)}
    expected = sorted(exact, key=lambda id_: tier_of[id_])  # stable: the exact rank within a tier
    assert expected != exact  # the tiers do reorder this library
    for size in (3, 5, 7, 50):
        assert pages(passages, "police", "relevance", size=size) == expected
    hints = search_annotations(passages, "police").hints
    assert any("newest 7" in hint for hint in hints)


def test_few_matches_are_ranked_together_even_with_low_thresholds(passages, monkeypatch):
    exact = pages(passages, "restraint", "relevance")
    monkeypatch.setattr(sqlite_search, "RANK_ALL_UP_TO", len(exact))
    monkeypatch.setattr(sqlite_search, "TIER", 2)
    assert pages(passages, "restraint", "relevance") == exact
    assert not search_annotations(passages, "restraint").hints


def test_a_search_by_date_reads_the_index_by_date_and_a_count_reads_the_table(library):
    """Revision 0022's index: a search by date reads it in order instead of sorting; a count of the
    live passages reads the table, not an index with a look-up of each row (a library has no
    statistics for SQLite's planner: that is what a partial index of the live rows led it to)."""
    def plan(sql):
        with library.reading() as session:
            return " ".join(row[3] for row in session.execute(text("EXPLAIN QUERY PLAN " + sql)))

    by_date = plan("SELECT id FROM annotations WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 50")
    assert "ix_annotations_newest" in by_date and "TEMP B-TREE" not in by_date
    counted = plan("SELECT count(*), count(DISTINCT document_id) FROM annotations WHERE deleted_at IS NULL")
    assert "SCAN annotations" in counted and "INDEX" not in counted.replace("TEMP B-TREE", "")
