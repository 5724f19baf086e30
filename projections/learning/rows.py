"""The rows of the cross-pilot learning summary, and how each event changes them.

An event becomes a few row changes: `Insert` a whole row, or `Update` some fields of one row.
The fold in `from_log` applies them to dictionaries and the `learning` read model
to tables, so both read the log through this one module and cannot drift apart. A change never
needs to read a row first, which keeps the read model's batches to plain writes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from domain.pilot import Pilot
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


@functools.singledispatch
def changes(event: Pilot.Event) -> list[Change]:
    """The row changes an event makes; most events change nothing the summary reads."""
    return []


@changes.register
def _(event: Pilot.Registered) -> list[Change]:
    pilot, at = event.originator_id, event.timestamp
    return [
        Insert(PilotRow(pilot, event.title, tuple(event.themes), at)),
        Insert(IdeaRow(pilot, event.originator_version, at, event.idea)),
    ]


@changes.register
def _(event: Pilot.IdeaRevised) -> list[Change]:
    row = IdeaRow(event.originator_id, event.originator_version, event.timestamp, event.idea)
    return [Insert(row)]


@changes.register
def _(event: Pilot.CyclePlanned) -> list[Change]:
    pilot, version = event.originator_id, event.originator_version
    return [Insert(CycleRow(pilot, event.number, version, event.timestamp))]


@changes.register
def _(event: Pilot.StudyRecorded) -> list[Change]:
    fields = {"studied_at": event.timestamp, "learning": event.learning,
              "surprises": event.surprises}  # fmt: skip
    return [Update(CycleRow, (event.originator_id, event.number), fields)]


@changes.register
def _(event: Pilot.CycleDecided) -> list[Change]:
    fields = {"decided_at": event.timestamp, "decision": str(event.decision)}
    return [Update(CycleRow, (event.originator_id, event.number), fields)]


@changes.register
def _(event: Pilot.QuestionSetRecorded) -> list[Change]:
    pilot, at = event.originator_id, event.timestamp
    return [Insert(QuestionRow(pilot, q.id, q.text, event.held_on, at)) for q in event.questions]


@changes.register
def _(event: Pilot.QuestionStatusChanged) -> list[Change]:
    status = str(event.status)
    settled_at = event.timestamp if status in SETTLED else None
    fields = {"status": status, "settled_at": settled_at}
    return [Update(QuestionRow, (event.originator_id, event.question_id), fields)]


@changes.register
def _(event: Pilot.InsightAdded) -> list[Change]:
    pilot = event.originator_id
    row = InsightRow(pilot, event.insight_id, event.question_id, event.text, event.timestamp)
    return [Insert(row)]


@changes.register
def _(event: Pilot.EntryCorrected) -> list[Change]:
    """Corrections to the texts the summary shows; the entry names are canonical in events."""
    pilot, text = event.originator_id, event.text
    kind, _, rest = event.entry.partition(":")
    if event.entry == "title":
        return [Update(PilotRow, (pilot,), {"title": text})]
    if kind == "cycle":
        number, _, name = rest.partition(":")
        if name in ("learning", "surprises"):
            return [Update(CycleRow, (pilot, int(number)), {name: text})]
    if kind == "insight":
        return [Update(InsightRow, (pilot, UUID(rest)), {"text": text})]
    return []
