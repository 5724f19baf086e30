"""What the API accepts: one Struct per command.

Unknown fields are refused, and every text and list is bounded here, so an oversized field is a
400 naming the field before anything reaches the domain. The domain checks the same limits again
after trimming, and the rules that need the pilot.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from domain import rules

Title = Annotated[str, msgspec.Meta(max_length=rules.TITLE_MAX, examples=["Story circles"])]
Entry = Annotated[str, msgspec.Meta(max_length=rules.ENTRY_MAX)]
Theme = Annotated[str, msgspec.Meta(max_length=rules.THEME_MAX)]
Email = Annotated[str, msgspec.Meta(max_length=254, examples=["sam@example.org"])]
CycleNumber = Annotated[int, msgspec.Meta(ge=1)]

RoleName = Literal["member", "facilitator", "lead"]
DecisionName = Literal["adopt", "adapt", "abandon"]
OutcomeName = Literal["adopted", "adapted", "abandoned"]
ReflectionKindName = Literal["experience", "observation", "meaning", "next_step", "appreciation"]
QuestionStatusName = Literal["open", "explored", "answered", "carried_forward", "closed"]


class Input(msgspec.Struct, forbid_unknown_fields=True):
    """The base of every request body."""


class PilotCreate(Input):
    title: Title
    question: Entry
    idea: Entry
    origin: Entry = ""
    themes: Annotated[list[Theme], msgspec.Meta(max_length=rules.THEMES_MAX)] = []


class IdeaRevision(Input):
    idea: Entry
    rationale: Entry
    prompted_by: Entry = ""


class MemberAssignment(Input):
    email: Email
    role: RoleName


class PredictionIn(Input):
    question: Entry
    prediction: Entry


class CyclePlan(Input):
    objective: Entry
    predictions: Annotated[list[PredictionIn], msgspec.Meta(max_length=rules.PREDICTIONS_MAX)]
    plan: Entry = ""


class NoFields(Input):
    """`{}`: the command needs nothing more than its address. The body may also be left out."""


class DoRecord(Input):
    what_happened: Entry
    as_planned: bool = True
    deviations: Entry = ""


class ResultIn(Input):
    question: Entry
    result: Entry


class StudyRecord(Input):
    results: Annotated[list[ResultIn], msgspec.Meta(max_length=rules.PREDICTIONS_MAX)]
    learning: Entry
    surprises: Entry = ""


class DecisionIn(Input):
    decision: DecisionName
    rationale: Entry


class ReflectionIn(Input):
    text: Entry
    kind: ReflectionKindName
    cycle: CycleNumber | None = None


class ActionIn(Input):
    text: Entry
    owner: UUID | None = None


class QuestionSetIn(Input):
    held_on: date
    questions: Annotated[list[Entry], msgspec.Meta(max_length=rules.QUESTIONS_PER_SET_MAX)]
    facilitator: UUID | None = None
    issue_holder: UUID | None = None
    # An action is its text, or {text, owner}.
    actions: Annotated[list[Entry | ActionIn], msgspec.Meta(max_length=rules.ACTIONS_MAX)] = []


class InsightIn(Input):
    text: Entry


class QuestionStatusIn(Input):
    status: QuestionStatusName


class PauseIn(Input):
    reason: Entry


class ConclusionIn(Input):
    outcome: OutcomeName
    summary: Entry
