"""Command-line values that mean nothing are refused with exit code 2 and a word on what is
accepted, never read as a filter that quietly finds no passage."""

from __future__ import annotations

import pytest

from app.cli import EXIT_OK, main
from app.services.annotations import PALETTE
from tests.app.test_search import library_with_passages  # noqa: F401 - a fixture


def refused(capsys, library, *argv):
    with pytest.raises(SystemExit) as stopped:
        main(["--data-dir", str(library.root), *argv])
    _, err = capsys.readouterr()
    assert stopped.value.code == 2
    return err


@pytest.mark.parametrize("command", [["search"], ["export", "-f", "csv", "-o", "out.csv"]])
@pytest.mark.parametrize("option", ["--since", "--until"])
@pytest.mark.parametrize("value", ["2024-13-01", "last week", "2023-02-29", "19", "2024-1-5", ""])
def test_a_date_that_is_not_one_is_refused(library_with_passages, capsys, command, option, value):
    library, *_ = library_with_passages
    err = refused(capsys, library, *command, option, value)
    assert f"\u201c{value}\u201d is not a date" in err and "2019, 2019-05 or 2019-05-17" in err and option in err


@pytest.mark.parametrize("command", [["search"], ["export", "-f", "csv", "-o", "out.csv"]])
@pytest.mark.parametrize("value", ["mauve", "#12345", "#ggg", "yellowish", ""])
def test_an_unknown_colour_is_refused_naming_the_colours_known(library_with_passages, capsys, command, value):
    library, *_ = library_with_passages
    err = refused(capsys, library, *command, "--color", value)
    assert f"\u201c{value}\u201d is not a colour" in err and ", ".join(PALETTE) in err


@pytest.mark.parametrize(("argv", "passages"), [
    (["--since", "2019", "--until", "2019-11-05"], 2),
    (["--since", "2025-06"], 2),
    (["--color", "Red"], 1),
    (["--color", "blue", "--color", "#ffd54f"], 1),
])
def test_good_dates_and_colours_still_filter(library_with_passages, capsys, argv, passages):
    library, *_ = library_with_passages
    code = main(["--data-dir", str(library.root), "search", *argv])
    out, _ = capsys.readouterr()
    assert code == EXIT_OK and out.strip().endswith(f"{passages} passage{'s' if passages != 1 else ''}")


@pytest.mark.parametrize("yes", [[], ["--yes"]])
def test_restoring_a_backup_that_does_not_exist_says_so(tmp_path, capsys, yes):
    missing = tmp_path / "no-such-backup.sqlite3"
    code = main(["--data-dir", str(tmp_path / "library"), "restore", str(missing), *yes])
    _, err = capsys.readouterr()
    assert code != EXIT_OK and f"{missing} does not exist" in err and "damaged" not in err
