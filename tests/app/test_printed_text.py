"""Search folds what print varies, on both sides: the index and the query, find-in-document and marks."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pymupdf
import pytest

from app.library import Library
from app.pdf.find import find_in_words
from app.services import annotations as notes
from app.services.documents import search_text
from app.services.importing import import_paths
from app.services.search import search_annotations
from app.store import migrate, sqlite_search
from app.store import sqlite as store_sqlite
from app.text.printed_text import display_quote, fold, fold_mapped, join_line_end_hyphens
from app.text.query import Phrase, mark, parse
from app.text.selection import PageWords, Word
from app.vocabulary.search import fold as tag_fold
from tests.app.print_pdfs import FONT, make_print_pdf
from tests.app.test_annotations import selection
from tests.app.test_migrations import TABLES, dump, fill_revision_0001, kept, make_library_at

LINES = [
    "The \ufb01nding of the \ufb02oor inspection",  # ﬁnding, ﬂoor
    "كَتَبَ المحامي",  # a vowelled Arabic word
    "دخل السجن",  # unvowelled
    "conditions of deten-",
    "tion were poor; ill-treatment was alleged",
    "the State\u2019s report",
]

needs_font = pytest.mark.skipif(not FONT.exists(), reason=f"{FONT} is not installed")


@pytest.mark.parametrize(
    ("printed", "typed"),
    [
        ("\ufb01nding \ufb02oor \ufb00", "finding floor ff"),
        ("\uff26\uff55\uff4c\uff4c x\u00b2", "Full x2"),
        ("كَتَبَ", "كتب"),
        ("كـتـاب", "كتاب"),
        ("\ufedf\ufe8e", "لا"),  # presentation forms, as shaped PDFs often hold them
        ("שָׁלוֹם", "שלום"),
        ("co\u00adoperation", "cooperation"),
        ("deten-\ntion", "detention"),
        ("deten\u00ad\ntion", "detention"),
        ("deten- \n  tion", "detention"),
        ("the State\u2019s \u201claw\u201d \u2018x\u2019", "the State's \"law\" 'x'"),
    ],
)
def test_fold_takes_away_what_print_varies(printed, typed):
    assert fold(printed) == fold(typed) == typed


@pytest.mark.parametrize("kept_as_is", ["ill-treatment", "Council of Europe-\nOSCE", "1990-\n2000", "a -\nb", "café"])
def test_fold_keeps_real_hyphens_and_what_a_word_is_spelt_with(kept_as_is):
    assert fold(kept_as_is) == kept_as_is


def test_fold_mapped_says_where_each_folded_character_came_from():
    text = "the deten-\ntion \ufb01le"
    folded, starts, ends = fold_mapped(text)
    assert folded == fold(text) == "the detention file"
    at = folded.index("detention")
    assert text[starts[at] : ends[at + len("detention") - 1]] == "deten-\ntion"
    at = folded.index("file")
    assert text[starts[at] : ends[at + 3]] == "\ufb01le"


def test_display_quote_joins_lines_and_undoes_line_end_hyphens_only():
    assert display_quote("conditions of deten-\ntion were\npoor;\fill-treatment") == (
        "conditions of detention were poor; ill-treatment"
    )
    assert display_quote("The \ufb01nding") == "The \ufb01nding"  # as printed: only its lines change


def test_the_query_is_folded_as_the_index_is():
    assert parse("\ufb01nding").query == Phrase(("finding",))
    assert parse("كَتَبَ").query == Phrase(("كتب",))
    assert parse("\u201cill treatment\u201d").query == Phrase(("ill", "treatment"))


@pytest.mark.parametrize(
    ("text", "query", "marked"),
    [
        ("The \ufb01nding was", "finding", ["\ufb01nding"]),
        ("the deten-\ntion centre", "detention", ["deten-\ntion"]),
        ("قد كَتَبَ الكتاب", "كتب", ["كَتَبَ"]),
        ("the State\u2019s law", "state's", ["State\u2019s"]),
    ],
)
def test_marks_fall_on_the_printed_words(text, query, marked):
    assert [text[start:end] for start, end in mark(text, parse(query).terms)] == marked


@pytest.fixture
def printed(library, tmp_path):
    if not FONT.exists():
        pytest.skip(f"{FONT} is not installed")
    outcome = import_paths(library, [make_print_pdf(tmp_path / "print.pdf", LINES)])[0]
    return outcome.document.id


@needs_font
@pytest.mark.parametrize(
    "typed", ["finding", "floor", "كتب", "كَتَبَ", "السجن", "السِّجن", "detention", "ill treatment", "state's"]
)
def test_document_text_search_finds_printed_words_as_typed(library, printed, typed):
    assert [hit.page_index for hit in search_text(library, typed)] == [0]


@needs_font
def test_document_text_search_snippets_mark_the_word_found(library, printed):
    (hit,) = search_text(library, "detention")
    assert [hit.snippet[start:end] for start, end in hit.highlights] == ["detention"]


@needs_font
@pytest.mark.parametrize(("phrase", "typed"), [("\ufb01nding", "finding"), ("deten-\ntion", "detention"),
                                                ("كَتَبَ", "كتب")])
def test_annotation_search_finds_printed_quotes_as_typed(library, printed, phrase, typed):
    made = notes.create_annotation(library, notes.draft_from_selection(selection(library, printed, phrase)))
    hits = search_annotations(library, typed).hits
    assert [hit.annotation.uuid for hit in hits] == [made.uuid]
    assert [hits[0].annotation.quote[start:end] for start, end in hits[0].highlights] == [phrase]


@needs_font
@pytest.mark.parametrize(("typed", "parts"), [("finding", 1), ("the floor", 1), ("detention", 2), ("of detention", 2),
                                              ("كتب", 1), ("ill-treatment", 1), ("State's", 1)])
def test_find_in_document_finds_printed_words_as_typed(tmp_path, typed, parts):

    from app.pdf.find import find_on_page

    with pymupdf.open(make_print_pdf(tmp_path / "print.pdf", LINES)) as document:
        hits = find_on_page(document[0], typed)
    assert [len(hit) for hit in hits] == [parts]  # a word broken across lines: a part on each


def _old_library_with_printed_words(root: Path) -> Path:
    """A library at revision 0010 whose page and annotation hold a ligature word, written as old code did."""
    db_path = make_library_at(root, "0001")
    fill_revision_0001(db_path)
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE page_texts SET text = '45. Detainees were \ufb01ngerprinted' WHERE id = 2")
        db.execute("UPDATE annotations SET quote = 'Detainees were \ufb01ngerprinted', note = 'كَتَبَ' WHERE id = 1")
    engine = store_sqlite.make_engine(str(db_path))
    migrate.upgrade(engine, db_path, target="0010")
    engine.dispose()
    return db_path


def _schema_names(db_path: Path) -> set[str]:
    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'table', 'view')").fetchall()
    return {name for kind, name in rows if kind == "trigger" or sqlite_search.is_index_table(name)}


def test_revision_0011_reindexes_folded_keeping_every_row(tmp_path):
    db_path = _old_library_with_printed_words(tmp_path / "lib")
    with sqlite3.connect(db_path) as db:  # the old index: the ligature word is not found as typed
        assert db.execute("SELECT rowid FROM page_fts WHERE page_fts MATCH 'fingerprinted'").fetchall() == []
        assert db.execute("SELECT rowid FROM annotation_fts WHERE annotation_fts MATCH 'fingerprinted'").fetchall() == []
    before = dump(db_path)
    counts = {table: len(rows) for table, rows in before.items()}
    triggers = _schema_names(db_path)

    with Library.open(tmp_path / "lib") as library:
        assert migrate.current_revision(library.engine) == migrate.head_revision()
        assert [hit.page_index for hit in search_text(library, "fingerprinted")] == [1]
        assert [hit.annotation.id for hit in search_annotations(library, "fingerprinted").hits] == [1]
        assert [hit.annotation.id for hit in search_annotations(library, "كتب").hits] == [1]
        assert [hit.annotation.id for hit in search_annotations(library, "registers").hits] == []  # note replaced
        assert [hit.page_index for hit in search_text(library, "cover")] == [0]  # unchanged rows still found

    after = dump(db_path)
    assert kept(before, after) and {table: len(after[table]) for table in TABLES} == counts
    later = {"annotations_version"} | {f"tag_passages_{name}" for name in  # revisions 0017's and 0023's
                                       ("tagged", "untagged", "retagged", "trashed", "removed")}
    assert _schema_names(db_path) - {"page_fts_content"} - later == triggers  # every trigger and table made again
    with sqlite3.connect(db_path) as db:  # and the index keeps in step: a deleted annotation leaves it
        store_sqlite.register_functions(db)
        db.execute("DELETE FROM annotations")
        assert db.execute("SELECT count(*) FROM annotation_fts").fetchone() == (0,)
    assert after["page_texts"][1]["text"] == "45. Detainees were \ufb01ngerprinted"  # stored as printed


def test_revision_0011_can_be_taken_back(tmp_path):
    db_path = _old_library_with_printed_words(tmp_path / "lib")
    Library.open(tmp_path / "lib").close()
    config = migrate._config()
    engine = store_sqlite.make_engine(str(db_path))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        migrate.command.downgrade(config, "0010")
    engine.dispose()
    with sqlite3.connect(db_path) as db:  # the old index, and no function needed to write
        assert db.execute("SELECT rowid FROM page_fts WHERE page_fts MATCH 'fingerprinted'").fetchall() == []
        assert db.execute("SELECT rowid FROM annotation_fts WHERE annotation_fts MATCH 'detainees'").fetchall() == [(1,)]
        db.execute("UPDATE annotations SET note = 'x'")
        db.execute("UPDATE page_texts SET text = 'y'")


def test_a_connection_of_its_own_writes_once_it_has_the_functions(library):
    with sqlite3.connect(library.db_path) as db:
        with pytest.raises(sqlite3.OperationalError, match="rights_fold"):
            db.execute("UPDATE page_texts SET text = 'x'")
        store_sqlite.register_functions(db)
        db.execute("UPDATE page_texts SET text = 'x'")


def test_find_in_recognised_words_folds_as_the_page_find_does():
    text = "the deten-\ntion \ufb01le"
    words = (Word(0, 0, 50, 10, "the", 0, 0, 0, 3), Word(60, 0, 120, 10, "deten-", 0, 0, 4, 10),
             Word(0, 20, 40, 30, "tion", 0, 1, 11, 15), Word(50, 20, 80, 30, "\ufb01le", 0, 1, 16, 19))
    page = PageWords(0, words, text)
    assert [len(hit) for hit in find_in_words(page, "detention")] == [2]  # a part on each line
    assert [hit[0][0::2] for hit in find_in_words(page, "file")] == [(50, 80, 50, 80)]


def test_tags_are_found_by_names_in_every_script_and_as_printed():
    assert tag_fold("Навальный") == tag_fold("НАВАЛЬНЫЙ") != ""  # the old fold kept ASCII only: nothing
    assert tag_fold("\ufb01nding") == tag_fold("finding") and tag_fold("كَتَبَ") == tag_fold("كتب") != ""
    assert tag_fold("ECHR Article 3") == "echr art 3"


def test_every_ligature_word_of_a_real_paper_is_found_as_typed(library, robust_corpus):
    """The tracemonkey paper prints 160 ligatures in 59 words; each is found typed with plain letters."""
    path = robust_corpus / "pdfjs__tracemonkey_with_annotations.pdf"
    with pymupdf.open(path) as document:
        # Its words as printed, those broken at a line end ("dif-" / "ﬁcult") made whole.
        printed = {index: join_line_end_hyphens(page.get_text(flags=pymupdf.TEXTFLAGS_TEXT))
                   for index, page in enumerate(document)}
    words = {word for text in printed.values() for word in re.findall(r"\w*[\ufb00-\ufb06]\w*", text)}
    assert len(words) > 50
    import_paths(library, [path])
    for word in words:
        typed = fold(word)
        assert typed.isascii()
        pages = {index for index, text in printed.items() if re.search(rf"\b{word}\b", text)}
        assert pages <= {hit.page_index for hit in search_text(library, typed, limit=100)}, word
    assert {8, 9} <= {hit.page_index for hit in search_text(library, "difficult")}  # "dif-" / "ﬁcult" on both


def test_display_quote_leaves_a_quote_on_one_spaced_line_as_it_is_and_makes_every_other_one_line():
    import sys

    spaces = [chr(n) for n in range(sys.maxunicode + 1) if chr(n).isspace()]
    quotes = ["", " ", "one line", "x", "\u00e9t\u00e9 \u00e0 Gen\u00e8ve", "\ufb01nding (a ligature)",
              "two  spaces", " leading", "trailing ", "deten-\ntion", "ill-\ftreatment", "a\r\nb",
              *(f"word{space}word" for space in spaces), *(f"{space}word" for space in spaces)]
    for quote in quotes:
        made = display_quote(quote)
        assert made == " ".join(join_line_end_hyphens(quote).split()), repr(quote)
        assert display_quote(made) == made  # once made, left as it is
