"""The library's SQLite event store, with a busy timeout short enough for the 2 s bound (R12).

The library takes the busy timeout in whole seconds, and lets one thread of a process write at
a time: while another process holds the file's lock, each waiting request waits its turn and
then the whole timeout, so three writers waited 1 s, 2 s and 3 s before their 503s. A quarter
of a second each keeps a handful of writers within the bound; a commit here takes milliseconds,
so the timeout only ever runs out against a lock held from outside.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.sqlite import SQLiteFactory as LibrarySQLiteFactory

BUSY_SECONDS = 0.25


class SQLiteFactory(LibrarySQLiteFactory):
    """Selected by topic in the `PERSISTENCE_MODULE` setting."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        # Read when each connection is made; none is made before the application's first use.
        self.datastore.pool.lock_timeout = BUSY_SECONDS  # type: ignore[assignment]
