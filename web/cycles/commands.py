"""The cycle commands on the web: each becomes an API route and a form on the pilot page."""

from __future__ import annotations

from domain.pilot import events
from domain.pilot.commands import Decide, PlanCycle, RecordDo, RecordStudy, StartCycle
from domain.service import Receipt
from web.commands import Exposed
from web.cycles.schemas import CycleCreate, CycleRef, DecisionCreate, DoCreate, StudyCreate
from web.people import Viewer
from web.pilots.reads import the_pilot
from web.pilots.schemas import PilotRead
from web.writes import Reply, recorded

STEP = "/cycles/{number:int}"


def planned_cycle(receipt: Receipt, _: Viewer) -> Reply:
    number = recorded(receipt, events.CyclePlanned).number
    stage = receipt.pilot.cycle(number).stage.value
    return Reply(CycleRef(number, stage))


COMMANDS = [
    Exposed("plan", "/cycles", PlanCycle, CycleCreate, "cycles", CycleRef, planned_cycle,
            status=201, page=False),
    Exposed("start", f"{STEP}/start", StartCycle, None, "cycles", PilotRead, the_pilot),
    Exposed("do", f"{STEP}/do", RecordDo, DoCreate, "cycles", PilotRead, the_pilot),
    Exposed("study", f"{STEP}/study", RecordStudy, StudyCreate, "cycles", PilotRead, the_pilot),
    Exposed("act", f"{STEP}/act", Decide, DecisionCreate, "cycles", PilotRead, the_pilot),
]  # fmt: skip
