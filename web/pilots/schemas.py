"""What the API takes and gives for pilots as a whole."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from domain import rules
from web.corrections.schemas import CorrectionRead
from web.cycles.schemas import CycleRead
from web.forms import COMMAS
from web.measures.schemas import MeasureItem
from web.question_sets.schemas import QuestionSetRead
from web.reflections.schemas import ReflectionRead
from web.schemas import Entry, Input, OptionalEntry, Theme, Title

OutcomeName = Literal["adopted", "adapted", "abandoned"]


class PilotCreate(Input):
    """`tests_idea` is the id of a workshop's idea the pilot tests, and `framing` that of the
    framing question it serves (the idea's own, when the idea serves one)."""

    title: Title
    question: Entry
    idea: Entry
    origin: OptionalEntry = ""
    themes: Annotated[list[Theme], msgspec.Meta(max_length=rules.THEMES_MAX, extra=COMMAS)] = []
    tests_idea: UUID | None = None
    framing: UUID | None = None


class IdeaUpdate(Input):
    idea: Entry
    rationale: Entry
    prompted_by: OptionalEntry = ""


class PauseCreate(Input):
    reason: Entry


class ConclusionCreate(Input):
    outcome: OutcomeName
    summary: Entry


class TeamMemberRead(msgspec.Struct):
    user_id: UUID
    role: str


class PilotRead(msgspec.Struct):
    """The pilot: its framing, team, status, cycles, reflections, set meetings, corrections
    and measures (each measure's chart is at `measures/{id}`), at `version`, as the reader
    may see it: `hidden` counts the reflections and set meetings they may not. `tests_idea`
    and `framing` name the workshop idea it tests and the framing question it serves."""

    id: UUID
    version: int
    title: str
    question: str
    idea: str
    origin: str
    themes: list[str]
    status: str
    outcome: str | None
    summary: str
    pause_reason: str
    team: list[TeamMemberRead]
    cycles: list[CycleRead]
    reflections: list[ReflectionRead]
    question_sets: list[QuestionSetRead]
    corrections: list[CorrectionRead]
    measures: list[MeasureItem] = []
    hidden: int = 0  # reflections and set meetings this reader may not see, as a number
    tests_idea: UUID | None = None  # the workshop idea it tests
    framing: UUID | None = None  # the framing question it serves


class PilotItem(msgspec.Struct):
    id: UUID
    title: str
    status: str
    themes: list[str]
    cycles: int
    last_activity: datetime
    lead: UUID | None
    open_questions: int


class PilotPage(msgspec.Struct):
    items: list[PilotItem]
    next: str | None
