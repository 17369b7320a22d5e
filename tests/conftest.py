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


def _under_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


# The database every test's team library is copied from: migrated once per run.
TEAM_TEMPLATE = "team_template"


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server of the test run's own; skips where none can be had, fails under CI."""
    from sqlalchemy import create_engine, text

    from app.store import migrate, postgres
    from tests import pg_server

    try:
        server = pg_server.start()
    except pg_server.ServerUnavailable as error:
        if _under_ci():
            pytest.fail(f"{error}; CI must have a PostgreSQL server")
        pytest.skip(str(error))
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {TEAM_TEMPLATE}"))
    template = postgres.make_engine(server.url(TEAM_TEMPLATE))
    migrate.upgrade(template, None)
    template.dispose()
    server.admin = admin
    yield server
    admin.dispose()
    server.stop()


@pytest.fixture
def team_database(postgres_server, request):
    """The address of a new team library (a database of its own, at the newest revision)."""
    from sqlalchemy import text

    name = f"team_{abs(hash(request.node.nodeid)) % 10**12}_{os.getpid()}"
    with postgres_server.admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {TEAM_TEMPLATE}"))
    yield postgres_server.url(name)
    with postgres_server.admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture
def team_library(team_database, tmp_path: Path):
    from app.library import Library

    with Library.open(tmp_path / "team", database=team_database) as opened:
        yield opened


ENGINES = ("sqlite", "postgresql")


@pytest.fixture(params=ENGINES)
def either_library(request, tmp_path: Path):
    """The local library, then a team library: a test using it holds on both engines."""
    if request.param == "sqlite":
        yield request.getfixturevalue("library")
    else:
        yield request.getfixturevalue("team_library")
