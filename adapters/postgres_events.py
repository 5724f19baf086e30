"""The library's PostgreSQL event store, made to give up at once when no connection can be had.

The library retries every read and insert ten times, 0.2 s apart, on any operational error, and
a pool that cannot connect makes each attempt wait out its checkout timeout: with the server
down a request hung for twelve seconds before it failed (R9). A failure to check a connection
out means the server is down or saturated; retrying inside the request only holds the request
longer, so that case is raised as `StoreUnavailable`, which the library does not retry and the
web layer answers with a 503 at once. An error on a connection already checked out (one broken
by a restart) is still the library's, and still retried: a new connection usually succeeds.
So is every error but one: a write that waited out its lock timeout on the events table, where
a retry would only queue again behind the same writers. Work outside a request (no deadline:
the read-model runner, the command line) keeps the library's retries, which carry it through a
restart that cut every connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import OperationalError
from eventsourcing.postgres import ConnectionPool as LibraryPool
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.postgres import PostgresFactory as LibraryPostgresFactory
from psycopg import Connection
from psycopg.abc import Query
from psycopg.errors import LockNotAvailable
from psycopg.sql import SQL
from psycopg_pool import PoolTimeout, TooManyRequests

from adapters.deadline import has_deadline, wait_for
from adapters.postgres import RECONNECT_SECONDS, WAIT_SECONDS

# Writers of the application queue on a lock of the events table for a few milliseconds each;
# one that waits this long is stuck behind something else, and hears "busy" (R11).
LOCK_SECONDS = 0.5


class StoreUnavailable(RuntimeError):
    """The database cannot be reached; the message carries the driver's reason."""


class FailFastDatastore(PostgresDatastore):
    @contextmanager
    def get_connection(self) -> Iterator[Connection[Any]]:
        checked_out = False
        try:
            with super().get_connection() as conn:
                checked_out = True
                yield conn
        except OperationalError as error:
            if not has_deadline():  # the runner, the command line: the library's retries
                raise
            if not checked_out and isinstance(error.__cause__, PoolTimeout | TooManyRequests):
                raise StoreUnavailable(f"no database connection: {error}") from error
            if isinstance(error.__cause__, LockNotAvailable):
                raise StoreUnavailable(f"the database is busy: {error}") from error
            raise


class BudgetedLibraryPool(LibraryPool[Any]):
    """The library's pool, whose checkouts wait no longer than the request's deadline."""

    def getconn(self, timeout: float | None = None) -> Any:
        return super().getconn(wait_for(self.timeout if timeout is None else timeout))


class BudgetedRecorder(PostgresApplicationRecorder):
    """The library's recorder, whose wait for the events table's lock is also cut to what is
    left of the request's deadline: every connection held by a writer stuck behind the lock
    kept the requests queued behind them waiting in turn (R11)."""

    @property
    def lock_table_statements(self) -> list[Query]:
        seconds = round(wait_for(LOCK_SECONDS) * 20) / 20 or 0.05  # few distinct statements
        return [SQL("SET LOCAL lock_timeout = '{0}s'").format(seconds), *self._lock_statements]

    @lock_table_statements.setter
    def lock_table_statements(self, statements: list[Query]) -> None:
        self._lock_statements = statements[1:]  # the library's SET LOCAL is replaced above


class PostgresFactory(LibraryPostgresFactory):
    """The library's factory, with a datastore that fails fast (selected by topic in the
    `PERSISTENCE_MODULE` setting)."""

    application_recorder_class = BudgetedRecorder

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        # The library builds its datastore inline from some twenty settings; only the way a
        # connection is checked out differs, so the instance takes the subclass's method.
        self.datastore.__class__ = FailFastDatastore
        self.datastore.pool.__class__ = BudgetedLibraryPool
        # The library leaves psycopg_pool's 300 s; see RECONNECT_SECONDS for why not.
        self.datastore.pool.reconnect_timeout = RECONNECT_SECONDS
        # The library reads it in whole seconds; the bound needs less.
        self.datastore.pool.timeout = WAIT_SECONDS
