"""Measures: one defined, values recorded, a value corrected, a new baseline phase begun.

A value is never overwritten in the log: a correction is its own event that names the value it
replaces, so a chart can be shown as it stood before the correction.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from domain.measures.results import Improvement
from domain.pilot.events.base import Event
from domain.pilot.state import Measure
from domain.values import DataPoint, MeasureKind

if TYPE_CHECKING:
    from domain.pilot.aggregate import Pilot


class MeasureDefined(Event):
    TOPIC = "pilots:MeasureDefined"
    measure_id: UUID
    name: str
    kind: MeasureKind
    definition: str
    unit: str
    improvement: Improvement
    target: float | None

    def evolve(self, pilot: Pilot) -> None:
        pilot.measures[self.measure_id] = Measure(
            self.measure_id, self.name, self.kind, self.definition, self.unit,
            self.improvement, self.target,
        )  # fmt: skip


class PointsRecorded(Event):
    TOPIC = "pilots:PointsRecorded"
    measure_id: UUID
    points: tuple[DataPoint, ...]

    def evolve(self, pilot: Pilot) -> None:
        values = pilot.measures[self.measure_id].values
        values.update((point.on, point.value) for point in self.points)


class PointCorrected(Event):
    TOPIC = "pilots:PointCorrected"
    measure_id: UUID
    on: date
    value: float
    previous: float
    reason: str

    def evolve(self, pilot: Pilot) -> None:
        pilot.measures[self.measure_id].values[self.on] = self.value


class PhaseStarted(Event):
    TOPIC = "pilots:PhaseStarted"
    measure_id: UUID
    starts: date
    reason: str

    def evolve(self, pilot: Pilot) -> None:
        pilot.measures[self.measure_id].phases.append(self.starts)
