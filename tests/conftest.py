"""Shared fixtures. Qt must run offscreen: set before any test module loads Qt."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_dir(name: str) -> Path:
    """A folder of the shared test corpus; skips where it is absent, fails under CI."""
    folder = CORPUS / name
    if not folder.is_dir():
        message = f"the shared test corpus is not at {folder} (it sits beside the project in the team's workspace)"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message + "; CI must have it")
        pytest.skip(message)
    return folder


@pytest.fixture
def robust_corpus() -> Path:
    return corpus_dir("robust")


@pytest.fixture
def real_corpus() -> Path:
    return corpus_dir("real")


@pytest.fixture
def library(tmp_path: Path):
    from app.library import Library

    with Library.open(tmp_path / "library") as opened:
        yield opened
