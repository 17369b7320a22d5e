"""File › Connect to a team library…: a server address and this member's own login, tried before
anything changes; then the app starts again on that library (and File › Use the local library
goes back). The address is remembered without its password; the password, if the member asks,
in PostgreSQL's own password file (app.infra.password_file), never in the app's settings."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

from PySide6.QtCore import QProcess, QProcessEnvironment, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import LibraryError
from app.infra import password_file, paths
from app.library import Library
from app.services import team
from ui.operations import Operations
from ui.theme import error_ink

REMEMBERED = "team/address"  # the last team library's address, without its password


def address(server: str, port: int, database: str, login: str, password: str) -> str:
    secret = f":{quote(password, safe='')}" if password else ""
    return f"postgresql://{quote(login, safe='')}{secret}@{server}:{port}/{quote(database, safe='')}"


def _try(database: str, keep_password: bool) -> str | None:
    """Open the team library once (its schema brought up to date if this login may); the member's
    role. A member's password is then kept in, or taken out of, PostgreSQL's password file."""
    with Library.open(None, database=database) as library:
        role = team.my_role(library)
    if role is not None and not keep_password:
        password_file.forget(database)
    elif role is not None and urlsplit(database).password:
        password_file.remember(database)
    return role


class TeamConnectDialog(QDialog):
    def __init__(self, operations: Operations, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operations, self.settings = operations, settings
        self.setWindowTitle("Connect to a team library")
        self.server = QLineEdit(placeholderText="server name or address")
        self.port = QSpinBox(minimum=1, maximum=65535, value=5432)
        self.database = QLineEdit(placeholderText="the library's database name")
        self.login = QLineEdit(placeholderText="your own login on the server")
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("Remember this library's address")
        self.remember.setChecked(True)
        self.keep_password = QCheckBox(f"Remember my password in PostgreSQL's password file ({_shown(password_file.location())}, "
                                       "which only you can read)")
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        for label, field in (("&Server", self.server), ("P&ort", self.port), ("&Library", self.database),
                             ("Lo&gin", self.login), ("&Password", self.password)):
            form.addRow(label, field)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton("&Connect", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._connect)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A team library is a PostgreSQL database your team shares; its admin gives "
                                "you a login. The app starts again on it."))
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.keep_password)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.chosen: str | None = None  # the address, once the library opened with it
        self._fill(str(settings.value(REMEMBERED, "") or ""))

    def _fill(self, remembered: str) -> None:
        if not team.is_address(remembered):
            return
        parts = urlsplit(remembered)
        self.server.setText(parts.hostname or "")
        self.port.setValue(parts.port or 5432)
        self.database.setText(parts.path.lstrip("/"))
        self.login.setText(parts.username or "")
        self.password.setFocus()
        with contextlib.suppress(LibraryError):  # a file that cannot be read remembers nothing
            if password_file.remembered(remembered):
                self.keep_password.setChecked(True)
                self.password.setPlaceholderText("remembered: leave it empty")

    def _connect(self) -> None:
        missing = [name for name, field in (("the server", self.server), ("the library", self.database),
                                            ("your login", self.login)) if not field.text().strip()]
        if missing:
            self.message.setText(f"Give {', '.join(missing)}.")
            return
        wanted = address(self.server.text().strip(), self.port.value(), self.database.text().strip(),
                         self.login.text().strip(), self.password.text())
        self.connect_button.setEnabled(False)
        self.message.setText("Connecting\u2026")
        keep = self.keep_password.isChecked()
        self.operations.run(lambda _task: _try(wanted, keep), done=lambda role: self._opened(wanted, role),
                            failed=self._refused)

    def _opened(self, wanted: str, role: str | None) -> None:
        if role is None:
            self._refused("Your login opens this library but is none of its members; ask its admin to add you.")
            return
        if self.remember.isChecked():
            self.settings.setValue(REMEMBERED, address(*_parts_without_password(wanted)))
        self.chosen = wanted
        self.accept()

    def _refused(self, message: str) -> None:
        self.connect_button.setEnabled(True)
        self.message.setText(message)


def _shown(path: Path) -> str:
    """The file's path as a member reads it: under their home folder as ``~/...``."""
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def _same_library(one: str, other: str) -> bool:
    """The same server, port, library and login (a password given or not)."""
    return _parts_without_password(one) == _parts_without_password(other)


def _parts_without_password(wanted: str) -> tuple[str, int, str, str, str]:
    parts = urlsplit(wanted)
    return parts.hostname or "", parts.port or 5432, parts.path.lstrip("/"), parts.username or "", ""


def start_again_on(database: str | None) -> bool:
    """Start the app again on ``database`` (None: the local library), then leave this one. The address
    goes to the new process in its environment, never on its command line (where others could read
    its password)."""
    environment = QProcessEnvironment.systemEnvironment()
    environment.remove(paths.DATABASE_ENV)
    if database is not None:
        environment.insert(paths.DATABASE_ENV, database)
    if _start_detached(sys.executable, ["-m", "app"], environment):
        QApplication.quit()
        return True
    return False


def _start_detached(program: str, arguments: list[str], environment: QProcessEnvironment) -> bool:
    process = QProcess()
    process.setProgram(program)
    process.setArguments(arguments)
    process.setProcessEnvironment(environment)
    process.setWorkingDirectory(os.getcwd())
    started: object = process.startDetached()  # a bool (the stubs say a pair with the process id)
    return bool(started[0] if isinstance(started, tuple) else started)


class TeamActions:
    """The File menu's entries for team libraries, and the status bar's word on which library this is."""

    def __init__(self, window: QMainWindow, library: Library, operations: Operations, settings: QSettings,
                 file_menu, before: QAction | None) -> None:  # noqa: ANN001 - a QMenu
        self.window, self.library, self.operations, self.settings = window, library, operations, settings
        connect = QAction("Connect to a &team library\u2026", window)
        connect.triggered.connect(lambda _checked=False: self.connect())
        actions = [connect]
        if library.is_team:
            local = QAction("Use the &local library", window)
            local.triggered.connect(lambda _checked=False: self.restart(None))
            actions.append(local)
            self.badge = QLabel(team.description(library))
            self._which = self.badge.text()  # what the badge says while the server is there
            window.statusBar().addPermanentWidget(self.badge)
            operations.run(lambda _task: team.my_role(library), done=self._role_known, failed=lambda _message: None)
        file_menu.insertActions(before, actions)
        file_menu.insertSeparator(before)

    def _role_known(self, role: str | None) -> None:
        # Named: two members at one desk (or one with two logins) tell their windows apart.
        self._which = f"{self._which} \u00b7 you ({self.library.member}) are {role or 'no member'}"
        if not self.badge.styleSheet():  # not while it says the server is away
            self.badge.setText(self._which)

    def set_away(self, message: str | None) -> None:
        """The badge says the server is away (in the theme's red) while ``message`` is given."""
        self.badge.setText(message or self._which)
        self.badge.setStyleSheet(f"color: {error_ink(self.badge.palette())}; font-weight: bold" if message else "")
        self.badge.setToolTip("What is on screen stays readable; the app connects again by itself." if message else "")

    def connect(self) -> None:
        dialog = TeamConnectDialog(self.operations, self.settings, self.window)
        if dialog.exec() and dialog.chosen is not None:
            self.chosen(dialog.chosen)

    def chosen(self, database: str) -> None:
        """Start again on the library chosen, unless it is this very one: a new start on it would hand
        itself over to this window (one window per library) just as this one leaves."""
        if self.library.database is not None and _same_library(database, self.library.database):
            self.window.statusBar().showMessage(f"You are on {team.description(self.library)} already.", 8000)
            return
        self.restart(database)

    def restart(self, database: str | None) -> None:
        if not start_again_on(database):
            QMessageBox.warning(self.window, "Rights Annotator", "The app could not start again on the other library; "
                                "start it with rights-annotator --database ADDRESS.")
