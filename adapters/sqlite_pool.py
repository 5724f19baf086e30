"""A few idle SQLite connections to one file, reused rather than opened for each transaction
(opening one costs more than most of the statements run on it). The accounts' database and
the read models' views each keep one.

Also the lock that writers of one file in this process queue on. SQLite's own wait for a
file's lock polls with growing sleeps, so among eight writers of one process some waited
longer than the busy timeout while others took turns: queued here, each takes the lock as soon
as it is free, and the busy timeout only ever waits for a writer outside this process (or the
event store's one writer, which queues on a lock of the library's).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from adapters.deadline import wait_for

_writer_locks: dict[str, threading.Lock] = {}
_registry_lock = threading.Lock()


def wait_for_lock(conn: sqlite3.Connection | sqlite3.Cursor, default_wait: float) -> None:
    """Sets how long the connection's next statements wait for another process's lock on the
    file: `default_wait` seconds, or what is left of the request's deadline. Work that is no
    request's (a worker starting while the web writes) is patient; a request answers busy in
    time (R12)."""
    conn.execute(f"PRAGMA busy_timeout = {round(wait_for(default_wait) * 1000)}")


@contextmanager
def writing(path: Path, default_wait: float) -> Iterator[None]:
    """Holds this process's lock for writing `path`, waiting at most `default_wait` seconds or
    what is left of the request's deadline; if it is not free by then, SQLite's own "database
    is locked" is raised, which callers already answer as busy."""
    key = str(path.resolve())
    with _registry_lock:
        lock = _writer_locks.setdefault(key, threading.Lock())
    if not lock.acquire(timeout=wait_for(default_wait)):
        raise sqlite3.OperationalError("database is locked (by another writer of this process)")
    try:
        yield
    finally:
        lock.release()


class IdleConnections:
    """Hands out a connection made by `connect`, and keeps at most `keep` of them idle."""

    def __init__(self, connect: Callable[[], sqlite3.Connection], keep: int) -> None:
        self._connect, self._keep = connect, keep
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._connect()
        try:
            yield conn
        except BaseException:
            conn.close()  # a failed connection is not trusted again; closing rolls back
            raise
        with self._lock:
            if len(self._idle) < self._keep:
                self._idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
