"""What the API takes and gives for set meetings, their questions and their actions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from domain import rules
from domain.pilot import Pilot
from domain.pilot.state import Question, QuestionSet
from projections.question_ledger.queries import LedgerQuestion
from web.people import People
from web.reflections.schemas import VisibilityName
from web.schemas import Entry, Input

QuestionStatusName = Literal["open", "explored", "answered", "carried_forward", "closed"]
Someone = Annotated[
    str,
    msgspec.Meta(
        max_length=rules.TITLE_MAX,
        description="An account's id, an account's email, or the name of someone without an "
        "account (a set adviser from outside, say).",
        examples=["sam@example.org", "Jo Adviser"],
    ),
]


class ActionCreate(Input):
    text: Entry
    owner: UUID | None = None


class QuestionSetCreate(Input):
    held_on: date
    questions: Annotated[
        list[Entry],
        # At least one, and no two alike (the domain also refuses two that differ only in case
        # or spacing, which a schema cannot say).
        msgspec.Meta(
            max_length=rules.QUESTIONS_PER_SET_MAX,
            extra_json_schema={"minItems": 1, "uniqueItems": True},
        ),
    ]
    facilitator: Someone | None = None
    issue_holder: Someone | None = None
    # An action is its text, or {text, owner}.
    actions: Annotated[list[Entry | ActionCreate], msgspec.Meta(max_length=rules.ACTIONS_MAX)] = []
    visibility: VisibilityName = "team"


class InsightCreate(Input):
    text: Entry


class QuestionStatusUpdate(Input):
    status: QuestionStatusName


class ReportCreate(Input):
    """Reporting back on an action committed at a set meeting."""

    report: Entry


class AskedRef(msgspec.Struct):
    id: UUID
    text: str
    looks_closed: bool


class QuestionSetRef(msgspec.Struct):
    id: UUID
    questions: list[AskedRef]


class InsightRef(msgspec.Struct):
    id: UUID
    question_id: UUID


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
    """`facilitator` and `issue_holder` are account ids, or null for someone without an
    account; `facilitator_name` and `issue_holder_name` name either."""

    id: UUID
    held_on: date
    facilitator: UUID | None
    facilitator_name: str
    issue_holder: UUID | None
    issue_holder_name: str
    questions: list[QuestionRead]
    actions: list[ActionRead]
    visibility: str


def set_read(pilot: Pilot, meeting: QuestionSet, people: People) -> QuestionSetRead:
    return QuestionSetRead(
        id=meeting.id,
        held_on=meeting.held_on,
        facilitator=meeting.facilitator,
        facilitator_name=people.named(meeting.facilitator, meeting.facilitator_name),
        issue_holder=meeting.issue_holder,
        issue_holder_name=people.named(meeting.issue_holder, meeting.issue_holder_name),
        questions=[question_read(pilot.questions[q]) for q in meeting.question_ids],
        actions=[ActionRead(a.id, a.text, a.owner, a.report) for a in meeting.actions],
        visibility=meeting.visibility.value,
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


class QuestionItem(msgspec.Struct):
    pilot_id: UUID
    question_id: UUID
    text: str
    status: str
    asked_on: date
    looks_closed: bool
    asker: UUID | None
    pilot_title: str


class StatusChangeRead(msgspec.Struct):
    status: str
    at: datetime
    actor: UUID


class LedgerInsightRead(msgspec.Struct):
    id: UUID
    text: str
    at: datetime
    author: UUID


class QuestionHistoryRead(msgspec.Struct):
    """A question as the ledger keeps it: every status it has had (the first is `open`, when
    it was asked) and every insight, oldest first."""

    question: QuestionItem
    statuses: list[StatusChangeRead]
    insights: list[LedgerInsightRead]


def question_item(q: LedgerQuestion) -> QuestionItem:
    return QuestionItem(
        q.pilot_id, q.question_id, q.text, q.status, q.asked_on, q.looks_closed, q.asker,
        q.pilot_title,
    )  # fmt: skip
