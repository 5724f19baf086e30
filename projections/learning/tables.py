"""The learning read model's tables: one per kind of row, plus its stamp (position and `as_of`).

Values are stored as text (ids, ISO times and dates, themes as JSON) or integers, alike on both
dialects. Table and column names are this module's constants; values always go in as parameters.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields
from datetime import datetime
from typing import Any

import msgspec

from projections.engine.base import Sql
from projections.learning.rows import (
    ROW_TYPES,
    CycleRow,
    IdeaRow,
    InsightRow,
    PilotRow,
    QuestionRow,
    Row,
)

TABLE: dict[type[Row], str] = {
    PilotRow: "rm_learning_pilots",
    IdeaRow: "rm_learning_ideas",
    CycleRow: "rm_learning_cycles",
    QuestionRow: "rm_learning_questions",
    InsightRow: "rm_learning_insights",
}
POSITION = "rm_learning_position"
# The rows about a set meeting, by the column naming their part of it: a reader sees them only
# if they may read the meeting. The pilot's own record (pilots, ideas, cycles) is everyone's.
PARTS: dict[type[Row], str] = {QuestionRow: "question_id", InsightRow: "insight_id"}
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
# What the summary's lists are read by: open questions by day asked, insights by time added,
# surprises by the time of the study (`totals`).
INDEXES = (
    "CREATE INDEX IF NOT EXISTS rm_learning_questions_asked "
    "ON rm_learning_questions (asked_on, pilot_id, question_id, status)",
    "CREATE INDEX IF NOT EXISTS rm_learning_insights_at "
    "ON rm_learning_insights (at, pilot_id, insight_id)",
    "CREATE INDEX IF NOT EXISTS rm_learning_cycles_studied "
    "ON rm_learning_cycles (studied_at, pilot_id, number)",
)
SELECT_POSITION = f"SELECT position, as_of FROM {POSITION} WHERE id = 1"  # noqa: S608


def stored(name: str, value: Any) -> Any:
    plain = msgspec.to_builtins(value)
    return json.dumps(list(plain)) if name in LISTS else plain


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
