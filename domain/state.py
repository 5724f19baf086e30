"""The entries a pilot holds. Mutable, because event methods evolve them on replay."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

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
    id: UUID
    held_on: date
    facilitator: UUID | None
    issue_holder: UUID | None
    question_ids: tuple[UUID, ...]
    actions: list[Action]


@dataclass
class Correction:
    """A wrong entry put right. The entry's earlier text stays here and in the log."""

    entry: str
    previous: str
    text: str
    reason: str
    actor: UUID
