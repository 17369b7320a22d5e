"""File › Connect to a team library…: tried before anything changes, remembered without the password
(which, if asked, goes to PostgreSQL's own password file instead)."""

from __future__ import annotations

import stat

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import make_url

from app.infra import paths
from tests.ui.helpers import open_window
from ui import team_connect
from ui.operations import Operations
from ui.team_connect import REMEMBERED, TeamConnectDialog


@pytest.fixture(autouse=True)
def pgpass(tmp_path, monkeypatch):
    """PostgreSQL's password file of a home of the test's own, never the computer's."""
    path = tmp_path / "home" / ".pgpass"
    monkeypatch.setenv("PGPASSFILE", str(path))
    return path


def _dialog(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dialog = TeamConnectDialog(Operations(), settings)
    qtbot.addWidget(dialog)
    return dialog, settings


def _fill(dialog, url, password):
    dialog.server.setText(url.host)
    dialog.port.setValue(url.port)
    dialog.database.setText(url.database)
    dialog.login.setText(url.username)
    dialog.password.setText(password)


def test_a_wrong_password_is_said_in_the_dialog_and_nothing_is_kept(qtbot, tmp_path, team_database):
    dialog, settings = _dialog(qtbot, tmp_path)
    _fill(dialog, make_url(team_database), "not the password")
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: dialog.connect_button.isEnabled(), timeout=15000)
    assert "refused this user name and password" in dialog.message.text()
    assert dialog.chosen is None and settings.value(REMEMBERED) is None and dialog.result() == 0


def test_missing_fields_are_named(qtbot, tmp_path):
    dialog, _ = _dialog(qtbot, tmp_path)
    dialog.connect_button.click()
    assert dialog.message.text() == "Give the server, the library, your login."


def test_a_library_that_opens_is_chosen_and_remembered_without_its_password(qtbot, tmp_path, team_database):
    url = make_url(team_database)
    dialog, settings = _dialog(qtbot, tmp_path)
    _fill(dialog, url, url.password)
    with qtbot.waitSignal(dialog.accepted, timeout=15000):
        dialog.connect_button.click()
    assert make_url(dialog.chosen).password == url.password
    remembered = str(settings.value(REMEMBERED))
    assert url.password not in remembered and make_url(remembered).database == url.database
    again, _ = _dialog(qtbot, tmp_path)  # the next time, the address is filled in
    again.settings = settings
    again._fill(remembered)
    assert (again.server.text(), again.database.text(), again.password.text()) == (url.host, url.database, "")


def test_a_password_kept_is_in_postgresqls_file_never_in_the_settings_and_connects_next_time(qtbot, tmp_path,
                                                                                         team_database, pgpass):
    url = make_url(team_database)
    dialog, settings = _dialog(qtbot, tmp_path)
    assert not dialog.keep_password.isChecked()  # only when asked
    _fill(dialog, url, url.password)
    dialog.keep_password.setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=15000):
        dialog.connect_button.click()
    settings.sync()
    assert url.password not in (tmp_path / "settings.ini").read_text()
    assert url.password in pgpass.read_text() and stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    again, _ = _dialog(qtbot, tmp_path)  # the next time: the password is not asked for
    assert again.keep_password.isChecked() and again.password.placeholderText() == "remembered: leave it empty"
    with qtbot.waitSignal(again.accepted, timeout=15000):
        again.connect_button.click()
    assert make_url(again.chosen).password is None and make_url(again.chosen).database == url.database
    third, _ = _dialog(qtbot, tmp_path)  # unticked, it is taken out of the file
    third.keep_password.setChecked(False)
    third.password.setText(url.password)
    with qtbot.waitSignal(third.accepted, timeout=15000):
        third.connect_button.click()
    assert url.password not in pgpass.read_text()


def test_the_app_starts_again_on_the_chosen_library_with_the_address_off_its_command_line(qtbot, monkeypatch):
    started = []

    def start_detached(program, arguments, environment):
        started.append((arguments, environment.value(paths.DATABASE_ENV)))
        return True

    monkeypatch.setattr(team_connect, "_start_detached", start_detached)
    monkeypatch.setattr(QApplication, "quit", lambda: started.append("quit"))
    secret = "postgresql://ann:s3cret@db.example.org:5432/ngo"
    assert team_connect.start_again_on(secret)
    assert started == [(["-m", "app"], secret), "quit"]
    started.clear()
    assert team_connect.start_again_on(None)
    assert started[0] == (["-m", "app"], "")


def test_connecting_to_the_library_already_open_says_so_and_starts_nothing(qtbot, team_library, monkeypatch):
    started = []
    monkeypatch.setattr(team_connect, "start_again_on", lambda database: started.append(database) or True)
    window = open_window(qtbot, team_library)
    url = make_url(team_library.database)
    window.features.team.chosen(f"postgresql://{url.username}@{url.host}:{url.port}/{url.database}")
    assert started == [] and "already" in window.statusBar().currentMessage()
    window.features.team.chosen(f"postgresql://{url.username}@{url.host}:{url.port}/another")
    assert started == [f"postgresql://{url.username}@{url.host}:{url.port}/another"]


def test_a_team_librarys_window_says_which_library_and_role(qtbot, team_library):
    window = open_window(qtbot, team_library)
    file_menu = window.menus.by_name["file"]
    texts = [action.text() for action in file_menu.actions()]
    assert "Connect to a &team library\u2026" in texts and "Use the &local library" in texts
    badge = window.features.team.badge
    qtbot.waitUntil(lambda: f"you ({team_library.member}) are admin" in badge.text(), timeout=10000)
    assert badge.text().startswith(f"Team library {make_url(team_library.database).database} on 127.0.0.1")


def test_another_members_document_appears_in_the_window_by_itself(qtbot, team_library, team_database, tmp_path):
    from app.library import Library
    from tests.pdfs import make_pdf
    from tests.ui.helpers import import_one

    window = open_window(qtbot, team_library)
    shown = window.table.model().rowCount()
    with Library.open(tmp_path / "other member", database=team_database) as other:
        import_one(other, make_pdf(tmp_path / "theirs.pdf", ["1. Their report, imported elsewhere."]))
    qtbot.waitUntil(lambda: window.table.model().rowCount() == shown + 1, timeout=4000)  # no F5
    assert window.features.refresher.following
    window.close()  # its library closes with it: the window looks no more
    assert not window.features.refresher.following
