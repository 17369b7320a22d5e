"""What the command line prints for people cannot steer the terminal: escape codes, bells,
carriage returns, C1 controls and bidi overrides in notes, titles or tags are shown as escapes."""

from __future__ import annotations

import json
import sys

import pytest

from app.cli import EXIT_OK, main
from app.services import annotations as notes
from app.services.structure import correct_document
from app.store.models import Tag
from app.text.display_text import visible
from tests.app.test_annotations import selection
from tests.app.test_search import library_with_passages  # noqa: F401 - a fixture

# Clear the screen, an OSC 8 hyperlink ended by a bell, a backspace, a carriage return, a C1
# CSI, a right-to-left override and an isolate: each would act on a terminal, none may.
HOSTILE = "\x1b[2J\x1b]8;;https://evil.example\x07click\x1b]8;;\x07\x08\r\x9b31m\u202eevil\u2066"
SHOWN = "\\x1b[2J\\x1b]8;;https://evil.example\\x07click\\x1b]8;;\\x07\\x08\\x0d"
LETTERS = "Çà été — задержание — احتجاز — 拘留"
CONTROLS = [chr(code) for code in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))]
BIDI = list("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")


def run(capsys, library, *argv):
    code = main(["--data-dir", str(library.root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_inert(text):
    bad = [char for char in text if char in CONTROLS or char in BIDI]
    assert bad == [], f"raw control characters printed: {bad!r}"


@pytest.fixture
def hostile(library_with_passages):
    library, passages, ids, russia, news = library_with_passages
    draft = notes.draft_from_selection(selection(library, russia, "beatings during arrest"),
                                       note=f"{HOSTILE}\n{LETTERS}\twith a tab")
    notes.create_annotation(library, draft)
    correct_document(library, russia, title=f"Report {HOSTILE}", reference=f"CPT/Inf {HOSTILE}")
    with library.writing() as session:
        session.add(Tag(slug="odd", kind="theme", label=f"Theme {HOSTILE}", code=f"T {HOSTILE}"))
    return library


def test_every_control_and_bidi_character_is_shown_as_an_escape_and_letters_stay():
    for char in CONTROLS + BIDI:
        shown = visible(f"a{char}b")
        assert shown == "a" + _python_escape(char) + "b"
        assert_inert(shown)
    assert visible(LETTERS) == LETTERS
    assert visible("two\nlines\tand a tab") == "two\nlines\tand a tab"  # the layout stays
    assert visible("\ud800") == "\\ud800"  # a lone surrogate could not even be written out
    assert visible("caf\udce9.pdf") == "caf\\xe9.pdf"  # a file name's byte that is not UTF-8
    # Persian writes with the zero-width non-joiner: it stays in text, shown in an address.
    assert visible("می\u200cخواهم") == "می\u200cخواهم"
    assert visible("a\u200cb\u200bc\nd\u00a0e", strict=True) == "a\\u200cb\\u200bc\\x0ad\\xa0e"


def _python_escape(char):
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def test_search_shows_a_hostile_note_as_escapes(hostile, capsys):
    code, out, _ = run(capsys, hostile, "search", "beatings")
    assert code == EXIT_OK
    assert_inert(out)
    assert SHOWN in out and "\\x9b31m\\u202eevil\\u2066" in out
    assert LETTERS + "\twith a tab" in out  # letters of every script, the note's line break and tab kept


def test_search_on_a_terminal_keeps_its_own_bold_and_nothing_else(hostile, capsys, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, _ = run(capsys, hostile, "search", "beatings")
    assert code == EXIT_OK and "\x1b[1mbeatings\x1b[0m" in out
    assert out.replace("\x1b[1m", "").replace("\x1b[0m", "").count("\x1b") == 0


@pytest.mark.parametrize("argv", [
    ["list"], ["info", "1"], ["search-text", "beatings"], ["vocabulary", "list"], ["search", "--has-note"],
])
def test_list_info_search_text_and_vocabulary_show_escapes(hostile, capsys, argv):
    code, out, err = run(capsys, hostile, *argv)
    assert code == EXIT_OK, err
    assert_inert(out + err)
    assert "\\x1b[2J" in out


def test_json_stays_the_same_strings_with_nothing_raw_for_a_terminal(hostile, capsys):
    code, out, _ = run(capsys, hostile, "search", "beatings", "--json")
    assert code == EXIT_OK
    assert_inert(out.replace("\n", ""))
    assert LETTERS in out  # non-ASCII letters are written as they are
    assert {hit["note"] for hit in json.loads(out)["results"] if hit["note"]} == {f"{HOSTILE}\n{LETTERS}\twith a tab"}
