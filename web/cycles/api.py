"""The cycles API: plan a cycle, then start (locking its predictions), do, study and act."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from domain.pilot import events
from domain.pilot.commands import Decide, PlanCycle, RecordDo, RecordStudy, StartCycle
from domain.service import Receipt
from web.cycles.schemas import CycleCreate, CycleRef, DecisionCreate, DoCreate, StudyCreate
from web.openapi import write_route
from web.people import People
from web.pilots.reads import the_pilot
from web.pilots.schemas import PilotRead
from web.schemas import NoFields
from web.writes import Reply, Write, command, provide_write, recorded

Id = FromPath[UUID]
Number = FromPath[int]
Writing = NamedDependency[Write]


def planned_cycle(receipt: Receipt, _: People) -> Reply:
    number = recorded(receipt, events.CyclePlanned).number
    stage = receipt.pilot.cycle(number).stage.value
    return Reply(201, CycleRef(number, stage), receipt.pilot.version)


class CycleController(Controller):
    path = "/pilots/{pilot_id:uuid}/cycles"
    tags = ["Cycles"]
    dependencies = {"write": Provide(provide_write)}

    @write_route("/", status_code=201)
    def plan(self, pilot_id: Id, data: JSONBody[CycleCreate], write: Writing) -> Response[CycleRef]:
        """Plans the next cycle: its objective, and a prediction for each question it tests."""
        return write.run(planned_cycle, lambda: command(PlanCycle, data, pilot_id=pilot_id))

    @write_route("/{number:int}/start")
    def start(
        self, pilot_id: Id, number: Number, write: Writing, data: JSONBody[NoFields | None] = None
    ) -> Response[PilotRead]:
        """Starts a planned cycle; from now on its predictions cannot change."""
        return write.run(the_pilot, lambda: StartCycle(pilot_id, number=number))

    @write_route("/{number:int}/do")
    def do(
        self, pilot_id: Id, number: Number, data: JSONBody[DoCreate], write: Writing
    ) -> Response[PilotRead]:
        """Records what happened when the started cycle ran, and how it left the plan."""
        return write.run(
            the_pilot, lambda: command(RecordDo, data, pilot_id=pilot_id, number=number)
        )

    @write_route("/{number:int}/study")
    def study(
        self, pilot_id: Id, number: Number, data: JSONBody[StudyCreate], write: Writing
    ) -> Response[PilotRead]:
        """Sets a result against every prediction, with the learning and any surprises."""
        return write.run(
            the_pilot, lambda: command(RecordStudy, data, pilot_id=pilot_id, number=number)
        )

    @write_route("/{number:int}/act")
    def act(
        self, pilot_id: Id, number: Number, data: JSONBody[DecisionCreate], write: Writing
    ) -> Response[PilotRead]:
        """Decides to adopt, adapt or abandon the change tested in a studied cycle."""
        return write.run(the_pilot, lambda: command(Decide, data, pilot_id=pilot_id, number=number))


HANDLERS = [CycleController]
