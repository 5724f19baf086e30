"""The entries a pilot holds. Mutable, because events evolve them on every replay.

Snapshots store these classes by their topic (module and name). They lived in `domain.state`
before the pilot became a package, so the old topics are registered too: snapshots taken then
still load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from eventsourcing.utils import register_topic

from domain.consent import entry_key
from domain.measures.results import Improvement
from domain.values import (
    AskedQuestion,
    CommittedAction,
    Decision,
    MeasureKind,
    MeasurePrediction,
    Prediction,
    QuestionStatus,
    ReflectionKind,
    Result,
    Stage,
    Visibility,
)


@dataclass
class Cycle:
    number: int
    objective: str
    plan: str
    predictions: tuple[Prediction, ...]
    stage: Stage = Stage.PLANNED
    what_happened: str = ""
    as_planned: bool | None = None
    deviations: str = ""
    results: tuple[Result, ...] = ()
    learning: str = ""
    surprises: str = ""
    decision: Decision | None = None
    rationale: str = ""
    measures: tuple[MeasurePrediction, ...] = ()  # () in snapshots from before measures

    def result_for(self, question: str) -> str | None:
        return next((r.result for r in self.results if r.question == question), None)


@dataclass
class Reflection:
    """`text` is None once the reflection is withdrawn. The defaults let snapshots from before
    visibility and withdrawal were kept load."""

    WITHDRAWABLE: ClassVar[tuple[str, ...]] = ("text",)

    id: UUID
    author: UUID
    kind: ReflectionKind
    text: str | None
    cycle: int | None
    visibility: Visibility = Visibility.COMMUNITY
    withdrawn_on: date | None = None

    def withdrawable_key(self) -> UUID:
        return self.id


@dataclass
class Insight:
    id: UUID
    text: str
    author: UUID


@dataclass
class Question:
    id: UUID
    set_id: UUID
    text: str
    asker: UUID | None
    looks_closed: bool
    status: QuestionStatus = QuestionStatus.OPEN
    insights: list[Insight] = field(default_factory=list)

    @classmethod
    def asked(cls, set_id: UUID, asked: AskedQuestion) -> Question:
        return cls(asked.id, set_id, asked.text, asked.asker, asked.looks_closed)


@dataclass
class Action:
    id: UUID
    text: str
    owner: UUID | None
    report: str = ""

    @classmethod
    def committed(cls, action: CommittedAction) -> Action:
        return cls(action.id, action.text, action.owner)


@dataclass
class QuestionSet:
    """`facilitator` and `issue_holder` are accounts; a person without one is named instead
    (`facilitator_name`). The defaults let snapshots from before names were kept load."""

    id: UUID
    held_on: date
    facilitator: UUID | None
    issue_holder: UUID | None
    question_ids: tuple[UUID, ...]
    actions: list[Action]
    facilitator_name: str = ""
    issue_holder_name: str = ""
    visibility: Visibility = Visibility.TEAM
    author: UUID | None = None  # whoever recorded it; None in snapshots from before it was kept


@dataclass
class Correction:
    """A wrong entry put right. The entry's earlier text stays here and in the log; both read
    as None once the entry is withdrawn."""

    WITHDRAWABLE: ClassVar[tuple[str, ...]] = ("previous", "text")

    entry: str
    previous: str | None
    text: str | None
    reason: str
    actor: UUID
    at: datetime | None = None  # None in snapshots taken before corrections kept their time

    def withdrawable_key(self) -> UUID | None:
        return entry_key(self.entry)


@dataclass
class Measure:
    """A measure as the pilot holds it: what it is, its current value on each day, and the
    days its later phases start. Corrections and earlier values stay in the log."""

    id: UUID
    name: str
    kind: MeasureKind
    definition: str
    unit: str
    improvement: Improvement
    target: float | None
    values: dict[date, float] = field(default_factory=dict)
    phases: list[date] = field(default_factory=list)


for _moved in (Cycle, Reflection, Insight, Question, Action, QuestionSet, Correction):
    register_topic(f"domain.state:{_moved.__name__}", _moved)
