"""--install-desktop puts the menu entry, the icon and the link handler in the user's XDG folders,
--uninstall-desktop takes them away again; the desktop's own tools run where they are installed."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess

import pytest

from app.cli import desktop


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def entry_of(path):
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_install_and_uninstall_without_the_desktop_tools(xdg, monkeypatch):
    monkeypatch.setattr(desktop, "_run", lambda *args: False)  # as on a machine without xdg-utils
    monkeypatch.setattr(desktop, "command_path", lambda: "rights-annotator")
    said = []

    assert desktop.install(said.append) == 0
    entry = xdg / "data" / "applications" / "rights-annotator.desktop"
    icon = xdg / "data" / "icons" / "hicolor" / "scalable" / "apps" / "rights-annotator.svg"
    fields = entry_of(entry)
    assert fields["Exec"] == "rights-annotator open %u" and fields["Icon"] == "rights-annotator"
    assert "x-scheme-handler/rights-annotator;" in fields["MimeType"]
    assert icon.read_bytes() == desktop.ICON_SOURCE.read_bytes()
    mimeapps = (xdg / "config" / "mimeapps.list").read_text()
    assert "[Default Applications]\nx-scheme-handler/rights-annotator=rights-annotator.desktop\n" in mimeapps
    assert any(str(entry) in line for line in said)

    desktop.install(said.append)  # again: nothing doubled
    assert (xdg / "config" / "mimeapps.list").read_text().count("x-scheme-handler/rights-annotator") == 1

    assert desktop.uninstall(said.append) == 0
    assert not entry.exists() and not icon.exists()
    assert not (xdg / "config" / "mimeapps.list").exists()  # it held nothing else: nothing is left behind


def test_the_users_other_handlers_are_kept(xdg, monkeypatch):
    monkeypatch.setattr(desktop, "_run", lambda *args: False)
    mimeapps = xdg / "config" / "mimeapps.list"
    mimeapps.parent.mkdir(parents=True)
    mimeapps.write_text("[Default Applications]\ntext/html=firefox.desktop\n\n[Added Associations]\nimage/png=gimp.desktop;\n")
    desktop.install(lambda _: None)
    desktop.uninstall(lambda _: None)
    assert mimeapps.read_text() == (
        "[Default Applications]\ntext/html=firefox.desktop\n\n[Added Associations]\nimage/png=gimp.desktop;\n")
    mimeapps.write_text("[Added Associations]\nimage/png=gimp.desktop;\n")
    desktop.install(lambda _: None)
    desktop.uninstall(lambda _: None)  # the section it added, with only its line, goes too
    assert mimeapps.read_text() == "[Added Associations]\nimage/png=gimp.desktop;\n"


def test_the_desktop_tools_are_run_where_they_are(xdg, monkeypatch):
    ran = []
    monkeypatch.setattr(desktop, "_run", lambda *args: ran.append(args) or True)
    desktop.install(lambda _: None)
    applications = str(xdg / "data" / "applications")
    assert ("update-desktop-database", applications) in ran
    assert ("xdg-mime", "default", "rights-annotator.desktop", "x-scheme-handler/rights-annotator") in ran
    assert not (xdg / "config" / "mimeapps.list").exists()  # xdg-mime wrote it (here: said it did)
    ran.clear()
    desktop.uninstall(lambda _: None)
    assert ("update-desktop-database", applications) in ran


def test_an_app_not_on_path_is_started_by_its_full_path(xdg, monkeypatch, tmp_path):
    script = tmp_path / "venv" / "bin" / "rights-annotator"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    monkeypatch.setattr(desktop.shutil, "which", lambda name: None)
    monkeypatch.setattr(desktop.sys, "executable", str(script.parent / "python"))
    assert desktop.command_path() == str(script)
    spaced = "/home/a user/bin/rights-annotator"
    assert entry_of_text(desktop.desktop_entry(spaced))["Exec"] == f'"{spaced}" open %u'


def entry_of_text(text):
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read_string(text)
    return parser["Desktop Entry"]


def test_the_command_line_options_install_and_uninstall(xdg, monkeypatch, capsys):
    from app.cli import main

    monkeypatch.setattr(desktop, "_run", lambda *args: False)
    entry, icon = desktop.installed_paths()
    assert main(["--install-desktop"]) == 0
    assert entry.is_file() and icon.is_file() and str(entry) in capsys.readouterr().out
    assert main(["--uninstall-desktop"]) == 0
    assert not entry.exists() and not icon.exists()


def test_the_library_folder_may_follow_the_command(tmp_path, capsys):
    from app.cli import main

    assert main(["list", "--data-dir", str(tmp_path / "lib"), "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]" and (tmp_path / "lib").is_dir()
    assert main(["--data-dir", str(tmp_path / "other"), "list", "--json"]) == 0
    assert (tmp_path / "other").is_dir()


def test_the_entry_names_the_command_by_its_full_path_even_when_it_is_on_path(tmp_path, monkeypatch):
    """A desktop session's PATH is often not the shell's (no ~/.local/bin): the entry must not rely on it."""
    script = fake_command(tmp_path)
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ['PATH']}")
    assert desktop.command_path() == str(script)
    fields = entry_of_text(desktop.desktop_entry(desktop.command_path()))
    assert (fields["Exec"], fields["TryExec"]) == (f"{script} open %u", str(script))


def fake_command(tmp_path):
    """A stand-in for the installed console script that writes down the arguments it was given."""
    script = tmp_path / "bin" / "rights-annotator"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{tmp_path}/called"\n')
    script.chmod(0o755)
    return script


def desktop_environment(tmp_path, script):
    """A session of no particular desktop (xdg-open's generic mode) with the test's own XDG folders."""
    return {"PATH": f"{script.parent}{os.pathsep}/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path / "home"),
            "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_DATA_DIRS": str(tmp_path / "none"), "XDG_CONFIG_DIRS": str(tmp_path / "none"),
            # xdg-open asks for a link's handler only in a graphical session; nothing here draws on it.
            "DISPLAY": ":99"}


@pytest.mark.skipif(not (shutil.which("xdg-mime") and shutil.which("xdg-open")),
                    reason="xdg-utils is not installed (apt-get install xdg-utils)")
def test_xdg_open_hands_a_link_to_the_installed_command(tmp_path, monkeypatch):
    """The chain a click in a word processor takes: xdg-mime names the entry, xdg-open runs its Exec
    line, and the installed command is given `open` and the address."""
    script = fake_command(tmp_path)
    environment = desktop_environment(tmp_path, script)
    for name in list(os.environ):
        monkeypatch.delenv(name)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert desktop.install(lambda _: None) == 0
    queried = subprocess.run(["xdg-mime", "query", "default", desktop.SCHEME_TYPE], capture_output=True, text=True,
                             timeout=30, env=environment)
    assert queried.stdout.strip() == desktop.DESKTOP_NAME, queried.stderr
    address = "rights-annotator://annotation/0b7f3a52-9c1e-4d2a-8f6b-3e5d7c9a1b2c"
    opened = subprocess.run(["xdg-open", address], capture_output=True, text=True, timeout=30, env=environment)
    assert opened.returncode == 0, opened.stderr
    assert (tmp_path / "called").read_text().splitlines() == ["open", address]
    desktop.uninstall(lambda _: None)
    queried = subprocess.run(["xdg-mime", "query", "default", desktop.SCHEME_TYPE], capture_output=True, text=True,
                             timeout=30, env=environment)
    assert queried.stdout.strip() == ""


@pytest.mark.skipif(not shutil.which("desktop-file-validate"),
                    reason="desktop-file-validate is not installed (apt-get install desktop-file-utils)")
@pytest.mark.parametrize("command", ["/home/someone/.local/bin/rights-annotator", "/home/a user/bin/rights-annotator"])
def test_the_installed_entry_is_a_valid_desktop_entry(tmp_path, command):
    path = tmp_path / desktop.DESKTOP_NAME
    path.write_text(desktop.desktop_entry(command), encoding="utf-8")
    checked = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout + checked.stderr
