"""The API of where ideas come from: record a story or a workshop, read a workshop; and, from
`web.origins.commands`, revise or withdraw a story, and record and revise what a workshop
produced."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from adapters.accounts import Account
from adapters.bootstrap import Services
from domain.origins import commands as c
from domain.service import Receipt
from web import openapi
from web.access import SERVICES, writers_only
from web.commands import api_routes
from web.origins.commands import STORY, STORY_COMMANDS, WORKSHOP, WORKSHOP_COMMANDS, account
from web.origins.reads import Readable, WorkshopRead, workshop_read
from web.origins.schemas import StoryCreate, StoryRef, WorkshopCreate, WorkshopRef
from web.people import Viewer, person
from web.writes import Reply, Write, command, provide_registration

Writing = NamedDependency[Write]
MAKE: dict[str, Any] = {
    "status_code": 201,
    "sync_to_thread": True,
    "guards": [writers_only],
    "dependencies": {"write": Provide(provide_registration)},
    "responses": openapi.REGISTER,
    "response_headers": [openapi.ETAG],
}


def story_command(data: StoryCreate, services: Services) -> c.RecordStory:
    """The command, with the teller an account (by id or email) or a name."""
    teller = person(services.accounts, "told_by", data.told_by)
    return command(c.RecordStory, data, told_by=teller.account, told_by_name=teller.name)


def workshop_command(data: WorkshopCreate, services: Services) -> c.CreateWorkshop:
    facilitators = [account(services, f"facilitators[{i}]", given)
                    for i, given in enumerate(data.facilitators)]  # fmt: skip
    return command(c.CreateWorkshop, data, facilitators=facilitators)


def new_story(receipt: Receipt, _: Viewer) -> Reply:
    return Reply(StoryRef(receipt.story.id))


def new_workshop(receipt: Receipt, _: Viewer) -> Reply:
    return Reply(WorkshopRef(receipt.workshop.id))


class StoryController(Controller):
    path = "/stories"
    tags = ["Stories and workshops"]
    dependencies = SERVICES

    @post("/", **MAKE)
    def record_story(self, data: JSONBody[StoryCreate], write: Writing) -> Response[StoryRef]:
        """Records a story with its teller's consent (members, leads and admins)."""
        return write.run(new_story, lambda: story_command(data, write.services))


class WorkshopController(Controller):
    path = "/workshops"
    tags = ["Stories and workshops"]
    dependencies = SERVICES

    @post("/", **MAKE)
    def record_workshop(
        self, data: JSONBody[WorkshopCreate], write: Writing
    ) -> Response[WorkshopRef]:
        """Records a workshop that was held, and who facilitated it (leads and admins)."""
        return write.run(new_workshop, lambda: workshop_command(data, write.services))

    @get(
        "/{workshop_id:uuid}",
        sync_to_thread=True,
        responses=openapi.problems(401, 404, 503),
        response_headers=[openapi.ETAG],
    )
    def read_workshop(
        self,
        request: Request[Account, Any, Any],
        workshop_id: FromPath[UUID],
        services: NamedDependency[Services],
    ) -> Response[WorkshopRead]:
        """The workshop as it stands: its facilitators, principles (with the stories the reader
        may read), framing questions and ideas, with each idea's lineage."""
        workshop = services.pilots.workshop(workshop_id)
        readable = Readable(services.pilots, request.user.id, request.user.role)
        read = workshop_read(workshop, readable)
        return Response(read, headers={"ETag": f'"{read.version}"'})


HANDLERS = [
    StoryController,
    WorkshopController,
    *api_routes(STORY_COMMANDS, "Stories and workshops", under=STORY),
    *api_routes(WORKSHOP_COMMANDS, "Stories and workshops", under=WORKSHOP),
]
