"""A few idle SQLite connections to one file, reused rather than opened for each transaction
(opening one costs more than most of the statements run on it). The accounts' database and
the read models' views each keep one."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


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
