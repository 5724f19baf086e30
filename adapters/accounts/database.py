"""Where accounts are kept: the SQLite file of the event store, PostgreSQL, or memory.

The store runs one statement per call; SQL is written once with `?` placeholders (none of the
statements contains a literal question mark) and translated for psycopg. A write is a single
statement, so no read-then-write transaction can hit SQLite's "database is locked" trap, and on
SQLite every write still starts with `BEGIN IMMEDIATE` to queue on the busy timeout.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from psycopg_pool import ConnectionPool

from adapters import postgres
from adapters.settings import PostgresParams

Row = tuple[Any, ...]

SQLITE_BUSY_SECONDS = 5
# Each call holds a connection for one statement only, so a few serve a whole web process.
POSTGRES_POOL_MAX = 4

_TABLES = """
CREATE TABLE IF NOT EXISTS accounts (
    id {uuid} PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT,
    created_at {timestamp} NOT NULL
);
CREATE TABLE IF NOT EXISTS api_tokens (
    token_hash TEXT PRIMARY KEY,
    account_id {uuid} NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at {timestamp} NOT NULL
);
CREATE INDEX IF NOT EXISTS api_tokens_account_id ON api_tokens (account_id);
CREATE TABLE IF NOT EXISTS web_sessions (
    id_hash TEXT PRIMARY KEY,
    account_id {uuid} NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    expires_at {timestamp} NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotent_responses (
    account_id {uuid} NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_digest TEXT NOT NULL,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,
    body {blob} NOT NULL,
    created_at {timestamp} NOT NULL,
    PRIMARY KEY (account_id, idempotency_key)
);
CREATE TABLE IF NOT EXISTS sign_in_failures (
    email TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at {timestamp} NOT NULL
);
"""
# Serialises table creation when several workers start at once; CREATE TABLE IF NOT EXISTS
# alone can still fail on PostgreSQL with a duplicate key in pg_type.
_SCHEMA_LOCK = "SELECT pg_advisory_xact_lock(7262616370747261)"


class AccountDatabase(Protocol):
    def fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]: ...

    def write(self, sql: str, params: Sequence[object] = ()) -> int:
        """Runs one statement in its own transaction; the number of rows it changed."""
        ...

    def close(self) -> None: ...


class SqliteDatabase:
    """A connection per call on a file; one shared, lock-guarded connection in memory, because
    each connection to ":memory:" would otherwise see a database of its own."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._shared = _sqlite_connect(":memory:") if path is None else None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        with self._connection() as conn:
            if path is not None:
                conn.execute("PRAGMA journal_mode=WAL")
            script = _TABLES.format(uuid="TEXT", timestamp="TEXT", blob="BLOB")
            conn.executescript(f"BEGIN IMMEDIATE; {script} COMMIT;")

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        if self._shared is not None:
            with self._lock:
                yield self._shared
            return
        conn = _sqlite_connect(str(self._path))
        try:
            yield conn
        finally:
            conn.close()

    def fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        with self._connection() as conn:
            return conn.execute(sql, params).fetchall()

    def write(self, sql: str, params: Sequence[object] = ()) -> int:
        with self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                count = conn.execute(sql, params).rowcount
                conn.execute("COMMIT")
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            return count

    def close(self) -> None:
        if self._shared is not None:
            self._shared.close()


def _sqlite_connect(target: str) -> sqlite3.Connection:
    # Autocommit mode (isolation_level=None): transactions are exactly the ones written here.
    return sqlite3.connect(
        target, timeout=SQLITE_BUSY_SECONDS, isolation_level=None, check_same_thread=False
    )


class PostgresDatabase:
    def __init__(self, params: PostgresParams) -> None:
        # One direct connection first: if the server is unreachable, its error says why,
        # where the pool would only say that it timed out.
        with postgres.connect(params) as conn:
            conn.execute(_SCHEMA_LOCK)
            for statement in _TABLES.format(
                uuid="UUID", timestamp="TIMESTAMPTZ", blob="BYTEA"
            ).split(";"):
                if statement.strip():
                    conn.execute(statement)
        self._pool: ConnectionPool = postgres.pool(
            params, name="accounts", max_size=POSTGRES_POOL_MAX
        )
        try:
            self._pool.open(wait=True, timeout=postgres.WAIT_SECONDS)
        except BaseException:
            self._pool.close()
            raise

    def fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        with self._pool.connection() as conn:
            return conn.execute(sql.replace("?", "%s"), params).fetchall()

    def write(self, sql: str, params: Sequence[object] = ()) -> int:
        with self._pool.connection() as conn:  # commits when the block ends
            return conn.execute(sql.replace("?", "%s"), params).rowcount

    def close(self) -> None:
        self._pool.close()
