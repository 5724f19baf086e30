"""Where read models keep their rows: the database that holds the events, in tables named `rm_*`.

Keeping views beside the events means one backup, one connection string, and on SQLite one
file. Every write transaction on SQLite starts with `BEGIN IMMEDIATE`: a projection reads its
tracking position and then writes, and a deferred `BEGIN` would fail at once with "database is
locked" when another process committed in between (a known trap: SQLite cannot turn a read
into a write once its snapshot is stale, and the busy timeout does not wait for that). PostgreSQL
connections come from a small bounded pool that answers "busy" within seconds.
"""

from __future__ import annotations

import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from psycopg import IsolationLevel
from psycopg_pool import ConnectionPool

from adapters import postgres
from adapters.settings import PostgresParams, Settings
from adapters.sqlite_pool import IdleConnections, wait_for_lock, writing
from projections.engine.base import Dialect, Sql
from projections.engine.dialects import Ahead, OneStatement, PostgresSql, SqliteSql

SQLITE_BUSY_SECONDS = 0.25  # reads and opening; each write sets its own wait (wait_for_lock)
# How long a transaction with no request's deadline (the runner) queues behind the writers of
# this process; a request's catch-up waits at most what is left of its deadline.
QUEUE_SECONDS = 5.0
SQLITE_IDLE_CONNECTIONS = 8
# A rebuild's own connection keeps up to this much of the file in memory (KiB), against
# SQLite's 2 MiB: the tables' keys are pilot ids, so each batch touches pages all over them.
SQLITE_REBUILD_CACHE_KIB = 128 * 1024
POSTGRES_POOL_MAX = 6


class Views(ABC):
    """Transactions on the read-model tables. `commits` counts committed write transactions;
    `beside_log` says whether the tables are in the database that holds the log."""

    dialect: Dialect
    beside_log = True

    def __init__(self) -> None:
        self.commits = 0
        self._count_lock = threading.Lock()

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Sql]:
        """A write transaction: committed when the block ends, rolled back if it raises."""

    @abstractmethod
    def read(self) -> AbstractContextManager[Sql]:
        """A read-only view of the tables, consistent for the whole block."""

    @contextmanager
    def single(self, ahead: Ahead | None = None) -> Iterator[Sql]:
        """A read of one statement, which is consistent on its own, so begins no transaction
        (on PostgreSQL, BEGIN and COMMIT would be two round trips of three); with `ahead`, a
        statement sent before it in the same round trip (`OneStatement`)."""
        yield OneStatement(self.dialect, self._one, ahead)

    @contextmanager
    def _one(self) -> Iterator[SqliteSql | PostgresSql]:
        """Where a read of one statement runs: by default, a read transaction."""
        with self.read() as sql:
            assert isinstance(sql, SqliteSql | PostgresSql)
            yield sql

    @abstractmethod
    def close(self) -> None:
        """Releases connections; the object is not used afterwards."""

    @contextmanager
    def for_rebuild(self) -> Iterator[Views]:
        """Views for a rebuild to write through: by default these same ones."""
        yield self

    def _committed(self) -> None:
        with self._count_lock:
            self.commits += 1


def open_views(settings: Settings) -> Views:
    if settings.store == "postgresql":
        assert settings.postgres is not None
        return PostgresViews(settings.postgres)
    if settings.store == "sqlite":
        assert settings.sqlite_path is not None
        return SqliteViews(settings.sqlite_path)
    return MemoryViews()


class SqliteViews(Views):
    """A connection per transaction, reused from a few idle ones; WAL lets reads run beside
    the one writer."""

    dialect: Dialect = "sqlite"

    def __init__(self, path: Path, cache_kib: int | None = None, idle: int = 0) -> None:
        super().__init__()
        self._path, self._cache_kib = path, cache_kib
        self._connections = IdleConnections(self._connect, idle or SQLITE_IDLE_CONNECTIONS)
        self._connection = self._connections.connection
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connection() as conn:
            conn.execute("PRAGMA journal_mode=WAL")

    @contextmanager
    def transaction(self) -> Iterator[Sql]:
        # Queued behind this process's other writers of the file first (workers racing, the
        # accounts' writes), so SQLite's busy timeout only waits for other processes.
        with writing(self._path, QUEUE_SECONDS), self._connection() as conn:
            wait_for_lock(conn, QUEUE_SECONDS)
            conn.execute("BEGIN IMMEDIATE")
            yield SqliteSql(conn)
            conn.execute("COMMIT")
        self._committed()

    @contextmanager
    def read(self) -> Iterator[Sql]:
        with self._connection() as conn:
            conn.execute("BEGIN")  # one snapshot for every query of the block
            yield SqliteSql(conn)
            conn.execute("ROLLBACK")

    @contextmanager
    def _one(self) -> Iterator[SqliteSql | PostgresSql]:
        with self._connection() as conn:  # autocommit: a statement is its own transaction
            yield SqliteSql(conn)

    def _connect(self) -> sqlite3.Connection:
        # Autocommit mode: the transactions are exactly the ones begun above.
        conn = sqlite3.connect(
            self._path, timeout=SQLITE_BUSY_SECONDS, isolation_level=None,
            check_same_thread=False,
        )  # fmt: skip
        # A view commit lost to a power cut is re-applied from the log, since its tracking
        # position went with it; so view commits need not wait for the disk. Events keep
        # the library's full synchronous commits.
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA secure_delete=ON")  # withdrawn text leaves no copy in free pages
        if self._cache_kib is not None:
            conn.execute(f"PRAGMA cache_size=-{int(self._cache_kib)}")
        return conn

    @contextmanager
    def for_rebuild(self) -> Iterator[Views]:
        """A connection of the rebuild's own, with a large page cache that lasts from batch to
        batch (its idle connection is kept), closed when the rebuild ends."""
        views = SqliteViews(self._path, SQLITE_REBUILD_CACHE_KIB, idle=1)
        try:
            yield views
        finally:
            views.close()

    def close(self) -> None:
        self._connections.close()


class MemoryViews(Views):
    """One in-memory database, shared under a lock: each new connection to ":memory:" would
    see an empty database of its own."""

    dialect: Dialect = "sqlite"
    beside_log = False  # the log is kept in memory by the library, not in this database

    def __init__(self) -> None:
        super().__init__()
        self._conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        self._lock = threading.RLock()

    @contextmanager
    def transaction(self) -> Iterator[Sql]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield SqliteSql(self._conn)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            self._committed()

    @contextmanager
    def read(self) -> Iterator[Sql]:
        with self._lock:
            yield SqliteSql(self._conn)

    def close(self) -> None:
        with self._lock:
            self._conn.close()


class PostgresViews(Views):
    dialect: Dialect = "postgresql"

    def __init__(self, params: PostgresParams) -> None:
        super().__init__()
        self._pool: ConnectionPool = postgres.pool(
            params, name="views", max_size=POSTGRES_POOL_MAX, autocommit=True
        )
        self._opened = False
        self._open_lock = threading.Lock()

    @contextmanager
    def transaction(self) -> Iterator[Sql]:
        with self._pool_ready().connection() as conn, conn.transaction():
            yield PostgresSql(conn.cursor())
        self._committed()

    @contextmanager
    def read(self) -> Iterator[Sql]:
        with self._pool_ready().connection() as conn:
            conn.isolation_level, conn.read_only = IsolationLevel.REPEATABLE_READ, True
            try:
                with conn.transaction():
                    yield PostgresSql(conn.cursor())
            finally:
                conn.isolation_level, conn.read_only = None, None

    @contextmanager
    def _one(self) -> Iterator[SqliteSql | PostgresSql]:
        with self._pool_ready().connection() as conn:  # in autocommit: no BEGIN, no COMMIT
            yield PostgresSql(conn.cursor())

    def _pool_ready(self) -> ConnectionPool:
        # Opened on first use, so building an app or a worker does not need the server yet.
        with self._open_lock:
            if not self._opened:
                self._pool.open(wait=False)
                self._opened = True
        return self._pool

    def close(self) -> None:
        self._pool.close()
