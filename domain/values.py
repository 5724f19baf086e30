"""Words of the domain (enums) and the value objects that events carry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID


class PilotStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    CONCLUDED = "concluded"


class Role(StrEnum):
    LEAD = "lead"
    MEMBER = "member"
    FACILITATOR = "facilitator"


class Stage(StrEnum):
    """PDSA stages, in the only order a cycle may take them."""

    PLANNED = "planned"
    STARTED = "started"
    DONE = "done"
    STUDIED = "studied"
    DECIDED = "decided"


class Decision(StrEnum):
    ADOPT = "adopt"
    ADAPT = "adapt"
    ABANDON = "abandon"


class Outcome(StrEnum):
    ADOPTED = "adopted"
    ADAPTED = "adapted"
    ABANDONED = "abandoned"


class ReflectionKind(StrEnum):
    """Kolb's four stages, plus appreciation as a first-class entry."""

    EXPERIENCE = "experience"
    OBSERVATION = "observation"
    MEANING = "meaning"
    NEXT_STEP = "next_step"
    APPRECIATION = "appreciation"


class Visibility(StrEnum):
    """Who reads an entry: its author alone, the pilot's team, or every signed-in account."""

    PRIVATE = "private"
    TEAM = "team"
    COMMUNITY = "community"


class AccountRole(StrEnum):
    """An account's role across the programme, as the accounts know it (the web layer hands it
    to the domain): admins and leads are the programme team; members write; readers read."""

    ADMIN = "admin"
    LEAD = "lead"
    MEMBER = "member"
    READER = "reader"


class Consent(StrEnum):
    """Who a story's teller agreed may read it: the programme team (with the teller and whoever
    recorded it), or every signed-in account."""

    TEAM = "team"
    COMMUNITY = "community"


class QuestionStatus(StrEnum):
    OPEN = "open"
    EXPLORED = "explored"
    ANSWERED = "answered"
    CARRIED_FORWARD = "carried_forward"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Prediction:
    """A question the cycle's test should answer, and what the team expects."""

    question: str
    prediction: str


@dataclass(frozen=True, slots=True)
class Result:
    """What the test showed for one predicted question."""

    question: str
    result: str


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    id: UUID
    text: str
    asker: UUID | None
    looks_closed: bool


@dataclass(frozen=True, slots=True)
class CommittedAction:
    id: UUID
    text: str
    owner: UUID | None


class MeasureKind(StrEnum):
    """What a measure watches: the aim itself, a step on the way, or what might suffer."""

    OUTCOME = "outcome"
    PROCESS = "process"
    BALANCING = "balancing"


@dataclass(frozen=True, slots=True)
class MeasurePrediction:
    """What the team expects one of the pilot's measures to show when the cycle has run."""

    measure_id: UUID
    prediction: str


@dataclass(frozen=True, slots=True)
class DataPoint:
    """A measure's value on a day, with an optional note (what was unusual about it)."""

    on: date
    value: float
    note: str = ""
