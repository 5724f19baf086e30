"""The pilot as its page shows it: entries joined up with people's names, and the next steps
that make sense for the pilot's state and for the person looking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from adapters.accounts import Accounts
from domain.pilot import QUESTION_MOVES, Pilot
from domain.state import Action, Cycle, Reflection
from domain.values import QuestionStatus, ReflectionKind, Role
from web.pages.steps import Step, cycle_form, next_steps

# Kolb's cycle, and appreciative inquiry beside it, as the prompt each kind of reflection answers.
REFLECTION_KINDS: dict[ReflectionKind, tuple[str, str]] = {
    ReflectionKind.EXPERIENCE: ("Experience", "What happened?"),
    ReflectionKind.OBSERVATION: ("Observation", "What did you notice?"),
    ReflectionKind.MEANING: ("Meaning", "What does it mean?"),
    ReflectionKind.NEXT_STEP: ("Next step", "What will you try next?"),
    ReflectionKind.APPRECIATION: ("Appreciation", "What went well? Tell me about a time when…"),
}
QUESTION_STATUSES = {status: status.value.replace("_", " ") for status in QuestionStatus}


class People:
    """Names for user ids, each looked up once per request."""

    def __init__(self, accounts: Accounts) -> None:
        self._accounts = accounts
        self._names: dict[UUID, str] = {}

    def name(self, user: UUID | None) -> str:
        if user is None:
            return ""
        if user not in self._names:
            account = self._accounts.by_id(user)
            self._names[user] = account.name if account else "a former member"
        return self._names[user]


@dataclass(frozen=True)
class Row:
    """One prediction of a cycle, with the result set against it once studied."""

    number: int
    question: str
    prediction: str
    result: str | None


@dataclass(frozen=True)
class QuestionView:
    id: UUID
    number: int
    text: str
    status: QuestionStatus
    looks_closed: bool
    insights: tuple[tuple[str, str], ...]
    moves: tuple[QuestionStatus, ...]


@dataclass(frozen=True)
class SetView:
    id: UUID
    held_on: date
    facilitator: str
    issue_holder: str
    questions: tuple[QuestionView, ...]
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class PilotView:
    pilot: Pilot
    cycles: tuple[tuple[Cycle, tuple[Row, ...]], ...]
    current: tuple[Cycle, tuple[Row, ...]] | None
    reflections: tuple[tuple[Reflection, str], ...]
    sets: tuple[SetView, ...]
    team: tuple[tuple[UUID, str, Role], ...]
    can_write: bool
    is_lead: bool
    steps: tuple[Step, ...]
    cycle_form: str | None


def pilot_view(pilot: Pilot, viewer: UUID | None, people: People) -> PilotView:
    """`viewer` is None for a read-only page, such as the pilot as it stood at a version."""
    role = None if viewer is None else pilot.role_of(viewer)
    cycles = tuple((cycle, rows(cycle)) for cycle in pilot.cycles.values())
    undecided = pilot.undecided_cycle
    team = sorted(pilot.team.items(), key=lambda item: (item[1] != Role.LEAD, people.name(item[0])))
    return PilotView(
        pilot=pilot,
        cycles=cycles,
        current=None if undecided is None else (undecided, rows(undecided)),
        reflections=tuple((r, people.name(r.author)) for r in pilot.reflections.values()),
        sets=tuple(_set_view(pilot, s.id, people) for s in pilot.question_sets.values()),
        team=tuple((user, people.name(user), r) for user, r in team),
        can_write=role is not None,
        is_lead=role == Role.LEAD,
        steps=next_steps(pilot, role),
        cycle_form=None if role is None else cycle_form(pilot),
    )


def rows(cycle: Cycle) -> tuple[Row, ...]:
    return tuple(
        Row(i, p.question, p.prediction, cycle.result_for(p.question))
        for i, p in enumerate(cycle.predictions, start=1)
    )


def _set_view(pilot: Pilot, set_id: UUID, people: People) -> SetView:
    meeting = pilot.question_sets[set_id]
    questions = tuple(
        QuestionView(
            q.id, number, q.text, q.status, q.looks_closed,
            tuple((i.text, people.name(i.author)) for i in q.insights),
            tuple(s for s in QuestionStatus if s in QUESTION_MOVES[q.status]),
        )
        for number, q in enumerate((pilot.questions[i] for i in meeting.question_ids), start=1)
    )  # fmt: skip
    return SetView(
        meeting.id, meeting.held_on, people.name(meeting.facilitator),
        people.name(meeting.issue_holder), questions, tuple(meeting.actions),
    )  # fmt: skip
