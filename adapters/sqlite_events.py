"""The library's SQLite event store, with waits for the file's lock that suit who is waiting.

The library takes one busy timeout, in whole seconds, for every connection. Here a connection
waits a quarter of a second by default (reads in WAL mode seldom wait at all), and each write
transaction sets its own wait as it begins: what is left of the request's deadline, so a file
locked by another process is a 503 within the 2 s bound (R12), or several seconds for work that
is no request's (a writer outside the web, a worker), which would rather wait its turn than fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.sqlite import SQLiteConnection, SQLiteDatastore
from eventsourcing.sqlite import SQLiteFactory as LibrarySQLiteFactory

from adapters.sqlite_pool import wait_for_lock

BUSY_SECONDS = 0.25
WRITE_WAIT_SECONDS = 5.0


class PatientDatastore(SQLiteDatastore):
    @contextmanager
    def get_connection(self, *, commit: bool) -> Iterator[SQLiteConnection]:
        with super().get_connection(commit=commit) as conn:
            if commit:
                with conn.cursor() as cursor:
                    wait_for_lock(cursor, WRITE_WAIT_SECONDS)
            yield conn


class SQLiteFactory(LibrarySQLiteFactory):
    """Selected by topic in the `PERSISTENCE_MODULE` setting."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        made = self.datastore  # no connection is made before the application's first use
        self.datastore = PatientDatastore(
            db_name=made.pool.db_name,
            single_row_tracking=made.single_row_tracking,
            originator_id_type=made.originator_id_type,
        )
        made.close()
        self.datastore.pool.lock_timeout = BUSY_SECONDS  # type: ignore[assignment]
