"""The cross-pilot learning summary, as a pure fold over the event log.

`fold` turns events into rows (`LearningRows`); `summarise` turns rows into the summary. The
`learning` read model stores the same rows in tables, so the summary served from it is the one
the fold gives at the same position. Nothing here reads a clock: an open question's age is
counted to `as_of`, the latest event time in the log up to the position, so the same position
always gives the same summary. (Demo data and back-dated entries can record events out of time
order, so the latest time is taken rather than the last event's.)
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, cast
from uuid import UUID

import msgspec

from domain.errors import InvalidEntry, NotFound
from domain.pilot import Pilot
from domain.service import Pilots
from domain.values import Decision
from projections.engine.base import Notice
from projections.learning.ideas import SharedIdea, shared_ideas
from projections.learning.rows import (
    ROW_TYPES,
    SETTLED,
    Change,
    CycleRow,
    IdeaRow,
    Insert,
    InsightRow,
    PilotRow,
    QuestionRow,
    Row,
    changes,
    key_of,
)
from projections.learning.scope import Scope, day_of

PAGE = 500
SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class LearningRows:
    """Every row at `position`, each kind sorted by its key."""

    position: int
    as_of: datetime | None
    pilots: tuple[PilotRow, ...]
    ideas: tuple[IdeaRow, ...]
    cycles: tuple[CycleRow, ...]
    questions: tuple[QuestionRow, ...]
    insights: tuple[InsightRow, ...]

    @classmethod
    def of(cls, position: int, as_of: datetime | None, rows: Iterable[Row]) -> LearningRows:
        by_kind: dict[type[Row], list[Any]] = {kind: [] for kind in ROW_TYPES}
        for row in rows:
            by_kind[type(row)].append(row)
        p, i, c, q, n = (tuple(sorted(by_kind[k], key=key_of)) for k in ROW_TYPES)
        return cls(position, as_of, p, i, c, q, n)


def later(as_of: datetime | None, moment: datetime) -> datetime:
    return moment if as_of is None or moment > as_of else as_of


class LearningFold:
    """The rows so far, kept in dictionaries by kind and key."""

    def __init__(self) -> None:
        self.tables: dict[type[Row], dict[tuple[Any, ...], Row]] = {k: {} for k in ROW_TYPES}
        self.position = 0
        self.as_of: datetime | None = None

    def apply(self, notice: Notice) -> None:
        for change in changes(notice.event):
            self.change(change)
        self.position, self.as_of = notice.position, later(self.as_of, notice.event.timestamp)

    def change(self, change: Change) -> None:
        if isinstance(change, Insert):
            self.tables[type(change.row)][key_of(change.row)] = change.row
            return
        table = self.tables[change.kind]
        if change.key in table:
            table[change.key] = replace(table[change.key], **change.fields)

    def rows(self) -> LearningRows:
        every = (row for table in self.tables.values() for row in table.values())
        return LearningRows.of(self.position, self.as_of, every)


def fold(notices: Iterable[Notice]) -> LearningRows:
    learning = LearningFold()
    for notice in notices:
        learning.apply(notice)
    return learning.rows()


def head(pilots: Pilots) -> int:
    """The position of the last event in the log; 0 when it is empty."""
    return pilots.recorder.max_notification_id() or 0


def read_log(pilots: Pilots, upto: int) -> Iterator[Notice]:
    """Every event up to and including position `upto`, oldest first, a page at a time."""
    position = 0
    while position < upto:
        page = pilots.recorder.select_notifications(
            position, PAGE, stop=upto, inclusive_of_start=False
        )
        if not page:
            return
        for notification in page:
            event = cast("Pilot.Event", pilots.mapper.to_domain_event(notification))
            yield Notice(notification.id, event)
        position = page[-1].id


def rows_at(pilots: Pilots, position: int | None = None) -> LearningRows:
    """The rows from the log up to `position` (default: the head), stamped with it.

    Raises InvalidEntry for a negative position, NotFound for one beyond the head."""
    last = head(pilots)
    if position is None:
        position = last
    elif position < 0:
        raise InvalidEntry("position", "must be 0 or more")
    elif position > last:
        raise NotFound(f"the log has no position {position} yet; it ends at {last}")
    return replace(fold(read_log(pilots, position)), position=position)


class DecisionCounts(msgspec.Struct):
    adopt: int
    adapt: int
    abandon: int


class Surprise(msgspec.Struct):
    pilot_id: UUID
    title: str
    cycle: int
    text: str
    at: datetime


class InsightNote(msgspec.Struct):
    pilot_id: UUID
    title: str
    question: str
    text: str
    at: datetime


class OpenQuestion(msgspec.Struct):
    pilot_id: UUID
    title: str
    question_id: UUID
    text: str
    status: str
    asked_on: date
    age_days: int


class LearningSummary(msgspec.Struct):
    """The summary at `position`; `as_of` is the latest event time up to it, and ages of open
    questions are counted in days to that day."""

    position: int
    as_of: datetime | None
    theme: str | None
    since: date | None
    until: date | None
    pilots: int
    cycles_decided: int
    decisions: DecisionCounts
    median_days_per_cycle: float | None
    shared_ideas: list[SharedIdea]
    surprises: list[Surprise]
    insights: list[InsightNote]
    open_questions: list[OpenQuestion]


def summarise(rows: LearningRows, scope: Scope | None = None) -> LearningSummary:
    scope = scope or Scope()
    pilots = {p.pilot_id: p for p in rows.pilots if scope.covers(p)}
    cycles = [c for c in rows.cycles if c.pilot_id in pilots]
    decided = [c for c in cycles if c.decision is not None and scope.during(c.decided_at)]
    counts = {d.value: sum(c.decision == d.value for c in decided) for d in Decision}
    days = [(c.decided_at - c.planned_at).total_seconds() / SECONDS_PER_DAY
            for c in decided if c.decided_at is not None]  # fmt: skip
    questions = {(q.pilot_id, q.question_id): q for q in rows.questions if q.pilot_id in pilots}
    insights = [i for i in rows.insights if i.pilot_id in pilots and scope.during(i.at)]
    return LearningSummary(
        position=rows.position,
        as_of=rows.as_of,
        theme=scope.theme,
        since=scope.since,
        until=scope.until,
        pilots=len(pilots),
        cycles_decided=len(decided),
        decisions=DecisionCounts(**counts),
        median_days_per_cycle=round(statistics.median(days), 1) if days else None,
        shared_ideas=shared_ideas(pilots, rows.ideas, decided, scope.theme),
        surprises=surprises(pilots, cycles, scope),
        insights=insight_notes(pilots, questions, insights),
        open_questions=open_questions(rows.as_of, pilots, questions.values(), scope),
    )


def surprises(pilots: dict[UUID, PilotRow], cycles: list[CycleRow], scope: Scope) -> list[Surprise]:
    """What surprised each cycle's team, oldest study first."""
    found = [
        Surprise(c.pilot_id, pilots[c.pilot_id].title, c.number, c.surprises, c.studied_at)
        for c in cycles
        if c.surprises and c.studied_at is not None and scope.during(c.studied_at)
    ]
    return sorted(found, key=lambda s: (s.at, s.pilot_id, s.cycle))


def insight_notes(
    pilots: dict[UUID, PilotRow],
    questions: dict[tuple[UUID, UUID], QuestionRow],
    insights: list[InsightRow],
) -> list[InsightNote]:
    """Each insight with the question it answers, oldest first."""
    return [
        InsightNote(i.pilot_id, pilots[i.pilot_id].title,
                    questions[(i.pilot_id, i.question_id)].text, i.text, i.at)
        for i in sorted(insights, key=lambda i: (i.at, i.pilot_id, i.insight_id))
        if (i.pilot_id, i.question_id) in questions
    ]  # fmt: skip


def open_questions(
    as_of: datetime | None,
    pilots: dict[UUID, PilotRow],
    questions: Iterable[QuestionRow],
    scope: Scope,
) -> list[OpenQuestion]:
    """Questions not yet answered or closed, oldest first. A set dated after `as_of` is 0 days
    old rather than a negative age."""
    today = None if as_of is None else day_of(as_of)
    found = sorted(
        (q for q in questions if q.status not in SETTLED and scope.during(q.asked_on)),
        key=lambda q: (q.asked_on, q.pilot_id, q.question_id),
    )
    return [
        OpenQuestion(q.pilot_id, pilots[q.pilot_id].title, q.question_id, q.text, q.status,
                     q.asked_on, 0 if today is None else max(0, (today - q.asked_on).days))
        for q in found
    ]  # fmt: skip
