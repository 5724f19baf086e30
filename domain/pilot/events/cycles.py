"""PDSA cycles: planned (with predictions), started, done, studied and decided."""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any, ClassVar

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


class CycleStep(Event):
    """The base of the events that move cycle `number` on to the next stage, `STAGE`. The
    cycle takes each field the event adds to this base as its own field of the same name."""

    STAGE: ClassVar[Stage]
    number: int

    def evolve(self, pilot: Pilot) -> None:
        cycle = pilot.cycles[self.number]
        cycle.stage = self.STAGE
        for name in inspect.get_annotations(type(self)):
            setattr(cycle, name, getattr(self, name))


class CycleStarted(CycleStep):
    TOPIC = "pilots:CycleStarted"
    STAGE = Stage.STARTED


class DoRecorded(CycleStep):
    TOPIC = "pilots:DoRecorded"
    STAGE = Stage.DONE
    what_happened: str
    as_planned: bool
    deviations: str


class StudyRecorded(CycleStep):
    TOPIC = "pilots:StudyRecorded"
    STAGE = Stage.STUDIED
    results: tuple[Result, ...]
    learning: str
    surprises: str


class CycleDecided(CycleStep):
    TOPIC = "pilots:CycleDecided"
    STAGE = Stage.DECIDED
    decision: Decision
    rationale: str
