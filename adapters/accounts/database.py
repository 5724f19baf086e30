"""The side database beside the event log: accounts, sessions, kept responses and the keys of
withdrawable entries, in the SQLite file of the event store, PostgreSQL, or memory.

The store runs one statement per call; SQL is written once with `?` placeholders (none of the
statements contains a literal question mark) and translated for psycopg. A write is a single
statement, so no read-then-write transaction can hit SQLite's "database is locked" trap. On
SQLite the writers of one process queue on one lock first (`adapters.sqlite_pool.writing`),
and each write starts with `BEGIN IMMEDIATE`, whose busy timeout waits for other processes.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any, Protocol

from psycopg_pool import ConnectionPool

from adapters import postgres
from adapters.settings import PostgresParams, Settings
from adapters.sqlite_pool import IdleConnections, wait_for_lock, writing

Row = tuple[Any, ...]

SQLITE_BUSY_SECONDS = 0.25  # reads and opening; each write sets its own wait (wait_for_lock)
# How long a write with no request's deadline (the runner, the command line) queues behind the
# other writers of this process; a request waits at most what is left of its own deadline.
SQLITE_QUEUE_SECONDS = 5.0
SQLITE_IDLE_CONNECTIONS = 4
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
    pilot_id {uuid},
    pilot_version INTEGER,
    PRIMARY KEY (account_id, idempotency_key)
);
CREATE TABLE IF NOT EXISTS sign_in_failures (
    email TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at {timestamp} NOT NULL
);
CREATE TABLE IF NOT EXISTS entry_keys (
    entry {uuid} PRIMARY KEY,
    key {blob},
    made_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS entry_keys_made_at ON entry_keys (made_at);
CREATE TABLE IF NOT EXISTS entry_key_epoch (
    id INTEGER PRIMARY KEY,
    epoch BIGINT NOT NULL
);
INSERT INTO entry_key_epoch (id, epoch) VALUES (1, 0) ON CONFLICT DO NOTHING;
"""
# Columns added after their table was first created: (table, column, type), added where missing.
_ADDED_COLUMNS = (
    ("idempotent_responses", "pilot_id", "{uuid}"),
    ("idempotent_responses", "pilot_version", "INTEGER"),
)
# Indexes on added columns, made once the columns are there.
_LATER_INDEXES = (
    "CREATE INDEX IF NOT EXISTS idempotent_responses_pilot ON idempotent_responses (pilot_id)",
)
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
    """A few reused connections on a file (the keys of withdrawable entries are read on the
    way to decoding events, where opening a connection each time would dominate); one shared,
    lock-guarded connection in memory, because each connection to ":memory:" would otherwise
    see a database of its own."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._shared = _sqlite_connect(":memory:") if path is None else None
        self._pool = (
            None
            if path is None
            else IdleConnections(lambda: _sqlite_connect(str(path)), SQLITE_IDLE_CONNECTIONS)
        )
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        with self._connection() as conn:
            # Opening is no request's: it waits its turn behind busy writers of other
            # processes (a worker starting while the web writes), then waits as briefly as ever.
            wait_for_lock(conn, SQLITE_QUEUE_SECONDS)
            if path is not None:
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("BEGIN IMMEDIATE")  # one process at a time creates and adds
            try:
                _create(conn, "TEXT", "TEXT", "BLOB")
                conn.execute("COMMIT")
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        if self._shared is not None:
            with self._lock:
                yield self._shared
            return
        assert self._pool is not None
        with self._pool.connection() as conn:
            yield conn

    def _queued(self) -> AbstractContextManager[None]:
        """In memory the shared connection's lock already queues the writers."""
        if self._path is None:
            return nullcontext()
        return writing(self._path, SQLITE_QUEUE_SECONDS)

    def fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        with self._connection() as conn:
            return conn.execute(sql, params).fetchall()

    def write(self, sql: str, params: Sequence[object] = ()) -> int:
        with self._queued(), self._connection() as conn:
            wait_for_lock(conn, SQLITE_QUEUE_SECONDS)
            conn.execute("BEGIN IMMEDIATE")
            try:
                count = conn.execute(sql, params).rowcount
                conn.execute("COMMIT")
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            return count

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        if self._shared is not None:
            self._shared.close()


def _create(conn: Any, uuid: str, timestamp: str, blob: str) -> None:
    """Creates the tables, and adds the columns that tables created earlier lack."""
    for statement in _TABLES.format(uuid=uuid, timestamp=timestamp, blob=blob).split(";"):
        if statement.strip():
            conn.execute(statement)
    for table, column, kind in _ADDED_COLUMNS:
        if column not in _columns(conn, table):
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind.format(uuid=uuid)}")
    for index in _LATER_INDEXES:
        conn.execute(index)


def _columns(conn: Any, table: str) -> set[str]:
    if isinstance(conn, sqlite3.Connection):
        return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
    found = conn.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = %s AND table_schema = current_schema()",
        (table,),
    )
    return {row[0] for row in found}


def _sqlite_connect(target: str) -> sqlite3.Connection:
    # Autocommit mode (isolation_level=None): transactions are exactly the ones written here.
    conn = sqlite3.connect(
        target, timeout=SQLITE_BUSY_SECONDS, isolation_level=None, check_same_thread=False
    )
    # Rows deleted or changed here (kept responses that quote withdrawn text, shredded keys,
    # secrets) are overwritten with zeros, not left readable in free space.
    conn.execute("PRAGMA secure_delete=ON")
    return conn


class PostgresDatabase:
    def __init__(self, params: PostgresParams) -> None:
        # One direct connection first: if the server is unreachable, its error says why,
        # where the pool would only say that it timed out.
        with postgres.connect(params) as conn:
            conn.execute(_SCHEMA_LOCK)
            _create(conn, "UUID", "TIMESTAMPTZ", "BYTEA")
        # In autocommit: each call is one statement, a transaction of its own without the
        # BEGIN and COMMIT that would be two round trips of three.
        self._pool: ConnectionPool = postgres.pool(
            params, name="accounts", max_size=POSTGRES_POOL_MAX, autocommit=True
        )
        try:
            self._pool.open(wait=True, timeout=postgres.OPEN_SECONDS)
        except BaseException:
            self._pool.close()
            raise

    def fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        with self._pool.connection() as conn:
            return conn.execute(sql.replace("?", "%s"), params).fetchall()

    def write(self, sql: str, params: Sequence[object] = ()) -> int:
        with self._pool.connection() as conn:  # committed as it runs (autocommit)
            return conn.execute(sql.replace("?", "%s"), params).rowcount

    def close(self) -> None:
        self._pool.close()


def open_database(settings: Settings) -> AccountDatabase:
    """The side database beside the event store that the settings name."""
    if settings.store == "postgresql":
        assert settings.postgres is not None
        return PostgresDatabase(settings.postgres)
    return SqliteDatabase(settings.sqlite_path if settings.store == "sqlite" else None)
