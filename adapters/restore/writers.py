"""Writing an import in one transaction, on SQLite or PostgreSQL: every event at the position
the file gives it, and the keys that seal its text, or nothing at all.

The library's recorders cannot do this: they number events themselves, and each call commits.
Keeping the file's positions, gaps included, is what makes the store export the same file
again, so the events go in here, beside the library, into the tables it made. Afterwards the
store numbers new events after the last one imported: SQLite takes the next rowid by itself,
PostgreSQL's sequence is moved past them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

import psycopg
from eventsourcing.persistence import StoredEvent
from psycopg import sql

from adapters import postgres
from adapters.restore.keys import KeyRow
from adapters.settings import PostgresParams, Settings, SettingsError

BUSY_SECONDS = 5  # as long as the store's own writers wait for a lock
_KEYS = (
    "INSERT INTO entry_keys (entry, key, made_at) VALUES ({p}, {p}, {p})"
    " ON CONFLICT (entry) DO UPDATE SET key = excluded.key"
)
_BUMP = "UPDATE entry_key_epoch SET epoch = epoch + 1 WHERE id = 1"

Positioned = tuple[int, StoredEvent]


class StoreNotEmpty(ValueError):
    """The store already holds events or keys; an import would mix two logs."""


@dataclass(frozen=True)
class Tables:
    """Where the library keeps the events and snapshots of the application."""

    events: str
    snapshots: str | None
    schema: str | None = None


class Writer(Protocol):
    def refuse_unless_empty(self) -> None: ...

    def write(self, events: list[Positioned], keys: list[KeyRow]) -> None: ...

    def finish(self, last_position: int) -> None: ...


@contextmanager
def open_writer(settings: Settings, tables: Tables) -> Iterator[Writer]:
    """A writer inside one transaction, committed when the block ends without an error."""
    if settings.store == "memory":
        raise SettingsError("`pilots import` needs a store that outlives it: sqlite or postgresql")
    if settings.postgres is not None:
        with _postgres(settings.postgres, tables) as writer:
            yield writer
    else:
        assert settings.sqlite_path is not None
        with _sqlite(str(settings.sqlite_path), tables) as writer:
            yield writer


def _refuse(counts: list[int]) -> None:
    events, snapshots, keys = counts
    if events or snapshots or keys:
        raise StoreNotEmpty(
            f"the store is not empty (it holds {events:,} events, {snapshots:,} snapshots and "
            f"{keys:,} entry keys): `pilots import` loads into an empty store only"
        )


class SqliteWriter:
    def __init__(self, conn: sqlite3.Connection, tables: Tables) -> None:
        self.conn, self.tables = conn, tables

    def refuse_unless_empty(self) -> None:
        names = [self.tables.events, self.tables.snapshots or "", "entry_keys"]
        _refuse([self._count(name) for name in names])

    def _count(self, table: str) -> int:
        if not table:
            return 0
        return int(self.conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])  # noqa: S608

    def write(self, events: list[Positioned], keys: list[KeyRow]) -> None:
        self.conn.executemany(
            f'INSERT INTO "{self.tables.events}"'  # noqa: S608 - the library's table name
            " (rowid, originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?, ?)",
            [(n, _hex(e.originator_id), e.originator_version, e.topic, e.state) for n, e in events],
        )
        rows = [(str(entry), key, made_at) for entry, key, made_at in keys]
        self.conn.executemany(_KEYS.format(p="?"), rows)

    def finish(self, last_position: int) -> None:
        # Other processes forget the keys they cached: none can be of this store's entries,
        # but a withdrawal is honoured the same way wherever it comes from.
        self.conn.execute(_BUMP)


def _hex(originator_id: UUID | str) -> str:
    # How the library's SQLite recorder stores an id.
    return originator_id.hex if isinstance(originator_id, UUID) else originator_id


@contextmanager
def _sqlite(path: str, tables: Tables) -> Iterator[SqliteWriter]:
    conn = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    # As the side database does: a key replaced by a tombstone leaves no copy in free pages.
    conn.execute("PRAGMA secure_delete=ON")
    try:
        conn.execute("BEGIN IMMEDIATE")  # the write lock, before the store is found empty
        yield SqliteWriter(conn, tables)
        conn.execute("COMMIT")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()


class PostgresWriter:
    def __init__(self, conn: psycopg.Connection[tuple[Any, ...]], tables: Tables) -> None:
        self.conn, self.tables = conn, tables
        schema = tables.schema or "public"
        self.events = sql.Identifier(schema, tables.events)
        self.snapshots = sql.Identifier(schema, tables.snapshots) if tables.snapshots else None

    def refuse_unless_empty(self) -> None:
        # The lock the library's writers take: none can record while the import runs.
        self.conn.execute(sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(self.events))
        names = [self.events, self.snapshots, sql.Identifier("entry_keys")]
        _refuse([self._count(name) for name in names])

    def _count(self, table: sql.Identifier | None) -> int:
        if table is None:
            return 0
        row = self.conn.execute(sql.SQL("SELECT count(*) FROM {}").format(table)).fetchone()
        return int(row[0]) if row else 0

    def write(self, events: list[Positioned], keys: list[KeyRow]) -> None:
        copy_sql = sql.SQL(
            "COPY {} (notification_id, originator_id, originator_version, topic, state) FROM STDIN"
        ).format(self.events)
        with self.conn.cursor() as cursor:
            with cursor.copy(copy_sql) as copy:
                for n, e in events:
                    copy.write_row((n, e.originator_id, e.originator_version, e.topic, e.state))
            cursor.executemany(_KEYS.format(p="%s"), keys)

    def finish(self, last_position: int) -> None:
        if last_position:
            self.conn.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), %s)",
                (self.events.as_string(self.conn), last_position),
            )
        self.conn.execute(_BUMP)


@contextmanager
def _postgres(params: PostgresParams, tables: Tables) -> Iterator[PostgresWriter]:
    with postgres.connect(params, timeout=BUSY_SECONDS) as conn:  # one transaction
        conn.execute(sql.SQL("SET LOCAL lock_timeout = {}").format(f"{BUSY_SECONDS}s"))
        yield PostgresWriter(conn, tables)
