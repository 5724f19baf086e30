"""The corrections API: put a wrong entry right, with the reason."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from domain.pilot.commands import Correct
from web.corrections.schemas import CorrectionCreate
from web.openapi import write_route
from web.pilots.reads import the_pilot
from web.pilots.schemas import PilotRead
from web.writes import Write, command, provide_write


class CorrectionController(Controller):
    path = "/pilots/{pilot_id:uuid}/corrections"
    tags = ["Corrections"]
    dependencies = {"write": Provide(provide_write)}

    @write_route("/")
    def correct(
        self,
        pilot_id: FromPath[UUID],
        data: JSONBody[CorrectionCreate],
        write: NamedDependency[Write],
    ) -> Response[PilotRead]:
        """Puts a wrong entry right, with the reason; the pilot's `corrections` keeps the text
        before and after. 404 when the named cycle, reflection or insight does not exist; 409
        when the entry was never filled in, or the text is unchanged."""
        return write.run(the_pilot, lambda: command(Correct, data, pilot_id=pilot_id))


HANDLERS = [CorrectionController]
