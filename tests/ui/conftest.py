"""Each window test gets its own settings file, so saved positions and layouts never leak between tests."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def settings(tmp_path, qapp) -> QSettings:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    qapp.setOrganizationName("rights-annotator-tests")
    qapp.setApplicationName("Rights Annotator")
    return QSettings()
