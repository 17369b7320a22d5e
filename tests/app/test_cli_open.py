"""`rights-annotator open ADDRESS`: a wrong address is refused before any window starts."""

from __future__ import annotations

import pytest

from app import cli

UUID = "0b7f3a52-9c1e-4d2a-8f6b-3e5d7c9a1b2c"


@pytest.fixture
def started(monkeypatch):
    calls: list[tuple] = []
    monkeypatch.setattr(cli, "_open_window", lambda data_dir, address=None, database=None: calls.append((data_dir, address)) or 0)
    return calls


def test_an_address_starts_or_raises_the_window_there(started, tmp_path):
    code = cli.main(["--data-dir", str(tmp_path), "open", f"rights-annotator://annotation/{UUID.upper()}"])
    assert code == cli.EXIT_OK
    assert started == [(str(tmp_path), f"rights-annotator://annotation/{UUID}")]  # handed on in its plain spelling


@pytest.mark.parametrize("address", ["https://example.org", "rights-annotator://annotation/42", "", "rights-annotator://x/y"])
def test_a_wrong_address_is_refused_and_no_window_starts(started, tmp_path, capsys, address):
    assert cli.main(["--data-dir", str(tmp_path), "open", address]) == cli.EXIT_USAGE
    assert "rights-annotator:" in capsys.readouterr().err
    assert started == [] and not (tmp_path / "library.db").exists()


def test_open_without_an_address_starts_the_window_as_the_menu_entry_does(started, tmp_path):
    """A launcher drops the entry's %u when no link is given: `rights-annotator open` alone."""
    assert cli.main(["--data-dir", str(tmp_path), "open"]) == cli.EXIT_OK
    assert started == [(str(tmp_path), None)]
