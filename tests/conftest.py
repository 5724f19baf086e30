"""Fixtures shared by every layer of tests.

PostgreSQL tests run against `PILOTS_TEST_POSTGRES_URL`, each in a database of its own that is
dropped afterwards. When the variable is unset they skip with a reason; when it is set they run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from hypothesis import settings

from adapters.settings import Settings, parse_database_url
from adapters.store import open_pilots
from domain.service import Pilots
from tests.turns import taking_turns, turns_folder

POSTGRES_URL_VARIABLE = "PILOTS_TEST_POSTGRES_URL"

# Speed is measured in `benchmarks/`, never in a test: no example has a time limit. (Hypothesis's
# default of 200 ms failed a measure's rules once, when its first example met a busy machine:
# 307 ms, and 0.7 ms when run again.) A test's own settings may still ask for one.
settings.register_profile("pilots", deadline=None)
settings.load_profile("pilots")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    """A test marked `alone` runs while no other worker runs one (`tests/turns.py`): around
    the whole of each test, so a module's fixtures, set up in its first test and torn down in
    its last (a browser, a fuzzing server), take their turn too."""
    alone = item.get_closest_marker("alone") is not None
    with taking_turns(alone, turns_folder(item.config)):
        yield


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    url = os.environ.get(POSTGRES_URL_VARIABLE, "").strip()
    if not url:
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set, so the PostgreSQL tests do not run")
    return url


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """The URL of a new, empty database on the server at `admin_url`, dropped afterwards."""
    name = f"pilots_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh, empty database for one test."""
    with fresh_database(postgres_admin_url) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'pilots.sqlite3'}"


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty store; tests using it run once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pilots.sqlite3'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store_settings(store_url: str) -> Settings:
    return parse_database_url(store_url)


@pytest.fixture
def stored_pilots(store_settings: Settings) -> Iterator[Pilots]:
    """The Pilots application on a real store (SQLite, then PostgreSQL)."""
    app = open_pilots(store_settings)
    yield app
    app.close()


@pytest.fixture
def pilots() -> Iterator[Pilots]:
    """The Pilots application in memory, for fast unit tests."""
    app = open_pilots(parse_database_url("memory://"))
    yield app
    app.close()
