"""Persistence wiring: which event store the Pilots application uses, and how it is tuned.

The composition root calls `open_pilots(settings)`; tests call it with any store.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from adapters import postgres
from adapters.settings import PostgresParams, Settings
from domain.service import Pilots

TRANSCODER = "adapters.transcoder:MsgspecTranscoder"

# A request waits at most this long for a pooled connection before the library retries, and
# no more than POOL_MAX_WAITING requests queue at once: a saturated pool answers quickly
# instead of holding requests for the library's default 30 s.
POOL_SIZE = 5
POOL_MAX_OVERFLOW = 5
POOL_MAX_WAITING = 16
POOL_WAIT_SECONDS = 1
# Writers of one application queue on a table lock; waiting longer than this is an outage.
LOCK_TIMEOUT_SECONDS = 5
SQLITE_BUSY_SECONDS = 5
SCHEMA_LOCK_KEY = 0x50494C4F  # "PILO": serialises table creation across workers
SCHEMA_LOCK_CONNECT_SECONDS = 5


def event_store_env(settings: Settings, *, schema: str | None = None) -> dict[str, str]:
    """The eventsourcing environment for the store the settings name."""
    env = {"TRANSCODER_TOPIC": TRANSCODER}
    if settings.store == "memory":
        env["PERSISTENCE_MODULE"] = "eventsourcing.popo"
    elif settings.store == "sqlite":
        assert settings.sqlite_path is not None
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        env |= {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(settings.sqlite_path),
            "SQLITE_LOCK_TIMEOUT": str(SQLITE_BUSY_SECONDS),
        }
    else:
        pg = settings.postgres
        assert pg is not None
        env |= {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": pg.dbname,
            "POSTGRES_HOST": pg.host,
            "POSTGRES_PORT": str(pg.port),
            "POSTGRES_USER": pg.user,
            "POSTGRES_PASSWORD": pg.password,
            "POSTGRES_POOL_SIZE": str(POOL_SIZE),
            "POSTGRES_MAX_OVERFLOW": str(POOL_MAX_OVERFLOW),
            "POSTGRES_MAX_WAITING": str(POOL_MAX_WAITING),
            "POSTGRES_CONNECT_TIMEOUT": str(POOL_WAIT_SECONDS),
            "POSTGRES_LOCK_TIMEOUT": str(LOCK_TIMEOUT_SECONDS),
            "POSTGRES_PRE_PING": "y",
            # Measured here: with database functions on, concurrent writers lose ordering and
            # subscribers skip events. Keep the library's table-lock insert path.
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
        }
        if schema:
            env["POSTGRES_SCHEMA"] = schema
    return env


class StoreUnavailable(RuntimeError):
    """The database cannot be reached; the message carries the driver's reason."""


def open_pilots(settings: Settings, *, schema: str | None = None) -> Pilots:
    env = event_store_env(settings, schema=schema)
    if settings.postgres is None:
        return Pilots(env=env)
    # Workers starting together would race on CREATE TABLE IF NOT EXISTS, which PostgreSQL
    # answers with "tuple concurrently updated"; one at a time, under an advisory lock.
    with _schema_lock(settings.postgres):
        return Pilots(env=env)


@contextmanager
def _schema_lock(pg: PostgresParams) -> Iterator[None]:
    try:
        connection = postgres.connect(pg, timeout=SCHEMA_LOCK_CONNECT_SECONDS, autocommit=True)
    except psycopg.OperationalError as error:
        reason = str(error).strip().splitlines()[-1] if str(error).strip() else "no answer"
        raise StoreUnavailable(
            f"cannot reach PostgreSQL at {pg.host}:{pg.port}: {reason}"
        ) from None
    with connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK_KEY,))
        try:
            yield
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK_KEY,))
