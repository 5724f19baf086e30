"""The reflections API."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from domain.pilot import events
from domain.pilot.commands import RecordReflection
from domain.service import Receipt
from web.openapi import write_route
from web.people import People
from web.reflections.schemas import ReflectionCreate, ReflectionRef
from web.writes import Reply, Write, command, provide_write, recorded


def new_reflection(receipt: Receipt, _: People) -> Reply:
    reflection_id = recorded(receipt, events.ReflectionRecorded).reflection_id
    return Reply(201, ReflectionRef(reflection_id), receipt.pilot.version)


class ReflectionController(Controller):
    path = "/pilots/{pilot_id:uuid}/reflections"
    tags = ["Reflections and question sets"]
    dependencies = {"write": Provide(provide_write)}

    @write_route("/", status_code=201)
    def reflect(
        self,
        pilot_id: FromPath[UUID],
        data: JSONBody[ReflectionCreate],
        write: NamedDependency[Write],
    ) -> Response[ReflectionRef]:
        """Records a reflection: an experience, an observation, what it means, a next step or
        an appreciation, optionally about one cycle."""
        return write.run(new_reflection, lambda: command(RecordReflection, data, pilot_id=pilot_id))


HANDLERS = [ReflectionController]
