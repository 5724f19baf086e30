"""The `learning` read model: the learning summary's rows in `rm_learning_*` tables.

Its rows are the fold's rows (`projections.learning_rows.changes` gives both their changes), so
`summarise(load_rows(sql))` is the summary the fold gives at the same position. Values are
stored as text (ids, ISO times and dates, themes as JSON) or integers, alike on both dialects.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

import msgspec

from domain.service import Pilots
from projections.base import Notice, ReadModel, Sql
from projections.learning import LearningRows, later, rows_at
from projections.learning_rows import (
    ROW_TYPES,
    CycleRow,
    IdeaRow,
    Insert,
    InsightRow,
    PilotRow,
    QuestionRow,
    Row,
    changes,
)

if TYPE_CHECKING:
    from projections.runner import Projector

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
        for notice in batch:
            for change in changes(notice.event):
                if isinstance(change, Insert):
                    row = change.row
                    sql.run(
                        INSERT[type(row)], [stored(c, getattr(row, c)) for c in columns(type(row))]
                    )
                    continue
                kind = change.kind
                sets = ", ".join(f"{name} = ?" for name in change.fields)
                values = [stored(n, v) for n, v in change.fields.items()]
                keys = [stored(n, v) for n, v in zip(kind.KEY, change.key, strict=True)]
                sql.run(f"UPDATE {TABLE[kind]} SET {sets} WHERE {WHERE[kind]}", values + keys)  # noqa: S608
            as_of = later(as_of, notice.event.timestamp)
        sql.run(SET_POSITION, [batch[-1].position, stored("as_of", as_of)])


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
