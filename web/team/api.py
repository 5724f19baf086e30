"""The team API: give the account with an email a role on the pilot, or take someone off."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response, delete
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from domain.pilot.commands import AssignRole, RemoveMember
from web import openapi
from web.access import writers_only
from web.pilots.reads import the_pilot
from web.pilots.schemas import PilotRead
from web.team.members import account_id
from web.team.schemas import MemberCreate
from web.writes import Write, command, provide_write

Writing = NamedDependency[Write]


class TeamController(Controller):
    path = "/pilots/{pilot_id:uuid}/members"
    tags = ["Team"]
    dependencies = {"write": Provide(provide_write)}

    @openapi.write_route("/")
    def assign_role(
        self, pilot_id: FromPath[UUID], data: JSONBody[MemberCreate], write: Writing
    ) -> Response[PilotRead]:
        """Gives the account with this email a role on the pilot's team (leads only)."""

        def build() -> AssignRole:
            user = account_id(write.services, pilot_id, write.actor, data.email)
            return command(AssignRole, pilot_id=pilot_id, user=user, role=data.role)

        return write.run(the_pilot, build)

    @delete(
        "/{user_id:uuid}",
        status_code=200,
        sync_to_thread=True,
        guards=[writers_only],
        responses=openapi.WRITE,
        response_headers=[openapi.ETAG],
    )
    def remove_member(
        self, pilot_id: FromPath[UUID], user_id: FromPath[UUID], write: Writing
    ) -> Response[PilotRead]:
        """Takes someone off the pilot's team (leads only). The last lead stays: make someone
        else lead first (409)."""
        return write.run(the_pilot, lambda: RemoveMember(pilot_id, user=user_id))


HANDLERS = [TeamController]
