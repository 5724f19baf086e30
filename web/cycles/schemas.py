"""What the API takes and gives for cycles."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

import msgspec

from domain import rules
from domain.pilot.state import Cycle
from projections.reads import cycle_as
from web.measures.schemas import MeasurePredictions
from web.schemas import Entry, Input, OptionalEntry

DecisionName = Literal["adopt", "adapt", "abandon"]


class PredictionCreate(Input):
    question: Entry
    prediction: Entry


class CycleCreate(Input):
    """`measures` predicts what some of the pilot's measures will show; like every prediction,
    it is locked when the cycle starts."""

    objective: Entry
    predictions: Annotated[
        list[PredictionCreate],
        msgspec.Meta(max_length=rules.PREDICTIONS_MAX, extra_json_schema={"minItems": 1}),
    ]
    plan: OptionalEntry = ""
    measures: MeasurePredictions = []


class DoCreate(Input):
    what_happened: Entry
    as_planned: bool = True
    deviations: OptionalEntry = ""


class ResultCreate(Input):
    question: Entry
    result: Entry


class StudyCreate(Input):
    results: Annotated[list[ResultCreate], msgspec.Meta(max_length=rules.PREDICTIONS_MAX)]
    learning: Entry
    surprises: OptionalEntry = ""


class DecisionCreate(Input):
    decision: DecisionName
    rationale: Entry


class CycleRef(msgspec.Struct):
    number: int
    stage: str


class PredictionRead(msgspec.Struct):
    question: str
    prediction: str
    result: str | None


class MeasurePredictionRead(msgspec.Struct):
    measure_id: UUID
    prediction: str


class CycleRead(msgspec.Struct):
    number: int
    stage: str
    objective: str
    plan: str
    predictions: list[PredictionRead]
    what_happened: str
    as_planned: bool | None
    deviations: str
    learning: str
    surprises: str
    decision: str | None
    rationale: str
    measures: list[MeasurePredictionRead] = []


def cycle_read(cycle: Cycle) -> CycleRead:
    measures = [MeasurePredictionRead(m.measure_id, m.prediction) for m in cycle.measures]
    return cycle_as(CycleRead, PredictionRead, cycle, measures=measures)
