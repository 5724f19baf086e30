"""`Sql` on each database: SQLite's connection and psycopg's cursor, both taking `?` placeholders.

PostgreSQL takes new rows by COPY, about twice as fast as single INSERTs; SQLite by
`executemany`. A read model sees only the `Sql` protocol, never which wrapper it was given.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from projections.engine.base import Dialect, Row


class SqliteSql:
    dialect: Dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def run(self, sql: str, params: Sequence[object] = ()) -> None:
        self.connection.execute(sql, tuple(params))

    def many(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        self.connection.executemany(sql, (tuple(r) for r in rows))

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return self.connection.execute(sql, tuple(params)).fetchall()

    def rows_after(
        self, first: str, sql: str, params: Sequence[object] = ()
    ) -> tuple[list[Row], list[Row]]:
        """The rows of `first` (no parameters), then of `sql`."""
        return self.rows(first), self.rows(sql, params)

    def insert(self, table: str, columns: str, rows: Iterable[Sequence[object]]) -> None:
        marks = ", ".join("?" * (columns.count(",") + 1))
        self.many(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608


class PostgresSql:
    dialect: Dialect = "postgresql"

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def run(self, sql: str, params: Sequence[object] = ()) -> None:
        self.cursor.execute(_pg(sql), tuple(params))

    def many(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        self.cursor.executemany(_pg(sql), [tuple(r) for r in rows])

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        self.cursor.execute(_pg(sql), tuple(params))
        return list(self.cursor.fetchall())

    def rows_after(
        self, first: Any, sql: str, params: Sequence[object] = ()
    ) -> tuple[list[Row], list[Row]]:
        """The rows of `first` (psycopg's own statement, no parameters), then of `sql`, both sent
        in one round trip (a pipeline); each is its own snapshot, `sql`'s the later."""
        connection = self.cursor.connection
        ahead = connection.cursor()
        with connection.pipeline():
            ahead.execute(first)
            self.cursor.execute(_pg(sql), tuple(params))
        return list(ahead.fetchall()), list(self.cursor.fetchall())

    def insert(self, table: str, columns: str, rows: Iterable[Sequence[object]]) -> None:
        todo = iter(rows)
        first = next(todo, None)
        if first is None:
            return  # COPY costs a round trip even with nothing to copy
        with self.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write_row(first)
            for row in todo:
                copy.write_row(row)


def _pg(sql: str) -> str:
    """`?` becomes psycopg's `%s`; a literal `%` is doubled so psycopg leaves it alone."""
    return sql.replace("%", "%%").replace("?", "%s")


# A statement to send ahead of a read's own, in the same round trip, and whether its first
# value lets the read's rows stand (when not, the read runs again).
Ahead = tuple[Any, Callable[[Any], bool]]


class OneStatement:
    """An `Sql` for a read of one statement (`Views.single`), which is consistent on its own and
    so needs no transaction; a second statement is a mistake, and fails. A connection is held
    only while the statement runs (`opened`). With `ahead`, that statement is sent first, in
    the same round trip (`rows_after`), and when its value does not let the rows stand, the
    read runs again once that has been put right."""

    def __init__(
        self,
        dialect: Dialect,
        opened: Callable[[], AbstractContextManager[SqliteSql | PostgresSql]],
        ahead: Ahead | None = None,
    ) -> None:
        self.dialect = dialect
        self._opened, self._ahead, self._spent = opened, ahead, False

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        if self._spent:
            raise RuntimeError("a read of one statement ran a second: use Views.read")
        self._spent = True
        with self._opened() as inner:
            if self._ahead is None:
                return inner.rows(sql, params)
            statement, stands = self._ahead
            first, found = inner.rows_after(statement, sql, params)
        if stands(first[0][0] if first else None):
            return found
        with self._opened() as inner:  # a later snapshot
            return inner.rows(sql, params)

    def run(self, sql: str, params: Sequence[object] = ()) -> None:
        self.rows(sql, params)

    def many(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        raise TypeError("a read of one statement writes nothing")

    def insert(self, table: str, columns: str, rows: Iterable[Sequence[object]]) -> None:
        raise TypeError("a read of one statement writes nothing")
