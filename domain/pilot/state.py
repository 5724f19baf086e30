"""The entries a pilot holds. Mutable, because events evolve them on every replay.

Snapshots store these classes by their topic (module and name). They lived in `domain.state`
before the pilot became a package, so the old topics are registered too: snapshots taken then
still load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from eventsourcing.utils import register_topic

from domain.values import (
    AskedQuestion,
    CommittedAction,
    Decision,
    Prediction,
    QuestionStatus,
    ReflectionKind,
    Result,
    Stage,
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

    def result_for(self, question: str) -> str | None:
        return next((r.result for r in self.results if r.question == question), None)


@dataclass
class Reflection:
    id: UUID
    author: UUID
    kind: ReflectionKind
    text: str
    cycle: int | None


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


@dataclass
class Correction:
    """A wrong entry put right. The entry's earlier text stays here and in the log."""

    entry: str
    previous: str
    text: str
    reason: str
    actor: UUID
    at: datetime | None = None  # None in snapshots taken before corrections kept their time


for _moved in (Cycle, Reflection, Insight, Question, Action, QuestionSet, Correction):
    register_topic(f"domain.state:{_moved.__name__}", _moved)
