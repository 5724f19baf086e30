"""Read models fed straight from a `Pilots` log, on SQLite in memory or on PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import psycopg
import pytest

from domain.service import Pilots
from projections.access.model import AccessModel
from projections.engine.base import ReadModel, Sql
from projections.engine.dialects import PostgresSql, SqliteSql
from projections.method_checks.model import MethodChecksModel
from projections.question_ledger.model import QuestionLedgerModel
from projections.search.model import SearchModel
from projections.timeline.model import TimelineModel
from tests.readmodels.story import batches, events
from tests.web.conftest import api, api_document  # noqa: F401 (fixtures)

MODELS: tuple[type[ReadModel], ...] = (
    AccessModel,  # the others ask it who may read their rows
    TimelineModel,
    QuestionLedgerModel,
    SearchModel,
    MethodChecksModel,
)


def sqlite_sql() -> SqliteSql:
    return SqliteSql(sqlite3.connect(":memory:"))


def project(sql: Sql, pilots: Pilots, cuts: set[int] | None = None) -> None:
    """Every model, fresh, fed the whole log in the batches the cuts make."""
    models = [model() for model in MODELS]
    for model in models:
        model.drop(sql)
        model.create(sql)
    for batch in batches(events(pilots), cuts or set()):
        for model in models:
            model.apply(sql, batch)


@pytest.fixture
def postgres_sql(postgres_url: str) -> Iterator[PostgresSql]:
    """A cursor on a fresh PostgreSQL database; each statement commits."""
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        yield PostgresSql(connection.cursor())


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_sql(request: pytest.FixtureRequest) -> Sql:
    """Each test using it runs on SQLite, then on PostgreSQL."""
    if request.param == "sqlite":
        return sqlite_sql()
    sql: Sql = request.getfixturevalue("postgres_sql")
    return sql
