from __future__ import annotations

from pathlib import Path

import platformdirs

from app.infra import paths


def test_explicit_folder_wins_then_environment_then_platform(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "from-env"))
    assert paths.library_dir(tmp_path / "given") == (tmp_path / "given").resolve()
    assert paths.library_dir(None) == (tmp_path / "from-env").resolve()
    monkeypatch.delenv(paths.HOME_ENV)
    assert paths.library_dir(None) == Path(platformdirs.user_data_dir("rights-annotator", appauthor=False))
