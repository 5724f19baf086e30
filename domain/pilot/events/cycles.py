"""PDSA cycles: planned (with predictions), started, done, studied and decided."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.pilot.events.base import Event
from domain.pilot.state import Cycle
from domain.values import Decision, MeasurePrediction, Prediction, Result, Stage

if TYPE_CHECKING:
    from domain.pilot.aggregate import Pilot


class CyclePlanned(Event):
    TOPIC = "pilots:CyclePlanned"
    class_version = 2
    number: int
    objective: str
    plan: str
    predictions: tuple[Prediction, ...]
    measures: tuple[MeasurePrediction, ...]

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Version 1 predicted no measures."""
        state["measures"] = ()

    def evolve(self, pilot: Pilot) -> None:
        pilot.cycles[self.number] = Cycle(
            self.number, self.objective, self.plan, self.predictions, measures=self.measures
        )


class PredictionsRevised(Event):
    TOPIC = "pilots:PredictionsRevised"
    class_version = 2
    number: int
    predictions: tuple[Prediction, ...]
    measures: tuple[MeasurePrediction, ...] | None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Version 1 left the measure predictions as they were."""
        state["measures"] = None

    def evolve(self, pilot: Pilot) -> None:
        cycle = pilot.cycles[self.number]
        cycle.predictions = self.predictions
        if self.measures is not None:
            cycle.measures = self.measures


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
