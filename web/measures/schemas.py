"""What the API takes and gives for measures."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from domain import rules
from domain.pilot import measures
from domain.pilot.state import Measure
from projections.measures.view import MeasureView
from projections.reads import struct_from
from web.schemas import MAY_BE_EMPTY, Entry, Input, Title

KindName = Literal["outcome", "process", "balancing"]
ImprovementName = Literal["up", "down"]
Unit = Annotated[
    str,
    msgspec.Meta(max_length=measures.UNIT_MAX, examples=["people"], extra_json_schema=MAY_BE_EMPTY),
]
Note = Annotated[str, msgspec.Meta(max_length=measures.NOTE_MAX, extra_json_schema=MAY_BE_EMPTY)]


class MeasureCreate(Input):
    """`definition` says exactly what is counted and how (the operational definition);
    `improvement` is the way that is better."""

    name: Title
    kind: KindName
    definition: Entry
    improvement: ImprovementName
    unit: Unit = ""
    target: float | None = None


class PointCreate(Input):
    on: date
    value: float
    note: Note = ""


class PointsCreate(Input):
    points: Annotated[
        list[PointCreate], msgspec.Meta(min_length=1, max_length=measures.POINTS_PER_CALL_MAX)
    ]


class CorrectionCreate(Input):
    value: float
    reason: Entry


class PhaseCreate(Input):
    starts: date = msgspec.field(name="from")
    reason: Entry


class MeasurePredictionCreate(Input):
    measure_id: UUID
    prediction: Entry


MeasurePredictions = Annotated[
    list[MeasurePredictionCreate], msgspec.Meta(max_length=rules.PREDICTIONS_MAX)
]


class MeasureRef(msgspec.Struct):
    id: UUID


class PointsRef(msgspec.Struct):
    count: int


class PointCorrectionRead(msgspec.Struct):
    measure_id: UUID
    on: date
    value: float
    previous: float


class PhaseRef(msgspec.Struct):
    measure_id: UUID
    starts: date = msgspec.field(name="from")
    reason: str = ""


class MeasureFields(msgspec.Struct):
    """What a measure is, as every answer about it begins: `MeasureItem`, `MeasureRead`."""

    id: UUID
    name: str
    kind: str
    definition: str
    unit: str
    improvement: str
    target: float | None


class MeasureItem(MeasureFields):
    """A measure as the pilot lists it; its chart is at `GET .../measures/{id}`."""

    points: int
    phases: list[date]


def measure_item(measure: Measure) -> MeasureItem:
    return struct_from(
        MeasureItem,
        measure,
        kind=measure.kind.value,
        improvement=measure.improvement.value,
        points=len(measure.values),
        phases=sorted(measure.phases),
    )


class PointRead(msgspec.Struct):
    on: date
    value: float
    note: str


class PhaseRead(msgspec.Struct):
    """`centre`, `lower` and `upper` unrounded; run charts have no limits."""

    starts: date = msgspec.field(name="from")
    centre: float | None = None
    lower: float | None = None
    upper: float | None = None
    trial: bool = False
    too_few_points: bool = True


class SignalRead(msgspec.Struct):
    rule: str
    first: date = msgspec.field(name="from")
    last: date = msgspec.field(name="to")
    direction: str | None = None


class AnnotationRead(msgspec.Struct):
    on: date
    kind: str
    text: str
    cycle: int | None


class RulesRead(msgspec.Struct):
    """A rule set: `anhoej`, `ihi` or `mdc`, and its version, which changes whenever a figure
    it gives could; `follows` names the published tool it agrees with."""

    name: str
    version: int
    chart: str
    follows: str


class MeasureRead(MeasureFields):
    """A measure's chart as data, as it stands now or stood at a moment."""

    points: list[PointRead]
    phases: list[PhaseRead]
    signals: list[SignalRead]
    rules: RulesRead
    too_few_points: bool
    annotations: list[AnnotationRead]


def measure_read(view: MeasureView) -> MeasureRead:
    return struct_from(
        MeasureRead,
        view.measure,
        points=[PointRead(p.on, p.value, p.note) for p in view.points],
        phases=[struct_from(PhaseRead, p) for p in view.phases],
        signals=[struct_from(SignalRead, s) for s in view.signals],
        rules=struct_from(RulesRead, view.rules),
        too_few_points=view.too_few_points,
        annotations=[struct_from(AnnotationRead, a) for a in view.annotations],
    )
