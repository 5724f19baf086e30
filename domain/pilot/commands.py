"""What people ask of a pilot, as data: one frozen dataclass per command, named in the
imperative.

A command holds what was typed, not yet checked: the pilot's handlers check it against the rules
(trimming text, refusing blanks, matching results to predictions) and record the event. Words
chosen from a list (a decision, a role, a status) arrive as text, so that a wrong one is refused
by the rule that names the allowed words. The web layer builds commands from its input Structs
field by field, and the application service runs every command through one path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, dataclass_transform
from uuid import UUID

from domain.values import DataPoint, MeasurePrediction, Prediction, Result, Visibility


@dataclass_transform(frozen_default=True, kw_only_default=True)
@dataclass(frozen=True)
class Command:
    """The base of every command: each subclass is made a frozen dataclass whose fields are
    keyword-only (`kw_only=False` keeps a class's own fields positional)."""

    def __init_subclass__(cls, *, kw_only: bool = True, **rest: Any) -> None:
        super().__init_subclass__(**rest)
        dataclass(frozen=True, kw_only=kw_only)(cls)


class RegisterPilot(Command):
    """Registers a pilot; whoever sends it becomes its lead. `tests_idea` names a workshop's
    idea the pilot tests, and `framing` a framing question it serves (their ids)."""

    title: str
    question: str
    idea: str
    origin: str = ""
    themes: Sequence[str] = ()
    tests_idea: UUID | None = None
    framing: UUID | None = None


class PilotCommand(Command, kw_only=False):
    """A command to one pilot, named by its id."""

    pilot_id: UUID


# -- framing and status ---------------------------------------------------------------------------


class ReviseIdea(PilotCommand):
    """Revises the idea, with the rationale for the change and what prompted it."""

    idea: str
    rationale: str
    prompted_by: str = ""


class Pause(PilotCommand):
    """Pauses an active pilot, saying why; it takes no new cycles until resumed."""

    reason: str


class Resume(PilotCommand):
    """Resumes a paused pilot."""


class Conclude(PilotCommand):
    """Concludes the pilot: adopted, adapted or abandoned, with a summary."""

    outcome: str
    summary: str


# -- team -----------------------------------------------------------------------------------------


class AssignRole(PilotCommand):
    """Gives someone a role on the pilot's team (leads only)."""

    user: UUID
    role: str


class RemoveMember(PilotCommand):
    """Takes someone off the pilot's team (leads only); the last lead stays."""

    user: UUID


# -- cycles ---------------------------------------------------------------------------------------


class PlanCycle(PilotCommand):
    """Plans the next cycle: its objective, a prediction for each question it tests, and
    what it expects any of the pilot's measures to show."""

    objective: str
    predictions: Sequence[Prediction]
    plan: str = ""
    measures: Sequence[MeasurePrediction] = ()


class CycleCommand(PilotCommand):
    """A command to one cycle of a pilot, named by its number."""

    number: int


class RevisePredictions(CycleCommand):
    """Changes the predictions of a cycle that has not started; its measure predictions stay
    as they were unless `measures` is given."""

    predictions: Sequence[Prediction]
    measures: Sequence[MeasurePrediction] | None = None


class StartCycle(CycleCommand):
    """Starts a planned cycle; from now on its predictions cannot change."""


class RecordDo(CycleCommand):
    """Records what happened when the started cycle ran, and how it left the plan."""

    what_happened: str
    as_planned: bool = True
    deviations: str = ""


class RecordStudy(CycleCommand):
    """Sets a result against every prediction, with the learning and any surprises."""

    results: Sequence[Result]
    learning: str
    surprises: str = ""


class Decide(CycleCommand):
    """Decides to adopt, adapt or abandon the change tested in a studied cycle."""

    decision: str
    rationale: str


# -- reflections and set meetings -----------------------------------------------------------------


class RecordReflection(PilotCommand):
    """Records a reflection: an experience, an observation, what it means, a next step
    or an appreciation, optionally about one cycle."""

    kind: str
    text: str
    cycle: int | None = None
    visibility: str = Visibility.COMMUNITY


class SetReflectionVisibility(PilotCommand):
    """Changes who reads a reflection (its author or a lead)."""

    reflection_id: UUID
    visibility: str


class WithdrawReflection(PilotCommand):
    """Withdraws a reflection for good (its author or a lead): its text becomes unreadable
    everywhere, and the fact of the withdrawal stays."""

    reflection_id: UUID
    reason: str


@dataclass(frozen=True)
class NewAction:
    """An action committed at a set meeting: what, and who owns it (if anyone)."""

    text: str
    owner: UUID | None = None


class RecordQuestionSet(PilotCommand):
    """A set meeting. The facilitator and the issue holder are each an account (`facilitator`)
    or the name of someone without one (`facilitator_name`), such as a set adviser from
    outside; an action is its text, or its text and owner."""

    held_on: date
    questions: Sequence[str]
    facilitator: UUID | None = None
    facilitator_name: str = ""
    issue_holder: UUID | None = None
    issue_holder_name: str = ""
    actions: Sequence[NewAction | str] = ()
    visibility: str = Visibility.TEAM


class SetQuestionSetVisibility(PilotCommand):
    """Changes who reads a set meeting, its questions, insights and actions (whoever recorded
    it, or a lead)."""

    set_id: UUID
    visibility: str


class AddInsight(PilotCommand):
    """Attaches an insight to a question from one of the pilot's set meetings."""

    question_id: UUID
    text: str


class SetQuestionStatus(PilotCommand):
    """Moves a question on: open, explored, answered, carried forward or closed."""

    question_id: UUID
    status: str


class ReportAction(PilotCommand):
    """Reports back on an action committed at a set meeting, once."""

    action_id: UUID
    report: str


# -- corrections ----------------------------------------------------------------------------------


class Correct(PilotCommand):
    """Puts a wrong entry right: `entry` is `title`, `question`, `origin`, `summary`,
    `cycle:N:FIELD`, `reflection:ID` or `insight:ID`."""

    entry: str
    text: str
    reason: str


# -- measures -------------------------------------------------------------------------------------


class DefineMeasure(PilotCommand):
    """Defines a measure: how the team will know a change is an improvement. `kind` is
    outcome, process or balancing; `improvement` is the way that is better, up or down."""

    name: str
    kind: str
    definition: str
    improvement: str
    unit: str = ""
    target: float | None = None


class RecordPoints(PilotCommand):
    """Records dated values of a measure, one or many at once."""

    measure_id: UUID
    points: Sequence[DataPoint]


class CorrectPoint(PilotCommand):
    """Puts a wrong value right, with the reason; the old value stays in the history."""

    measure_id: UUID
    on: date
    value: float
    reason: str


class StartPhase(PilotCommand):
    """Starts a new baseline phase of a measure from a day, with the reason: the centre line
    and limits are worked out again from there. Never automatic."""

    measure_id: UUID
    starts: date
    reason: str
