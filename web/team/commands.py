"""Adding someone to the team on the web: by the email of their account."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from adapters.bootstrap import Services
from domain.pilot.commands import AssignRole
from web.commands import Exposed
from web.pilots.reads import the_pilot
from web.pilots.schemas import PilotRead
from web.team.members import account_id
from web.team.schemas import MemberCreate


def assignment(data: MemberCreate, params: dict[str, Any], services: Services, actor: UUID) -> Any:
    pilot_id = params["pilot_id"]
    user = account_id(services, pilot_id, actor, data.email)
    return AssignRole(pilot_id, user=user, role=data.role)


COMMANDS = [
    Exposed("members", "/members", AssignRole, MemberCreate, "team", PilotRead, the_pilot,
            form="member", build=assignment, page_path="/team",
            doc="Gives the account with this email a role on the pilot's team (leads only)."),
]  # fmt: skip
