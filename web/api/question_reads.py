"""What the API answers about a pilot's set meetings: their questions, insights and actions."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import msgspec

from domain.pilot import Pilot
from domain.state import Question, QuestionSet


class InsightRead(msgspec.Struct):
    id: UUID
    text: str
    author: UUID


class QuestionRead(msgspec.Struct):
    id: UUID
    text: str
    status: str
    insights: list[InsightRead]
    looks_closed: bool
    asker: UUID | None


class ActionRead(msgspec.Struct):
    id: UUID
    text: str
    owner: UUID | None
    report: str


class QuestionSetRead(msgspec.Struct):
    id: UUID
    held_on: date
    facilitator: UUID | None
    issue_holder: UUID | None
    questions: list[QuestionRead]
    actions: list[ActionRead]


def set_read(pilot: Pilot, question_set: QuestionSet) -> QuestionSetRead:
    return QuestionSetRead(
        id=question_set.id,
        held_on=question_set.held_on,
        facilitator=question_set.facilitator,
        issue_holder=question_set.issue_holder,
        questions=[question_read(pilot.questions[q]) for q in question_set.question_ids],
        actions=[ActionRead(a.id, a.text, a.owner, a.report) for a in question_set.actions],
    )


def question_read(question: Question) -> QuestionRead:
    return QuestionRead(
        id=question.id,
        text=question.text,
        status=question.status.value,
        insights=[InsightRead(i.id, i.text, i.author) for i in question.insights],
        looks_closed=question.looks_closed,
        asker=question.asker,
    )
