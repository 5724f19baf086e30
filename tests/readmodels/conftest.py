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
from projections.search import postgres
from projections.search.model import SearchModel
from projections.timeline.model import TimelineModel
from tests.readmodels.story import batches, events
from tests.web.conftest import api, api_document  # noqa: F401 (fixtures)

MODELS: tuple[type[ReadModel], ...] = (
    AccessModel,  # who may read what, which the other models' queries ask
    TimelineModel,
    QuestionLedgerModel,
    SearchModel,
    MethodChecksModel,
)


# The ways PostgreSQL finds a reader's newest matches (`projections.search.postgres`): the
# length of its spans, and whether the planner is taken to expect the word in few documents.
SEARCH_WAYS = {
    "short-spans": (1, False),  # past a span of one document: longer spans, or GIN
    "first-span": (postgres.NEWEST_SPAN, False),
    "gin-at-once": (postgres.NEWEST_SPAN, True),
}


@pytest.fixture(params=list(SEARCH_WAYS))
def span(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Each way PostgreSQL may find the matches, whatever the planner would choose; SQLite
    reads them in one way."""
    length, at_once = SEARCH_WAYS[request.param]
    monkeypatch.setattr(postgres, "NEWEST_SPAN", length)
    monkeypatch.setattr(postgres, "few", lambda *_: at_once)
    return length


def sqlite_sql() -> SqliteSql:
    return SqliteSql(sqlite3.connect(":memory:"))


def project(
    sql: Sql,
    pilots: Pilots,
    cuts: set[int] | None = None,
    only: tuple[type[ReadModel], ...] = MODELS,
) -> None:
    """Every model (or `only` these), fresh, fed the whole log in the batches the cuts make."""
    models = [model() for model in only]
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
