"""The Pilot aggregate: one stream of events per pilot.

`Pilot.execute` runs a command through the handler registered for its type. The handlers live
beside the part of the pilot they change (`cycles`, `question_sets`, `team`, `status`,
`corrections`); each checks the rules, computes anything derived, and records one event from the
catalogue in `events`, whose `evolve` changes the state. A rule that is broken raises a domain
error before anything is recorded.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any
from uuid import UUID

from domain import rules
from domain.errors import NotFound, NotPermitted, RuleViolated
from domain.pilot import entries, events
from domain.pilot.commands import PilotCommand, RegisterPilot
from domain.pilot.state import (
    Action,
    Correction,
    Cycle,
    Measure,
    Question,
    QuestionSet,
    Reflection,
)
from domain.pilot.visibility import Reader
from domain.records import BaseRecord
from domain.records import By as By
from domain.records import derived_id as derived_id
from domain.values import Outcome, PilotStatus, Role, Stage, Visibility


class Pilot(BaseRecord):
    TOPIC = "pilots:Pilot"
    KIND = "pilot"
    class_version = 2  # for snapshots: 2 holds measures

    # The library looks for these two on the aggregate; every event is in `events`.
    Event = events.Event
    Created = events.Created

    # What the pilot was registered to test, and the framing question it serves. Kept on the
    # class too, so snapshots taken before pilots named them load with neither.
    tests_idea: UUID | None = None
    framing: UUID | None = None

    def __init__(
        self, title: str, question: str, idea: str, origin: str, themes: tuple[str, ...],
        actor: UUID, tests_idea: UUID | None = None, framing: UUID | None = None,
    ) -> None:  # fmt: skip
        """The state a `Registered` event starts the pilot with."""
        self.title, self.question, self.idea = title, question, idea
        self.origin, self.themes = origin, themes
        self.tests_idea, self.framing = tests_idea, framing
        self.status = PilotStatus.ACTIVE
        self.outcome: Outcome | None = None
        self.summary = ""
        self.pause_reason = ""
        self.team: dict[UUID, Role] = {actor: Role.LEAD}
        self.cycles: dict[int, Cycle] = {}
        self.reflections: dict[UUID, Reflection] = {}
        self.question_sets: dict[UUID, QuestionSet] = {}
        self.questions: dict[UUID, Question] = {}
        self.corrections: list[Correction] = []
        self.measures: dict[UUID, Measure] = {}
        self.submissions: list[str] = []

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Snapshots taken before measures were kept hold none."""
        state["measures"] = {}

    # -- commands ---------------------------------------------------------------------------------

    @classmethod
    def register(cls, command: RegisterPilot, by: By) -> Pilot:
        """A new pilot with the sender as its lead. Its id is derived from the submission, so a
        resubmitted form finds its pilot instead of registering a twin. The idea it tests and
        the framing question it serves are records of their own, in workshops: the application
        service checks that they exist before it calls this."""
        return cls._made(
            events.Registered,
            by,
            title=rules.text("title", command.title, limit=rules.TITLE_MAX),
            question=rules.text("question", command.question),
            idea=rules.text("idea", command.idea),
            origin=rules.optional_text("origin", command.origin),
            themes=rules.themes(command.themes),
            tests_idea=command.tests_idea,
            framing=command.framing,
        )

    def execute(self, command: PilotCommand, by: By) -> None:
        handle(command, self, by)

    # -- queries ----------------------------------------------------------------------------------

    @property
    def undecided_cycle(self) -> Cycle | None:
        return next((c for c in self.cycles.values() if c.stage != Stage.DECIDED), None)

    def role_of(self, user: UUID) -> Role | None:
        return self.team.get(user)

    def cycle(self, number: int) -> Cycle:
        return self.found(self.cycles, number, f"this pilot has no cycle {number}")

    def measure(self, measure_id: UUID) -> Measure:
        return self.found(self.measures, measure_id, "this pilot has no such measure")

    def set_question(self, question_id: UUID) -> Question:
        return self.found(self.questions, question_id, "this pilot has no such question")

    def reflection(self, reflection_id: UUID, reader: UUID) -> Reflection:
        """The reflection, if `reader` may read it; one they may not is as if it did not
        exist."""
        found = self.reflections.get(reflection_id)
        if found is None or not self.readable(found.visibility, found.author, reader):
            raise NotFound("this pilot has no such reflection")
        return found

    def question_set(
        self, set_id: UUID, reader: UUID, missing: str = "this pilot has no such question set"
    ) -> QuestionSet:
        """The set meeting, if `reader` may read it. Asked on behalf of one of its questions,
        actions or insights, `missing` says what was not found in the same words as for one
        that was never raised, so the answer tells nothing of a meeting kept from the sender."""
        found = self.question_sets.get(set_id)
        if found is None or not self.readable(found.visibility, found.author, reader):
            raise NotFound(missing)
        return found

    def readable(self, visibility: Visibility, author: UUID | None, reader: UUID) -> bool:
        return Reader.person(reader).may_read(visibility, author, self.team)

    def action(self, action_id: UUID) -> Action:
        for question_set in self.question_sets.values():
            for action in question_set.actions:
                if action.id == action_id:
                    return action
        raise NotFound("this pilot has no such action")

    def entry_text(self, entry: str) -> str | None:
        """The current text of a correctable entry, named as `title`, `cycle:2:learning`,
        `reflection:<id>` or `insight:<id>`; None once it is withdrawn."""
        return entries.text_of(self, entry)

    def put_entry(self, entry: str, text: str | None) -> None:
        entries.put(self, entry, text)

    # -- guards -----------------------------------------------------------------------------------

    def require_writer(self, actor: UUID) -> None:
        if actor not in self.team:
            raise NotPermitted("only the pilot's lead, members and facilitator may write to it")

    def require_lead(self, actor: UUID) -> None:
        if self.team.get(actor) != Role.LEAD:
            raise NotPermitted("only a lead of the pilot may change its team")

    def require_stage(self, number: int, stage: Stage, doing: str) -> Cycle:
        cycle = self.cycle(number)
        if cycle.stage != stage:
            raise RuleViolated(
                f"cannot {doing} cycle {number} while it is {cycle.stage.value}; "
                f"it must be {stage.value} first"
            )
        return cycle


@singledispatch
def handle(command: PilotCommand, pilot: Pilot, by: By) -> None:
    """Runs a command on a pilot; each command type registers its handler."""
    raise TypeError(f"no handler for {type(command).__name__}")
