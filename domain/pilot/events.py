"""The catalogue of a pilot's events: what each says, and what it changes in the pilot.

Stored events outlive the code: each keeps a stable `TOPIC`, and a new shape is a new
`class_version` with an upcaster. `evolve` runs again on every replay, so it only changes state;
anything computed is computed by the handler. Every event names its actor and its submission.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import register_topic

from domain import clock
from domain.pilot.state import Action, Correction, Cycle, Insight, Question, QuestionSet, Reflection
from domain.values import (
    AskedQuestion,
    CommittedAction,
    Decision,
    Outcome,
    PilotStatus,
    Prediction,
    QuestionStatus,
    ReflectionKind,
    Result,
    Role,
    Stage,
)

if TYPE_CHECKING:
    from domain.pilot.aggregate import Pilot

# A pilot remembers this many recent submissions, so a repeat is recognised and not recorded
# twice; the application service looks further back through the log when it must.
SUBMISSIONS_KEPT = 256


class Event(Aggregate.Event):
    actor: UUID
    submission: str

    @staticmethod
    def create_timestamp() -> datetime:
        return clock.now()

    def apply(self, aggregate: Any) -> None:
        kept = aggregate.submissions[1 - SUBMISSIONS_KEPT :]
        aggregate.submissions = [*kept, self.submission]
        self.evolve(aggregate)

    def evolve(self, pilot: Pilot) -> None:
        """What the event changes in the pilot; some events change nothing but the log."""


class Created(Event, Aggregate.Created):
    """The base of creation events, which the library needs the aggregate to name; only
    `Registered` is ever recorded."""

    TOPIC = "pilots:Created"


class Registered(Created):
    """The pilot's first event; `Pilot.__init__` takes its fields."""

    TOPIC = "pilots:Registered"
    title: str
    question: str
    idea: str
    origin: str
    themes: tuple[str, ...]


class IdeaRevised(Event):
    TOPIC = "pilots:IdeaRevised"
    class_version = 2
    idea: str
    rationale: str
    prompted_by: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Version 1 did not say what prompted a revision."""
        state["prompted_by"] = ""

    def evolve(self, pilot: Pilot) -> None:
        pilot.idea = self.idea


class RoleAssigned(Event):
    TOPIC = "pilots:RoleAssigned"
    user: UUID
    role: Role

    def evolve(self, pilot: Pilot) -> None:
        pilot.team[self.user] = self.role


class MemberRemoved(Event):
    TOPIC = "pilots:MemberRemoved"
    user: UUID

    def evolve(self, pilot: Pilot) -> None:
        del pilot.team[self.user]


class CyclePlanned(Event):
    TOPIC = "pilots:CyclePlanned"
    number: int
    objective: str
    plan: str
    predictions: tuple[Prediction, ...]

    def evolve(self, pilot: Pilot) -> None:
        pilot.cycles[self.number] = Cycle(self.number, self.objective, self.plan, self.predictions)


class PredictionsRevised(Event):
    TOPIC = "pilots:PredictionsRevised"
    number: int
    predictions: tuple[Prediction, ...]

    def evolve(self, pilot: Pilot) -> None:
        pilot.cycles[self.number].predictions = self.predictions


class CycleStarted(Event):
    TOPIC = "pilots:CycleStarted"
    number: int

    def evolve(self, pilot: Pilot) -> None:
        pilot.cycles[self.number].stage = Stage.STARTED


class DoRecorded(Event):
    TOPIC = "pilots:DoRecorded"
    number: int
    what_happened: str
    as_planned: bool
    deviations: str

    def evolve(self, pilot: Pilot) -> None:
        cycle = pilot.cycles[self.number]
        cycle.stage = Stage.DONE
        cycle.what_happened, cycle.as_planned = self.what_happened, self.as_planned
        cycle.deviations = self.deviations


class StudyRecorded(Event):
    TOPIC = "pilots:StudyRecorded"
    number: int
    results: tuple[Result, ...]
    learning: str
    surprises: str

    def evolve(self, pilot: Pilot) -> None:
        cycle = pilot.cycles[self.number]
        cycle.stage = Stage.STUDIED
        cycle.results, cycle.learning, cycle.surprises = self.results, self.learning, self.surprises


class CycleDecided(Event):
    TOPIC = "pilots:CycleDecided"
    number: int
    decision: Decision
    rationale: str

    def evolve(self, pilot: Pilot) -> None:
        cycle = pilot.cycles[self.number]
        cycle.stage = Stage.DECIDED
        cycle.decision, cycle.rationale = self.decision, self.rationale


class ReflectionRecorded(Event):
    TOPIC = "pilots:ReflectionRecorded"
    reflection_id: UUID
    kind: ReflectionKind
    text: str
    cycle: int | None

    def evolve(self, pilot: Pilot) -> None:
        pilot.reflections[self.reflection_id] = Reflection(
            self.reflection_id, self.actor, self.kind, self.text, self.cycle
        )


class QuestionSetRecorded(Event):
    TOPIC = "pilots:QuestionSetRecorded"
    class_version = 2
    set_id: UUID
    held_on: date
    facilitator: UUID | None
    facilitator_name: str
    issue_holder: UUID | None
    issue_holder_name: str
    questions: tuple[AskedQuestion, ...]
    actions: tuple[CommittedAction, ...]

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Version 1 named people by account only."""
        state["facilitator_name"] = ""
        state["issue_holder_name"] = ""

    def evolve(self, pilot: Pilot) -> None:
        for asked in self.questions:
            pilot.questions[asked.id] = Question.asked(self.set_id, asked)
        pilot.question_sets[self.set_id] = QuestionSet(
            self.set_id, self.held_on, self.facilitator, self.issue_holder,
            tuple(q.id for q in self.questions), [Action.committed(a) for a in self.actions],
            self.facilitator_name, self.issue_holder_name,
        )  # fmt: skip


class InsightAdded(Event):
    TOPIC = "pilots:InsightAdded"
    question_id: UUID
    insight_id: UUID
    text: str

    def evolve(self, pilot: Pilot) -> None:
        insight = Insight(self.insight_id, self.text, self.actor)
        pilot.questions[self.question_id].insights.append(insight)


class QuestionStatusChanged(Event):
    TOPIC = "pilots:QuestionStatusChanged"
    question_id: UUID
    status: QuestionStatus

    def evolve(self, pilot: Pilot) -> None:
        pilot.questions[self.question_id].status = self.status


class ActionReported(Event):
    TOPIC = "pilots:ActionReported"
    action_id: UUID
    report: str

    def evolve(self, pilot: Pilot) -> None:
        pilot.action(self.action_id).report = self.report


class Paused(Event):
    TOPIC = "pilots:Paused"
    reason: str

    def evolve(self, pilot: Pilot) -> None:
        pilot.status, pilot.pause_reason = PilotStatus.PAUSED, self.reason


class Resumed(Event):
    TOPIC = "pilots:Resumed"

    def evolve(self, pilot: Pilot) -> None:
        pilot.status, pilot.pause_reason = PilotStatus.ACTIVE, ""


class Concluded(Event):
    TOPIC = "pilots:Concluded"
    outcome: Outcome
    summary: str

    def evolve(self, pilot: Pilot) -> None:
        pilot.status, pilot.outcome, pilot.summary = (
            PilotStatus.CONCLUDED,
            self.outcome,
            self.summary,
        )


class EntryCorrected(Event):
    """`previous` is the entry's text before, so the log alone can show old and new."""

    TOPIC = "pilots:EntryCorrected"
    class_version = 2
    entry: str
    previous: str
    text: str
    reason: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Version 1 did not carry the earlier text; the pilot's state still knows it."""
        state["previous"] = ""

    def evolve(self, pilot: Pilot) -> None:
        previous = pilot.entry_text(self.entry)
        pilot.put_entry(self.entry, self.text)
        pilot.corrections.append(
            Correction(self.entry, previous, self.text, self.reason, self.actor, self.timestamp)
        )


# Stored events name their class by `TOPIC`; the library registers only those on an aggregate.
for _kind in [value for value in list(globals().values()) if isinstance(value, type)]:
    if issubclass(_kind, Event) and "TOPIC" in vars(_kind):
        register_topic(vars(_kind)["TOPIC"], _kind)
