"""The library's PostgreSQL event store, made to give up at once when no connection can be had.

The library retries every read and insert ten times, 0.2 s apart, on any operational error, and
a pool that cannot connect makes each attempt wait out its checkout timeout: with the server
down a request hung for twelve seconds before it failed (R9). A failure to check a connection
out means the server is down or saturated; retrying inside the request only holds the request
longer, so that case is raised as `StoreUnavailable`, which the library does not retry and the
web layer answers with a 503 at once. An error on a connection already checked out (one broken
by a restart) is still the library's, and still retried: a new connection usually succeeds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import OperationalError
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.postgres import PostgresFactory as LibraryPostgresFactory
from psycopg import Connection
from psycopg_pool import PoolTimeout, TooManyRequests

from adapters.postgres import RECONNECT_SECONDS


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
            if not checked_out and isinstance(error.__cause__, PoolTimeout | TooManyRequests):
                raise StoreUnavailable(f"no database connection: {error}") from error
            raise


class PostgresFactory(LibraryPostgresFactory):
    """The library's factory, with a datastore that fails fast (selected by topic in the
    `PERSISTENCE_MODULE` setting)."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        # The library builds its datastore inline from some twenty settings; only the way a
        # connection is checked out differs, so the instance takes the subclass's method.
        self.datastore.__class__ = FailFastDatastore
        # The library leaves psycopg_pool's 300 s; see RECONNECT_SECONDS for why not.
        self.datastore.pool.reconnect_timeout = RECONNECT_SECONDS
