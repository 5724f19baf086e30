"""The team API: give the account with an email a role on the pilot, or take someone off."""

from __future__ import annotations

from uuid import UUID

from litestar import Response, delete
from litestar.di import NamedDependency
from litestar.params import FromPath

from domain.pilot.commands import RemoveMember
from web import openapi
from web.commands import api_routes
from web.pilots.reads import the_pilot
from web.pilots.schemas import PilotRead
from web.team.commands import COMMANDS
from web.writes import Write


@openapi.write_route("/pilots/{pilot_id:uuid}/members/{user_id:uuid}", tag="Team", method=delete)
def remove_member(
    pilot_id: FromPath[UUID], user_id: FromPath[UUID], write: NamedDependency[Write]
) -> Response[PilotRead]:
    """Takes someone off the pilot's team (leads only). The last lead stays: make someone else
    lead first (409)."""
    return write.run(the_pilot, lambda: RemoveMember(pilot_id, user=user_id))


HANDLERS = [*api_routes(COMMANDS, "Team"), remove_member]
