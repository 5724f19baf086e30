"""The rows of the cross-pilot learning summary, and the two kinds of change made to them.

An event becomes a few row changes (`changes`): `Insert` a whole row, or `Update` some fields of
one row. A change never needs to read a row first, which keeps the read model's batches to
plain writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from domain.values import QuestionStatus

# Settled questions; a question in any other status is still being worked on in the set.
SETTLED = frozenset({QuestionStatus.ANSWERED.value, QuestionStatus.CLOSED.value})


@dataclass(frozen=True)
class PilotRow:
    """Themes are set when a pilot is registered and no event changes them, so a pilot's
    themes are also the themes its cycles ran under."""

    KEY: ClassVar[tuple[str, ...]] = ("pilot_id",)
    pilot_id: UUID
    title: str
    themes: tuple[str, ...]
    registered_at: datetime


@dataclass(frozen=True)
class IdeaRow:
    """One version of a pilot's idea; `version` is the pilot's version when it took effect."""

    KEY: ClassVar[tuple[str, ...]] = ("pilot_id", "version")
    pilot_id: UUID
    version: int
    at: datetime
    idea: str


@dataclass(frozen=True)
class CycleRow:
    """The idea a cycle tested is the last idea row before `planned_version`."""

    KEY: ClassVar[tuple[str, ...]] = ("pilot_id", "number")
    pilot_id: UUID
    number: int
    planned_version: int
    planned_at: datetime
    studied_at: datetime | None = None
    decided_at: datetime | None = None
    decision: str | None = None
    learning: str = ""
    surprises: str = ""


@dataclass(frozen=True)
class QuestionRow:
    KEY: ClassVar[tuple[str, ...]] = ("pilot_id", "question_id")
    pilot_id: UUID
    question_id: UUID
    text: str
    asked_on: date
    asked_at: datetime
    status: str = QuestionStatus.OPEN.value
    settled_at: datetime | None = None


@dataclass(frozen=True)
class InsightRow:
    KEY: ClassVar[tuple[str, ...]] = ("pilot_id", "insight_id")
    pilot_id: UUID
    insight_id: UUID
    question_id: UUID
    text: str
    at: datetime


Row = PilotRow | IdeaRow | CycleRow | QuestionRow | InsightRow
ROW_TYPES: tuple[type[Row], ...] = (PilotRow, IdeaRow, CycleRow, QuestionRow, InsightRow)


@dataclass(frozen=True)
class Insert:
    row: Row


@dataclass(frozen=True)
class Update:
    """Sets `fields` on the row of `kind` with `key`; a row that is not there is left alone."""

    kind: type[Row]
    key: tuple[Any, ...]
    fields: dict[str, Any]


Change = Insert | Update


def key_of(row: Row) -> tuple[Any, ...]:
    return tuple(getattr(row, name) for name in row.KEY)
