"""The pilot as a whole: registered, its idea revised, paused, resumed and concluded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.pilot.events.base import Created, Event
from domain.values import Outcome, PilotStatus

if TYPE_CHECKING:
    from domain.pilot.aggregate import Pilot


class Registered(Created):
    """The pilot's first event; `Pilot.__init__` takes its fields. `tests_idea` is the id of a
    workshop's idea the pilot tests, `framing` that of a framing question it serves (each in
    an `origins:` workshop's events), or None."""

    TOPIC = "pilots:Registered"
    class_version = 2
    title: str
    question: str
    idea: str
    origin: str
    themes: tuple[str, ...]
    tests_idea: UUID | None
    framing: UUID | None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Version 1 named no idea and no framing question: the origin was free text only."""
        state["tests_idea"] = None
        state["framing"] = None


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
