"""The measure commands on the web: each becomes an API route, and a form on the pilot page
(defining a measure) or on the measure's own page (its values and phases)."""

from __future__ import annotations

from domain.pilot import events
from domain.pilot.commands import CorrectPoint, DefineMeasure, RecordPoints, StartPhase
from domain.service import Receipt
from web.commands import Exposed
from web.measures.schemas import (
    CorrectionCreate,
    MeasureCreate,
    MeasureRef,
    PhaseCreate,
    PhaseRef,
    PointCorrectionRead,
    PointsCreate,
    PointsRef,
)
from web.people import Viewer
from web.writes import Reply, recorded

MEASURE = "/measures/{measure_id:uuid}"


def new_measure(receipt: Receipt, _: Viewer) -> Reply:
    measure_id = recorded(receipt, events.MeasureDefined).measure_id
    return Reply(MeasureRef(measure_id))


def new_points(receipt: Receipt, _: Viewer) -> Reply:
    return Reply(PointsRef(len(recorded(receipt, events.PointsRecorded).points)))


def corrected(receipt: Receipt, _: Viewer) -> Reply:
    done = recorded(receipt, events.PointCorrected)
    body = PointCorrectionRead(done.measure_id, done.on, done.value, done.previous)
    return Reply(body)


def new_phase(receipt: Receipt, _: Viewer) -> Reply:
    done = recorded(receipt, events.PhaseStarted)
    return Reply(PhaseRef(done.measure_id, done.starts, done.reason))


COMMANDS = [
    Exposed("measures", "/measures", DefineMeasure, MeasureCreate, "measures", MeasureRef,
            new_measure, status=201, form="measure"),
    Exposed("points", f"{MEASURE}/points", RecordPoints, PointsCreate, "measure", PointsRef,
            new_points, status=201, page=False,
            doc="Records 1 to 500 dated values of a measure; a day that already has a value is "
            "409 (correct it instead), and nothing is recorded."),
    Exposed("point-correction", f"{MEASURE}/points/{{on:date}}/correction", CorrectPoint,
            CorrectionCreate, "measure", PointCorrectionRead, corrected, page=False),
    Exposed("phases", f"{MEASURE}/phases", StartPhase, PhaseCreate, "measure", PhaseRef,
            new_phase, page=False),
]  # fmt: skip
