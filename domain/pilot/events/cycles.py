"""PDSA cycles: planned (with predictions), started, done, studied and decided."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.pilot.events.base import Event
from domain.pilot.state import Cycle
from domain.values import Decision, Prediction, Result, Stage

if TYPE_CHECKING:
    from domain.pilot.aggregate import Pilot


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
