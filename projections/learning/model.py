"""The `learning` read model: the learning summary's rows in `rm_learning_*` tables.

Its rows are the fold's rows (`projections.learning.rows.changes` gives both their changes), so
`summarise(load_rows(sql))` is the summary the fold gives at the same position. Values are
stored as text (ids, ISO times and dates, themes as JSON) or integers, alike on both dialects.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

import msgspec

from domain.service import Pilots
from projections.engine.base import Notice, ReadModel, Sql
from projections.learning.rows import (
    ROW_TYPES,
    CycleRow,
    IdeaRow,
    Insert,
    InsightRow,
    PilotRow,
    QuestionRow,
    Row,
    Update,
    changes,
    key_of,
)
from projections.learning.summary import LearningRows, later, rows_at

if TYPE_CHECKING:
    from projections.engine.runner import Projector

TABLE: dict[type[Row], str] = {
    PilotRow: "rm_learning_pilots",
    IdeaRow: "rm_learning_ideas",
    CycleRow: "rm_learning_cycles",
    QuestionRow: "rm_learning_questions",
    InsightRow: "rm_learning_insights",
}
POSITION = "rm_learning_position"
INTEGERS = frozenset({"version", "number", "planned_version"})
LISTS = frozenset({"themes"})


def columns(kind: type[Row]) -> list[str]:
    return [f.name for f in fields(kind)]


def _create(kind: type[Row]) -> str:
    typed = [f"{c} {'BIGINT' if c in INTEGERS else 'TEXT'}" for c in columns(kind)]
    key = ", ".join(kind.KEY)
    return f"CREATE TABLE IF NOT EXISTS {TABLE[kind]} ({', '.join(typed)}, PRIMARY KEY ({key}))"


def _insert(kind: type[Row]) -> str:
    """An upsert, so a row put twice holds the second, as in the fold's dictionaries."""
    names = columns(kind)
    others = ", ".join(f"{c} = excluded.{c}" for c in names if c not in kind.KEY)
    marks = ", ".join("?" * len(names))
    return (
        f"INSERT INTO {TABLE[kind]} ({', '.join(names)}) VALUES ({marks}) "  # noqa: S608
        f"ON CONFLICT ({', '.join(kind.KEY)}) DO UPDATE SET {others}"
    )


# Table and column names are this module's constants; values always go in as parameters.
COLUMNS = {kind: tuple(columns(kind)) for kind in ROW_TYPES}
CREATE = {kind: _create(kind) for kind in ROW_TYPES}
INSERT = {kind: _insert(kind) for kind in ROW_TYPES}
SELECT = {kind: f"SELECT {', '.join(columns(kind))} FROM {TABLE[kind]}" for kind in ROW_TYPES}  # noqa: S608
WHERE = {kind: " AND ".join(f"{name} = ?" for name in kind.KEY) for kind in ROW_TYPES}
CREATE_POSITION = (
    f"CREATE TABLE IF NOT EXISTS {POSITION} "
    "(id BIGINT PRIMARY KEY, position BIGINT NOT NULL, as_of TEXT NOT NULL)"
)
SET_POSITION = (
    f"INSERT INTO {POSITION} (id, position, as_of) VALUES (1, ?, ?) "  # noqa: S608
    "ON CONFLICT (id) DO UPDATE SET position = excluded.position, as_of = excluded.as_of"
)
SELECT_POSITION = f"SELECT position, as_of FROM {POSITION} WHERE id = 1"  # noqa: S608


def stored(name: str, value: Any) -> Any:
    plain = msgspec.to_builtins(value)
    return json.dumps(list(plain)) if name in LISTS else plain


class LearningModel(ReadModel):
    name: ClassVar[str] = "learning"
    tables: ClassVar[tuple[str, ...]] = (*TABLE.values(), POSITION)

    def create(self, sql: Sql) -> None:
        for kind in ROW_TYPES:
            sql.run(CREATE[kind])
        sql.run(CREATE_POSITION)

    def apply(self, sql: Sql, batch: Sequence[Notice]) -> None:
        if not batch:
            return
        as_of = stamp(sql)[1]
        pending = _Pending()
        for notice in batch:
            for change in changes(notice.event):
                pending.change(change)
            as_of = later(as_of, notice.event.timestamp)
        for kind, rows in pending.inserts_by_kind().items():
            sql.many(INSERT[kind], (stored_row(row) for row in rows))
        for (kind, names), keyed in pending.updates_by_shape().items():
            sets = ", ".join(f"{name} = ?" for name in names)
            sql.many(
                f"UPDATE {TABLE[kind]} SET {sets} WHERE {WHERE[kind]}",  # noqa: S608
                ([*stored_values(names, values), *stored_values(kind.KEY, key)]
                 for key, values in keyed),
            )  # fmt: skip
        sql.run(SET_POSITION, [batch[-1].position, stored("as_of", as_of)])


Shape = tuple[type[Row], tuple[str, ...]]  # a table, and the fields an update sets


class _Pending:
    """One batch's changes, coalesced so each row gets one statement: a row inserted in the
    batch takes later updates in memory, and updates to an older row are merged in order.

    Each row is then either inserted or updated, once, so grouping the statements by table and
    shape keeps the order's meaning: the rows the fold's dictionaries would hold."""

    def __init__(self) -> None:
        self.inserts: dict[tuple[type[Row], tuple[Any, ...]], Row] = {}
        self.updates: dict[tuple[type[Row], tuple[Any, ...]], dict[str, Any]] = {}

    def change(self, change: Insert | Update) -> None:
        if isinstance(change, Insert):
            slot = (type(change.row), key_of(change.row))
            self.updates.pop(slot, None)  # an upsert replaces every field set before it
            self.inserts[slot] = change.row
            return
        slot = (change.kind, change.key)
        row = self.inserts.get(slot)
        if row is not None:
            self.inserts[slot] = replace(row, **change.fields)
        else:
            self.updates.setdefault(slot, {}).update(change.fields)

    def inserts_by_kind(self) -> dict[type[Row], list[Row]]:
        grouped: dict[type[Row], list[Row]] = {}
        for (kind, _), row in self.inserts.items():
            grouped.setdefault(kind, []).append(row)
        return grouped

    def updates_by_shape(self) -> dict[Shape, list[tuple[tuple[Any, ...], tuple[Any, ...]]]]:
        """Updates grouped by table and the fields they set, each as (key, values)."""
        grouped: dict[Shape, list[tuple[tuple[Any, ...], tuple[Any, ...]]]] = {}
        for (kind, key), values in self.updates.items():
            grouped.setdefault((kind, tuple(values)), []).append((key, tuple(values.values())))
        return grouped


def stored_values(names: Sequence[str], values: Sequence[Any]) -> list[Any]:
    """Values as the tables keep them, in one conversion: text, integers, JSON lists."""
    plain = list(msgspec.to_builtins(values))
    for index, name in enumerate(names):
        if name in LISTS:
            plain[index] = json.dumps(plain[index])
    return plain


def stored_row(row: Row) -> list[Any]:
    names = COLUMNS[type(row)]
    return stored_values(names, [getattr(row, name) for name in names])


def stamp(sql: Sql) -> tuple[int, datetime | None]:
    """The position of the last event applied, and the latest event time up to it."""
    found = sql.rows(SELECT_POSITION)
    if not found:
        return 0, None
    position, as_of = found[0]
    return int(position), msgspec.convert(as_of, datetime)


def load_rows(sql: Sql) -> LearningRows:
    """Every row of the model, as the fold gives them at the model's position."""
    position, as_of = stamp(sql)
    rows: list[Row] = []
    for kind in ROW_TYPES:
        names = columns(kind)
        for found in sql.rows(SELECT[kind]):
            data = {
                n: json.loads(v) if n in LISTS else v for n, v in zip(names, found, strict=True)
            }
            rows.append(msgspec.convert(data, kind))
    return LearningRows.of(position, as_of, rows)


def current_rows(pilots: Pilots, projector: Projector | None) -> LearningRows:
    """The rows now: from the read model when the projector keeps it (it catches up first,
    so a write is seen by the next read), else by folding the log."""
    if projector is None or LearningModel.name not in projector.names:
        return rows_at(pilots)
    with projector.reader() as sql:
        return load_rows(sql)
