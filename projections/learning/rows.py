"""The rows of the cross-pilot learning summary, and the two kinds of change made to them.

An event becomes a few row changes (`changes`): `Insert` a whole row, or `Update` some fields of
one row. A change never needs to read a row first, which keeps the read model's batches to
plain writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, dataclass_transform
from uuid import UUID

from domain.values import QuestionStatus

# Settled questions; a question in any other status is still being worked on in the set.
SETTLED = frozenset({QuestionStatus.ANSWERED.value, QuestionStatus.CLOSED.value})


@dataclass_transform(frozen_default=True)
@dataclass(frozen=True)
class PilotPart:
    """The base of every row: a frozen dataclass of one pilot's, keyed by `pilot_id` and the
    fields a row names in its class statement (`key=`), in that order (`KEY`)."""

    KEY: ClassVar[tuple[str, ...]] = ("pilot_id",)
    pilot_id: UUID

    def __init_subclass__(cls, *, key: tuple[str, ...] = (), **rest: Any) -> None:
        super().__init_subclass__(**rest)
        cls.KEY = ("pilot_id", *key)
        dataclass(frozen=True)(cls)


class PilotRow(PilotPart):
    """Themes are set when a pilot is registered and no event changes them, so a pilot's
    themes are also the themes its cycles ran under."""

    title: str
    themes: tuple[str, ...]
    registered_at: datetime


class IdeaRow(PilotPart, key=("version",)):
    """One version of a pilot's idea; `version` is the pilot's version when it took effect."""

    version: int
    at: datetime
    idea: str


class CycleRow(PilotPart, key=("number",)):
    """The idea a cycle tested is the last idea row before `planned_version`."""

    number: int
    planned_version: int
    planned_at: datetime
    studied_at: datetime | None = None
    decided_at: datetime | None = None
    decision: str | None = None
    learning: str = ""
    surprises: str = ""


class QuestionRow(PilotPart, key=("question_id",)):
    question_id: UUID
    text: str
    asked_on: date
    asked_at: datetime
    status: str = QuestionStatus.OPEN.value
    settled_at: datetime | None = None


class InsightRow(PilotPart, key=("insight_id",)):
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
