"""The PostgreSQL pools of the accounts and the read models: bounded, and quick to say "busy"."""

from __future__ import annotations

import time

import pytest
from psycopg_pool import PoolTimeout

from adapters import postgres
from adapters.accounts.database import POSTGRES_POOL_MAX as ACCOUNTS_MAX
from adapters.settings import PostgresParams, parse_database_url
from projections.engine.views import POSTGRES_POOL_MAX as VIEWS_MAX
from projections.engine.views import PostgresViews

NOWHERE = PostgresParams(host="127.0.0.1", port=1, user="u", password="p", dbname="d")


def test_a_pool_is_bounded_and_not_opened_until_its_owner_opens_it() -> None:
    pool = postgres.pool(NOWHERE, name="views", max_size=VIEWS_MAX, autocommit=True)

    assert pool.closed  # built without reaching for the server
    assert (pool.name, pool.min_size, pool.max_size) == ("views", 1, VIEWS_MAX)
    assert pool.timeout == postgres.WAIT_SECONDS < 30
    assert pool.max_waiting == postgres.MAX_WAITING
    assert pool.kwargs["autocommit"] is True
    assert pool.kwargs["connect_timeout"] == max(1, int(postgres.WAIT_SECONDS))  # whole seconds
    assert ACCOUNTS_MAX < VIEWS_MAX


def test_building_the_read_model_views_does_not_need_the_server() -> None:
    views = PostgresViews(NOWHERE)
    views.close()


@pytest.mark.postgres
def test_a_saturated_pool_answers_busy_within_seconds(postgres_url: str) -> None:
    params = parse_database_url(postgres_url).postgres
    assert params is not None
    pool = postgres.pool(params, name="test", max_size=1, wait_seconds=1.0)
    pool.open(wait=True, timeout=postgres.WAIT_SECONDS)
    try:
        with pool.connection():
            started = time.monotonic()
            with pytest.raises(PoolTimeout), pool.connection():
                pass
            assert time.monotonic() - started < 5
    finally:
        pool.close()


@pytest.mark.postgres
def test_a_one_off_connection_reaches_the_server(postgres_url: str) -> None:
    params = parse_database_url(postgres_url).postgres
    assert params is not None
    with postgres.connect(params, autocommit=True) as conn:
        assert conn.autocommit
        assert conn.execute("SELECT 1").fetchone() == (1,)
