"""`Sql` on each database: SQLite's connection and psycopg's cursor, both taking `?` placeholders.

PostgreSQL takes new rows by COPY, about twice as fast as single INSERTs; SQLite by
`executemany`. A read model sees only the `Sql` protocol, never which wrapper it was given.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
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


class OneStatement:
    """An `Sql` for a read of one statement (`Views.single`), which is consistent on its own and
    so needs no transaction; a second statement is a mistake, and fails."""

    def __init__(self, sql: SqliteSql | PostgresSql) -> None:
        self.dialect: Dialect = sql.dialect
        self._sql: SqliteSql | PostgresSql | None = sql

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return self._once().rows(sql, params)

    def run(self, sql: str, params: Sequence[object] = ()) -> None:
        self._once().run(sql, params)

    def many(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        raise TypeError("a read of one statement writes nothing")

    def insert(self, table: str, columns: str, rows: Iterable[Sequence[object]]) -> None:
        raise TypeError("a read of one statement writes nothing")

    def _once(self) -> SqliteSql | PostgresSql:
        sql, self._sql = self._sql, None
        if sql is None:
            raise RuntimeError("a read of one statement ran a second: use Views.read")
        return sql
