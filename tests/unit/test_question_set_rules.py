"""Rules of question sets: 1 to 30 distinct questions, the closed-question hint (never a rule),
how a question's status moves, insights, and reporting back on actions."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.errors import InvalidEntry, NotFound, RuleViolated
from domain.pilot.commands import AddInsight, ReportAction, SetQuestionStatus
from domain.questions import looks_closed
from domain.rules import QUESTIONS_PER_SET_MAX
from domain.service import Pilots
from domain.values import QuestionStatus
from tests.unit.builders import OPEN_QUESTION, new_pilot, record_question_set, refused

OPEN, EXPLORED, ANSWERED, CARRIED, CLOSED = (
    QuestionStatus.OPEN,
    QuestionStatus.EXPLORED,
    QuestionStatus.ANSWERED,
    QuestionStatus.CARRIED_FORWARD,
    QuestionStatus.CLOSED,
)
# The moves that take a fresh question to each status.
PATHS = {
    OPEN: [],
    EXPLORED: [EXPLORED],
    ANSWERED: [EXPLORED, ANSWERED],
    CARRIED: [EXPLORED, CARRIED],
    CLOSED: [CLOSED],
}


def numbered(count: int) -> tuple[str, ...]:
    return tuple(f"What happened at meeting {n}?" for n in range(count))


@pytest.mark.parametrize("count", [1, QUESTIONS_PER_SET_MAX])
def test_a_question_set_holds_1_to_30_questions(pilots: Pilots, count: int) -> None:
    pilot_id, lead = new_pilot(pilots)
    questions, _ = record_question_set(pilots, pilot_id, lead, numbered(count))
    texts = [pilots.pilot(pilot_id).questions[q].text for q in questions]
    assert texts == list(numbered(count))


@pytest.mark.parametrize("count", [0, QUESTIONS_PER_SET_MAX + 1])
def test_a_question_set_of_none_or_more_than_30_is_refused(pilots: Pilots, count: int) -> None:
    pilot_id, lead = new_pilot(pilots)
    with refused(pilots, pilot_id, InvalidEntry, match="needs between 1 and 30"):
        record_question_set(pilots, pilot_id, lead, numbered(count))


@pytest.mark.parametrize("repeat", ["What matters to you?", "  what MATTERS\tto  you? "])
def test_the_questions_of_a_set_are_distinct(pilots: Pilots, repeat: str) -> None:
    pilot_id, lead = new_pilot(pilots)
    with refused(pilots, pilot_id, InvalidEntry, match=r"questions\[1\]: repeats"):
        record_question_set(pilots, pilot_id, lead, ("What matters to you?", repeat))


CLOSED_LOOKING = [
    "Did you ask the group first?",
    "Don't you think it was too long?",
    "Don\u2019t you think it was too long?",
    "Have you tried meeting online?",
    "Why don't you ask the group?",
    "What about trying a shorter session?",
]
OPEN_LOOKING = [
    "What did you notice?",
    "How did the group respond?",
    "Tell me about a time when the group surprised you.",
]


def test_closed_looking_questions_are_marked_and_still_recorded(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    asked = (*CLOSED_LOOKING, *OPEN_LOOKING)
    questions, _ = record_question_set(pilots, pilot_id, lead, asked)
    pilot = pilots.pilot(pilot_id)
    marks = {pilot.questions[q].text: pilot.questions[q].looks_closed for q in questions}
    assert marks == {text: text not in OPEN_LOOKING for text in asked}


@pytest.mark.parametrize("question", CLOSED_LOOKING)
def test_the_hint_marks_yes_no_questions_and_advice(question: str) -> None:
    assert looks_closed(question)


@pytest.mark.parametrize("question", OPEN_LOOKING)
def test_the_hint_leaves_open_questions_alone(question: str) -> None:
    assert not looks_closed(question)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=st.text(min_size=1, max_size=200).filter(lambda t: t.strip() and "\x00" not in t))
def test_the_hint_never_refuses_a_question(pilots: Pilots, question: str) -> None:
    pilot_id, lead = new_pilot(pilots)
    [asked], _ = record_question_set(pilots, pilot_id, lead, (question,))
    recorded = pilots.pilot(pilot_id).questions[asked]
    assert recorded.text == question.replace("\r\n", "\n").strip()
    assert recorded.looks_closed == looks_closed(recorded.text)


def question_at(pilots: Pilots, status: QuestionStatus) -> tuple[UUID, UUID, UUID]:
    pilot_id, lead = new_pilot(pilots)
    [question], _ = record_question_set(pilots, pilot_id, lead)
    for move in PATHS[status]:
        pilots.execute(SetQuestionStatus(pilot_id, question_id=question, status=move), lead)
    return pilot_id, lead, question


@pytest.mark.parametrize(
    "path",
    [[EXPLORED, ANSWERED], [EXPLORED, CARRIED, EXPLORED, ANSWERED], [CARRIED, CLOSED], [ANSWERED]],
)
def test_a_question_moves_from_open_towards_a_settled_status(
    pilots: Pilots, path: list[QuestionStatus]
) -> None:
    pilot_id, lead, question = question_at(pilots, OPEN)
    for move in path:
        pilots.execute(SetQuestionStatus(pilot_id, question_id=question, status=move), lead)
    assert pilots.pilot(pilot_id).questions[question].status == path[-1]


@pytest.mark.parametrize("settled", [ANSWERED, CLOSED])
@pytest.mark.parametrize("move", [OPEN, EXPLORED, CARRIED, ANSWERED, CLOSED])
def test_an_answered_or_closed_question_is_settled(
    pilots: Pilots, settled: QuestionStatus, move: QuestionStatus
) -> None:
    pilot_id, lead, question = question_at(pilots, settled)
    with refused(pilots, pilot_id, RuleViolated, match=f"{settled.value} cannot become"):
        pilots.execute(SetQuestionStatus(pilot_id, question_id=question, status=move), lead)


@pytest.mark.parametrize("status", list(QuestionStatus))
def test_a_question_cannot_move_to_the_status_it_has(
    pilots: Pilots, status: QuestionStatus
) -> None:
    pilot_id, lead, question = question_at(pilots, status)
    with refused(pilots, pilot_id, RuleViolated):
        pilots.execute(SetQuestionStatus(pilot_id, question_id=question, status=status), lead)


@pytest.mark.parametrize("move", [OPEN, ANSWERED])
def test_an_explored_question_does_not_go_back_to_open(
    pilots: Pilots, move: QuestionStatus
) -> None:
    pilot_id, lead, question = question_at(pilots, EXPLORED)
    if move == OPEN:
        with refused(pilots, pilot_id, RuleViolated):
            pilots.execute(SetQuestionStatus(pilot_id, question_id=question, status=move), lead)
    else:
        pilots.execute(SetQuestionStatus(pilot_id, question_id=question, status=move), lead)


def test_an_unknown_status_is_an_invalid_entry(pilots: Pilots) -> None:
    pilot_id, lead, question = question_at(pilots, OPEN)
    with refused(pilots, pilot_id, InvalidEntry, match="^status"):
        pilots.execute(SetQuestionStatus(pilot_id, question_id=question, status="pondered"), lead)


def test_insights_attach_to_a_question_over_time(pilots: Pilots) -> None:
    pilot_id, lead, question = question_at(pilots, ANSWERED)
    for text in ("Purpose is shared", "Confidence grows in pairs"):
        pilots.execute(AddInsight(pilot_id, question_id=question, text=text), lead)
    insights = pilots.pilot(pilot_id).questions[question].insights
    assert [(i.text, i.author) for i in insights] == [
        ("Purpose is shared", lead),
        ("Confidence grows in pairs", lead),
    ]


def test_an_insight_on_an_unknown_question_is_not_found(pilots: Pilots) -> None:
    pilot_id, lead, _ = question_at(pilots, OPEN)
    with refused(pilots, pilot_id, NotFound, match="no such question"):
        pilots.execute(AddInsight(pilot_id, question_id=uuid4(), text="Lost"), lead)


def test_an_action_is_reported_back_once(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    _, [action] = record_question_set(pilots, pilot_id, lead, (OPEN_QUESTION,), ("Ask Sam",))
    pilots.execute(ReportAction(pilot_id, action_id=action, report="Sam said yes"), lead)
    with refused(pilots, pilot_id, RuleViolated, match="already been reported"):
        pilots.execute(ReportAction(pilot_id, action_id=action, report="Sam said no"), lead)
    assert pilots.pilot(pilot_id).action(action).report == "Sam said yes"


def test_a_report_on_an_unknown_action_is_not_found(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    with refused(pilots, pilot_id, NotFound, match="no such action"):
        pilots.execute(ReportAction(pilot_id, action_id=uuid4(), report="Done"), lead)
