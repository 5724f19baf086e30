"""Set meetings: the open questions a set asks, each question's insights and status, and the
actions committed there, reported back on later."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from domain import rules
from domain.errors import InvalidEntry, NotPermitted, RuleViolated
from domain.pilot import events
from domain.pilot.aggregate import By, Pilot, derived_id, handle
from domain.pilot.commands import (
    AddInsight,
    NewAction,
    RecordQuestionSet,
    ReportAction,
    SetQuestionSetVisibility,
    SetQuestionStatus,
)
from domain.pilot.state import Question
from domain.questions import looks_closed
from domain.values import AskedQuestion, CommittedAction, QuestionStatus, Role, Visibility

# Where a question may go next. Answered and closed questions are settled; a question carried
# forward comes back to a later set meeting to be explored again.
QUESTION_MOVES: dict[QuestionStatus, frozenset[QuestionStatus]] = {
    QuestionStatus.OPEN: frozenset(QuestionStatus) - {QuestionStatus.OPEN},
    QuestionStatus.EXPLORED: frozenset(
        {QuestionStatus.ANSWERED, QuestionStatus.CARRIED_FORWARD, QuestionStatus.CLOSED}
    ),
    QuestionStatus.CARRIED_FORWARD: frozenset(
        {QuestionStatus.EXPLORED, QuestionStatus.ANSWERED, QuestionStatus.CLOSED}
    ),
    QuestionStatus.ANSWERED: frozenset(),
    QuestionStatus.CLOSED: frozenset(),
}


@handle.register
def _record_set(c: RecordQuestionSet, pilot: Pilot, by: By) -> None:
    """Each question and action gets an id derived from the submission; each question gets
    the closed-question hint."""
    pilot.require_writer(by.actor)
    texts = rules.distinct("questions", c.questions, low=1, high=rules.QUESTIONS_PER_SET_MAX)
    asked = tuple(
        AskedQuestion(derived_id(by.submission, f"question/{i}"), text, None, looks_closed(text))
        for i, text in enumerate(texts)
    )
    if len(c.actions) > rules.ACTIONS_MAX:
        raise InvalidEntry("actions", f"at most {rules.ACTIONS_MAX} actions")
    committed = tuple(
        CommittedAction(
            derived_id(by.submission, f"action/{i}"),
            rules.text(f"actions[{i}]", action.text),
            action.owner,
        )
        for i, action in enumerate(_actions(c.actions))
    )
    ids = [q.id for q in asked] + [a.id for a in committed]
    if any(i in pilot.questions for i in ids):
        raise RuleViolated("each question and action needs an id of its own")
    pilot.record(
        events.QuestionSetRecorded, by,
        set_id=derived_id(by.submission, "question-set"),
        held_on=c.held_on,
        facilitator=c.facilitator,
        facilitator_name=_name("facilitator", c.facilitator, c.facilitator_name),
        issue_holder=c.issue_holder,
        issue_holder_name=_name("issue_holder", c.issue_holder, c.issue_holder_name),
        questions=asked,
        actions=committed,
        visibility=rules.choice("visibility", c.visibility, Visibility),
    )  # fmt: skip


@handle.register
def _share(c: SetQuestionSetVisibility, pilot: Pilot, by: By) -> None:
    """Whoever recorded the set meeting, or a lead, decides who reads it."""
    meeting = pilot.question_set(c.set_id, by.actor)
    if by.actor != meeting.author and pilot.role_of(by.actor) != Role.LEAD:
        raise NotPermitted(
            "only whoever recorded a set meeting, or a lead, may change who reads it"
        )
    visibility = rules.choice("visibility", c.visibility, Visibility)
    if visibility == meeting.visibility:
        raise RuleViolated(f"the set meeting is {visibility.value} already")
    pilot.record(events.QuestionSetVisibilityChanged, by, set_id=c.set_id, visibility=visibility)


def _question(pilot: Pilot, question_id: UUID, by: By) -> Question:
    """A question of a set meeting the sender may read; any other is as if it did not exist."""
    question = pilot.set_question(question_id)
    pilot.question_set(question.set_id, by.actor, missing="this pilot has no such question")
    return question


def _actions(actions: Sequence[NewAction | str]) -> list[NewAction]:
    return [NewAction(a) if isinstance(a, str) else a for a in actions]


def _name(field: str, account: UUID | None, name: str) -> str:
    """A person without an account is named; one with an account is not (accounts can be
    renamed, so their names are looked up when read)."""
    name = rules.optional_text(field, name, limit=rules.TITLE_MAX)
    if account is not None and name:
        raise InvalidEntry(field, "give an account or a name, not both")
    return name


@handle.register
def _add_insight(c: AddInsight, pilot: Pilot, by: By) -> None:
    pilot.require_writer(by.actor)
    _question(pilot, c.question_id, by)
    pilot.record(
        events.InsightAdded, by,
        question_id=c.question_id,
        insight_id=derived_id(by.submission, "insight"),
        text=rules.text("text", c.text),
    )  # fmt: skip


@handle.register
def _set_status(c: SetQuestionStatus, pilot: Pilot, by: By) -> None:
    pilot.require_writer(by.actor)
    current = _question(pilot, c.question_id, by).status
    status = rules.choice("status", c.status, QuestionStatus)
    if status not in QUESTION_MOVES[current]:
        raise RuleViolated(f"a question that is {current.value} cannot become {status.value}")
    pilot.record(events.QuestionStatusChanged, by, question_id=c.question_id, status=status)


@handle.register
def _report_action(c: ReportAction, pilot: Pilot, by: By) -> None:
    pilot.require_writer(by.actor)
    action = pilot.action(c.action_id)
    meeting = next(s for s in pilot.question_sets.values() if any(a is action for a in s.actions))
    pilot.question_set(meeting.id, by.actor, missing="this pilot has no such action")
    if action.report:
        raise RuleViolated("that action has already been reported back")
    pilot.record(
        events.ActionReported, by, action_id=c.action_id, report=rules.text("report", c.report)
    )
