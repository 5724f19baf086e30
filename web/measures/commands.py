"""The measure commands on the web: each becomes an API route, and a form on the pilot page
(defining a measure) or on the measure's own page (its values and phases)."""

from __future__ import annotations

from domain.pilot import events
from domain.pilot.commands import CorrectPoint, DefineMeasure, RecordPoints, StartPhase
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
from web.writes import reply_from

MEASURE = "/measures/{measure_id:uuid}"


new_measure = reply_from(events.MeasureDefined, lambda e: MeasureRef(e.measure_id))
new_points = reply_from(events.PointsRecorded, lambda e: PointsRef(len(e.points)))
corrected = reply_from(
    events.PointCorrected, lambda e: PointCorrectionRead(e.measure_id, e.on, e.value, e.previous)
)
new_phase = reply_from(events.PhaseStarted, lambda e: PhaseRef(e.measure_id, e.starts, e.reason))

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
